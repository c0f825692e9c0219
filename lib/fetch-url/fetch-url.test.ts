import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fetchUrl, FetchUrlError, isAudioMediaType, parseHttpUrl } from "./index";

let server: Server;
let origin: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://x");
    switch (url.pathname) {
      case "/audio.wav":
        response.writeHead(200, { "content-type": "audio/wav" }).end(Buffer.from("RIFF....WAVE"));
        return;
      case "/page":
        response.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end("<html></html>");
        return;
      case "/big":
        response.writeHead(200, { "content-type": "audio/mpeg", "content-length": "5000" }).end(Buffer.alloc(5000));
        return;
      case "/big-chunked": {
        response.writeHead(200, { "content-type": "audio/mpeg" });
        for (let i = 0; i < 10; i++) response.write(Buffer.alloc(1000));
        response.end();
        return;
      }
      case "/slow":
        response.writeHead(200, { "content-type": "audio/wav" });
        response.write("RIFF");
        return; // never ends
      case "/redirect-local":
        response.writeHead(302, { location: "/audio.wav" }).end();
        return;
      case "/redirect-private":
        response.writeHead(302, { location: "http://10.0.0.7/audio.wav" }).end();
        return;
      case "/redirect-metadata":
        response.writeHead(307, { location: "http://169.254.169.254/latest/meta-data/" }).end();
        return;
      case "/redirect-loop":
        response.writeHead(301, { location: "/redirect-loop" }).end();
        return;
      case "/missing":
        response.writeHead(404).end();
        return;
      default:
        response.writeHead(500).end();
    }
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => {
  server.closeAllConnections();
  server.close();
});

const options = { maxBytes: 2000, timeoutMs: 2000, allowLoopback: true, acceptContentType: isAudioMediaType, expected: "audio" };

async function failure(promise: Promise<unknown>): Promise<FetchUrlError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(FetchUrlError);
  return error as FetchUrlError;
}

describe("fetchUrl", () => {
  it("downloads from an allowed address and says what it got", async () => {
    const file = await fetchUrl(`${origin}/audio.wav`, options);
    expect(Buffer.from(file.bytes).toString()).toBe("RIFF....WAVE");
    expect(file).toMatchObject({ contentType: "audio/wav", fileName: "audio.wav", redirects: 0 });
  });

  it("refuses loopback unless the test-only allowance is given", async () => {
    expect((await failure(fetchUrl(`${origin}/audio.wav`, { ...options, allowLoopback: false }))).code).toBe("address_not_allowed");
    expect((await failure(fetchUrl("http://localhost:1/x.wav", { ...options, allowLoopback: false }))).detail.reason).toBe("loopback");
    expect((await failure(fetchUrl("http://[::ffff:127.0.0.1]:1/x.wav", options))).detail.reason).toBe("ipv4-mapped");
  });

  it("refuses private and link-local literals before connecting", async () => {
    expect((await failure(fetchUrl("http://10.0.0.7/a.wav", options))).detail.reason).toBe("private");
    expect((await failure(fetchUrl("http://169.254.169.254/", options))).detail.reason).toBe("link-local");
    expect((await failure(fetchUrl("http://0.0.0.0/", options))).detail.reason).toBe("unspecified");
    expect((await failure(fetchUrl("http://[fd00::1]/", options))).detail.reason).toBe("unique-local");
  });

  it("follows redirects, checking every hop", async () => {
    expect((await fetchUrl(`${origin}/redirect-local`, options)).redirects).toBe(1);
    const toPrivate = await failure(fetchUrl(`${origin}/redirect-private`, options));
    expect(toPrivate).toMatchObject({ code: "address_not_allowed", detail: { address: "10.0.0.7", reason: "private" } });
    expect((await failure(fetchUrl(`${origin}/redirect-metadata`, options))).detail.reason).toBe("link-local");
    expect((await failure(fetchUrl(`${origin}/redirect-loop`, options))).code).toBe("too_many_redirects");
  });

  it("refuses other schemes, credentials and junk", async () => {
    expect(() => parseHttpUrl("file:///etc/passwd")).toThrow(expect.objectContaining({ code: "unsupported_scheme" }));
    expect(() => parseHttpUrl("ftp://example.com/a.wav")).toThrow(expect.objectContaining({ code: "unsupported_scheme" }));
    expect(() => parseHttpUrl("gopher://example.com/")).toThrow(expect.objectContaining({ code: "unsupported_scheme" }));
    expect(() => parseHttpUrl("http://user:pw@example.com/a.wav")).toThrow(expect.objectContaining({ code: "credentials_in_url" }));
    expect(() => parseHttpUrl("not a url")).toThrow(expect.objectContaining({ code: "invalid_url" }));
  });

  it("checks the content type, the size (declared and counted) and the time", async () => {
    expect((await failure(fetchUrl(`${origin}/page`, options))).code).toBe("unsupported_content_type");
    expect((await failure(fetchUrl(`${origin}/big`, options))).code).toBe("too_large");
    expect((await failure(fetchUrl(`${origin}/big-chunked`, options))).code).toBe("too_large");
    expect((await failure(fetchUrl(`${origin}/slow`, { ...options, timeoutMs: 300 }))).code).toBe("timeout");
    expect(await failure(fetchUrl(`${origin}/missing`, options))).toMatchObject({ code: "http_error", detail: { status: 404 } });
  });
});

describe("isAudioMediaType", () => {
  it("accepts audio containers and undeclared bytes, not documents", () => {
    for (const type of ["audio/wav", "audio/mpeg", "video/webm", "application/ogg", "application/octet-stream", ""]) expect(isAudioMediaType(type), type).toBe(true);
    for (const type of ["text/html", "application/json", "image/png", "text/plain"]) expect(isAudioMediaType(type), type).toBe(false);
  });
});
