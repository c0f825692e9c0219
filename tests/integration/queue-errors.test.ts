/**
 * Every way a queue or run request can be refused, and that a refusal costs nothing. Input problems
 * are 422 in FastAPI's shape naming the field (what fal answers and its client parses); audio URLs are
 * fetched from a local server (ALLOW_LOOPBACK_FETCH=1 lets the app reach 127.0.0.1, and nothing else
 * private), which serves audio, a web page, oversized files, slow bodies and redirects to private
 * addresses.
 */
import "./support";
import { randomBytes } from "node:crypto";
import { ValidationError } from "@fal-ai/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createApiUser, ledgerOf, spokenWord, type ApiUser } from "@/tests/support/api-fixtures";
import { MOONSHINE_ID, startApiServer, type ApiServer } from "@/tests/support/api-server";
import { dataUri, falClientFor, localServer, type FalErrorBody, type LocalServer } from "./queue-support";

const MAX_AUDIO_BYTES = 100_000;

let server: ApiServer;
let audio: LocalServer;
let user: ApiUser;

beforeAll(async () => {
  audio = await localServer((request, response) => {
    switch (request.url) {
      case "/seven.wav":
        response.writeHead(200, { "content-type": "audio/wav" }).end(spokenWord("seven"));
        return;
      case "/page.html":
        response.writeHead(200, { "content-type": "text/html" }).end("<!doctype html><title>not audio</title>");
        return;
      case "/big.wav":
        response.writeHead(200, { "content-type": "audio/wav", "content-length": String(MAX_AUDIO_BYTES + 1) }).end(Buffer.alloc(MAX_AUDIO_BYTES + 1));
        return;
      case "/big-chunked.wav":
        response.writeHead(200, { "content-type": "audio/wav" });
        for (let i = 0; i < 30; i++) response.write(Buffer.alloc(10_000));
        response.end();
        return;
      case "/slow.wav":
        response.writeHead(200, { "content-type": "audio/wav" });
        response.write(spokenWord("seven").subarray(0, 100)); // and nothing more, ever
        return;
      case "/garbage.wav":
        response.writeHead(200, { "content-type": "audio/wav" }).end(randomBytes(4000));
        return;
      case "/missing.wav":
        response.writeHead(404).end();
        return;
      case "/to-private":
        response.writeHead(302, { location: "http://10.0.0.7/seven.wav" }).end();
        return;
      case "/to-metadata":
        response.writeHead(307, { location: "http://169.254.169.254/latest/meta-data/" }).end();
        return;
      case "/to-mapped":
        response.writeHead(301, { location: "http://[::ffff:192.168.1.1]/seven.wav" }).end();
        return;
      case "/hop-then-private":
        response.writeHead(302, { location: "/to-private" }).end();
        return;
      default:
        response.writeHead(500).end();
    }
  });
  server = await startApiServer({
    port: 3501,
    env: {
      QUEUE_NAME: `queue-errors-${randomBytes(4).toString("hex")}`,
      ALLOW_LOOPBACK_FETCH: "1",
      API_MAX_AUDIO_BYTES: String(MAX_AUDIO_BYTES),
      FETCH_URL_TIMEOUT_SECONDS: "2",
    },
  });
  user = await createApiUser({ creditMicroUsd: 1_000_000 });
});

afterAll(async () => {
  await server?.stop();
  await audio?.close();
});

/** A 16 kHz mono 16-bit WAV of a quiet 440 Hz tone. */
function toneWav(seconds: number): Buffer {
  const samples = Math.round(seconds * 16_000);
  const wav = Buffer.alloc(44 + samples * 2);
  wav.write("RIFF", 0);
  wav.writeUInt32LE(36 + samples * 2, 4);
  wav.write("WAVEfmt ", 8);
  wav.writeUInt32LE(16, 16);
  wav.writeUInt16LE(1, 20);
  wav.writeUInt16LE(1, 22);
  wav.writeUInt32LE(16_000, 24);
  wav.writeUInt32LE(32_000, 28);
  wav.writeUInt16LE(2, 32);
  wav.writeUInt16LE(16, 34);
  wav.write("data", 36);
  wav.writeUInt32LE(samples * 2, 40);
  for (let i = 0; i < samples; i++) wav.writeInt16LE(Math.round(3000 * Math.sin((2 * Math.PI * 440 * i) / 16_000)), 44 + i * 2);
  return wav;
}

async function submit(body: unknown, options: { key?: string; path?: string; query?: string } = {}): Promise<{ status: number; body: FalErrorBody }> {
  const response = await fetch(`${server.origin}/queue/${options.path ?? MOONSHINE_ID}${options.query ?? ""}`, {
    method: "POST",
    headers: { ...(options.key === "" ? {} : { authorization: `Key ${options.key ?? user.key}` }), "content-type": "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as FalErrorBody };
}

/** The 422's entries as [field, type]. */
function fields(body: FalErrorBody): [string, string][] {
  expect(Array.isArray(body.detail)).toBe(true);
  return (body.detail as { loc: (string | number)[]; type: string }[]).map((d) => [d.loc.join("."), d.type]);
}

async function refusedAudio(audioUrl: string, type: string): Promise<string> {
  const { status, body } = await submit({ audio_url: audioUrl });
  expect(status, audioUrl).toBe(422);
  expect(fields(body), audioUrl).toEqual([["body.audio_url", type]]);
  return (body.detail as { msg: string }[])[0]!.msg;
}

describe("input validation: 422 naming the field", () => {
  it("requires audio_url", async () => {
    const { status, body } = await submit({});
    expect(status).toBe(422);
    expect(fields(body)).toEqual([["body.audio_url", "missing"]]);
  });

  it("refuses language and acceleration values outside the schema's enums, listing the allowed ones", async () => {
    const language = await submit({ audio_url: dataUri(spokenWord("seven")), language: "klingon" });
    expect(language.status).toBe(422);
    expect(fields(language.body)).toEqual([["body.language", "enum"]]);
    expect((language.body.detail as { msg: string }[])[0]!.msg).toContain("auto, en-US, en-GB, en");

    const acceleration = await submit({ audio_url: dataUri(spokenWord("seven")), acceleration: "turbo" });
    expect(fields(acceleration.body)).toEqual([["body.acceleration", "enum"]]);
    expect((acceleration.body.detail as { msg: string }[])[0]!.msg).toContain("none, regular, high, full");
  });

  it("refuses a language the model does not speak, even one in the seed's list", async () => {
    const { body } = await submit({ audio_url: dataUri(spokenWord("seven")), language: "de-DE" });
    expect(fields(body)).toEqual([["body.language", "enum"]]);
  });

  it("reports every problem at once, and wrong types by name", async () => {
    const { body } = await submit({ language: "xx", acceleration: 3 });
    expect(fields(body)).toEqual([
      ["body.audio_url", "missing"],
      ["body.language", "enum"],
      ["body.acceleration", "enum"],
    ]);
    expect(fields((await submit({ audio_url: 42 })).body)).toEqual([["body.audio_url", "string_type"]]);
    expect(fields((await submit("{not json")).body)).toEqual([["body", "json_invalid"]]);
  });

  it("is what fal's client raises as ValidationError with field errors", async () => {
    const fal = falClientFor(server.origin, user.key);
    const error = await fal.queue.submit(MOONSHINE_ID, { input: { audio_url: dataUri(spokenWord("seven")), language: "xx" } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).status).toBe(422);
    expect((error as ValidationError).getFieldErrors("language")).toHaveLength(1);
  });

  it("refuses a webhook URL it could never call", async () => {
    const { status, body } = await submit({ audio_url: dataUri(spokenWord("seven")) }, { query: "?fal_webhook=ftp%3A%2F%2Fexample.com%2Fhook" });
    expect(status).toBe(422);
    expect(fields(body)).toEqual([["query.fal_webhook", "url_scheme"]]);
  });
});

describe("audio_url: only public http(s), checked on every hop", () => {
  it("refuses other schemes", async () => {
    await refusedAudio("file:///etc/passwd", "url_scheme");
    await refusedAudio("ftp://example.com/speech.wav", "url_scheme");
    await refusedAudio("gopher://example.com/", "url_scheme");
    await refusedAudio("http://user:secret@example.com/a.wav", "url_scheme");
  });

  it("refuses private, link-local, unique-local, unspecified and IPv4-mapped addresses", async () => {
    expect(await refusedAudio("http://10.0.0.5/a.wav", "url_not_allowed")).toContain("private");
    expect(await refusedAudio("http://192.168.1.20:8080/a.wav", "url_not_allowed")).toContain("private");
    expect(await refusedAudio("http://169.254.169.254/latest/meta-data/", "url_not_allowed")).toContain("link-local");
    expect(await refusedAudio("http://[fd12:3456::1]/a.wav", "url_not_allowed")).toContain("unique-local");
    expect(await refusedAudio("http://0.0.0.0:3501/a.wav", "url_not_allowed")).toContain("unspecified");
    expect(await refusedAudio("http://[::ffff:127.0.0.1]:3501/a.wav", "url_not_allowed")).toContain("ipv4-mapped");
  });

  it("refuses redirects to private addresses, however many hops in", async () => {
    expect(await refusedAudio(`${audio.origin}/to-private`, "url_not_allowed")).toContain("10.0.0.7");
    expect(await refusedAudio(`${audio.origin}/to-metadata`, "url_not_allowed")).toContain("169.254.169.254");
    expect(await refusedAudio(`${audio.origin}/to-mapped`, "url_not_allowed")).toContain("ipv4-mapped");
    expect(await refusedAudio(`${audio.origin}/hop-then-private`, "url_not_allowed")).toContain("10.0.0.7");
  });

  it("refuses files over the size limit, declared or not, and data URIs too", async () => {
    await refusedAudio(`${audio.origin}/big.wav`, "file_too_large");
    await refusedAudio(`${audio.origin}/big-chunked.wav`, "file_too_large");
    await refusedAudio(dataUri(Buffer.alloc(MAX_AUDIO_BYTES + 10)), "file_too_large");
  });

  it("refuses what is not audio, by declared type and by content", async () => {
    expect(await refusedAudio(`${audio.origin}/page.html`, "unsupported_file_type")).toContain("text/html");
    await refusedAudio(dataUri(Buffer.from("hello"), "text/plain"), "unsupported_file_type");
    const garbage = await submit({ audio_url: `${audio.origin}/garbage.wav` });
    expect(garbage.status).toBe(422);
    expect(fields(garbage.body)).toEqual([["body.audio_url", expect.stringMatching(/^(unsupported_file_type|corrupt_audio)$/)]]);
  });

  it("refuses audio over the model's length limit", async () => {
    // 2.5 s: moonshine-micro takes one word in about a second.
    expect(await refusedAudio(dataUri(toneWav(2.5)), "audio_too_long")).toMatch(/long/i);
  });

  it("says when the download fails or takes too long", async () => {
    expect(await refusedAudio(`${audio.origin}/missing.wav`, "file_download_error")).toContain("404");
    await refusedAudio(`${audio.origin}/slow.wav`, "file_download_timeout");
    await refusedAudio("http://no-such-host.invalid/a.wav", "file_download_error");
  });

  it("takes a public-enough URL (here the allowed local server) and transcribes it", async () => {
    const response = await fetch(`${server.origin}/run/${MOONSHINE_ID}`, {
      method: "POST",
      headers: { authorization: `Key ${user.key}`, "content-type": "application/json" },
      body: JSON.stringify({ audio_url: `${audio.origin}/seven.wav` }),
    });
    expect(await response.json()).toEqual({ output: "seven", partial: false });
  });
});

describe("keys, models and credit", () => {
  it("needs a valid key (401)", async () => {
    const missing = await submit({ audio_url: dataUri(spokenWord("seven")) }, { key: "" });
    expect(missing.status).toBe(401);
    expect(missing.body.code).toBe("missing_api_key");
    const wrong = await submit({ audio_url: dataUri(spokenWord("seven")) }, { key: "gr_live_not-a-real-key-000000000000000000000000" });
    expect(wrong.status).toBe(401);
    expect(typeof wrong.body.detail).toBe("string");
  });

  it("answers 404 for unknown and coming-soon models and unknown sub-endpoints", async () => {
    const body = { audio_url: dataUri(spokenWord("seven")) };
    expect((await submit(body, { path: "nobody/no-such-model" })).body.code).toBe("model_not_found");
    expect((await submit(body, { path: "openai/whisper-large-v3" })).body.code).toBe("model_not_live");
    const sub = await submit(body, { path: `${MOONSHINE_ID}/text-to-image` });
    expect(sub.status).toBe(404);
    expect(sub.body.code).toBe("endpoint_not_found");
  });

  it("answers 402 with the shortfall when credit is short", async () => {
    const poor = await createApiUser({ creditMicroUsd: 5 });
    const { status, body } = await submit({ audio_url: dataUri(spokenWord("seven")) }, { key: poor.key });
    expect(status).toBe(402);
    expect(body.code).toBe("insufficient_credit");
    expect(body.detail).toMatch(/\$/);
  });

  it("charged nothing and queued nothing for any of the refusals above", async () => {
    const holds = (await ledgerOf(user.userId)).filter((e) => e.kind === "hold");
    // The one accepted request (the local audio server test) and nothing else.
    expect(holds).toHaveLength(1);
    expect(await db.queueJob.count({ where: { userId: user.userId } })).toBe(1);
    const refused = await db.apiRequest.count({ where: { userId: user.userId, status: 422 } });
    expect(refused).toBeGreaterThanOrEqual(20);
  });
});
