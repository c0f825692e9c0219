/**
 * gigarouter's file storage: uploads in one request (multipart or raw bytes) and through fal's own
 * client (`fal.storage.upload`: initiate, then PUT to the returned URL), served back by URL, usable as
 * audio_url (read from storage, not fetched over HTTP), and refused when not audio, too large or
 * without a key.
 */
import "./support";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiUser, spokenWord, type ApiUser } from "@/tests/support/api-fixtures";
import { MOONSHINE_ID, startApiServer, type ApiServer } from "@/tests/support/api-server";
import { falClientFor, type FalErrorBody } from "./queue-support";

const MAX_AUDIO_BYTES = 100_000;
let server: ApiServer;
let user: ApiUser;

beforeAll(async () => {
  server = await startApiServer({
    port: 3505,
    env: { QUEUE_NAME: `files-${randomBytes(4).toString("hex")}`, API_MAX_AUDIO_BYTES: String(MAX_AUDIO_BYTES) },
  });
  user = await createApiUser({ creditMicroUsd: 1_000_000 });
});

afterAll(async () => {
  await server?.stop();
});

interface Uploaded {
  url: string;
  file_url: string;
  file_name: string;
  content_type: string;
  file_size: number;
}

async function upload(body: BodyInit, headers: Record<string, string>, key: string | null = user.key): Promise<Response> {
  return fetch(`${server.origin}/api/files`, { method: "POST", headers: { ...(key ? { authorization: `Key ${key}` } : {}), ...headers }, body });
}

describe("uploads", () => {
  it("stores a multipart upload and serves it back at the returned URL", async () => {
    const clip = spokenWord("seven");
    const form = new FormData();
    form.append("file", new Blob([new Uint8Array(clip)], { type: "audio/wav" }), "seven.wav");
    const response = await upload(form, {});
    expect(response.status).toBe(201);
    const file = (await response.json()) as Uploaded;
    expect(file).toMatchObject({ file_name: "seven.wav", content_type: "audio/wav", file_size: clip.byteLength });
    expect(file.url).toMatch(new RegExp(`^${server.origin}/api/files/[A-Za-z0-9_-]{22}$`));

    const served = await fetch(file.url);
    expect(served.headers.get("content-type")).toBe("audio/wav");
    expect(Buffer.from(await served.arrayBuffer()).equals(clip)).toBe(true);
  });

  it("stores raw bytes with their Content-Type and X-File-Name", async () => {
    const response = await upload(new Uint8Array(spokenWord("nine")), { "content-type": "audio/x-wav", "x-file-name": "nine.wav" });
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({ file_name: "nine.wav", content_type: "audio/x-wav" });
  });

  it("works with fal's client: storage.upload, then the URL as audio_url", async () => {
    const fal = falClientFor(server.origin, user.key);
    const url = await fal.storage.upload(new Blob([new Uint8Array(spokenWord("seven"))], { type: "audio/wav" }));
    expect(url.startsWith(`${server.origin}/api/files/`)).toBe(true);
    const result = await fal.subscribe(MOONSHINE_ID, { input: { audio_url: url }, logs: true, pollInterval: 100 });
    expect(result.data).toEqual({ output: "seven", partial: false });
    const status = (await fal.queue.status(MOONSHINE_ID, { requestId: result.requestId, logs: true })) as unknown as { logs: { message: string }[] };
    expect(status.logs[0]!.message).toMatch(/uploaded file/);
  });

  it("uses an upload URL once: a second PUT to it is refused", async () => {
    const initiated = await fetch(`${server.origin}/api/files/upload/initiate`, {
      method: "POST",
      headers: { authorization: `Key ${user.key}`, "content-type": "application/json" },
      body: JSON.stringify({ content_type: "audio/wav", file_name: "once.wav" }),
    });
    const { upload_url, file_url } = (await initiated.json()) as { upload_url: string; file_url: string };
    // Not served before its bytes arrive.
    expect((await fetch(file_url)).status).toBe(404);
    const first = await fetch(upload_url, { method: "PUT", body: new Uint8Array(spokenWord("two")) });
    expect(first.status).toBe(200);
    const second = await fetch(upload_url, { method: "PUT", body: new Uint8Array(spokenWord("three")) });
    expect(second.status).toBe(404);
    expect(Buffer.from(await (await fetch(file_url)).arrayBuffer()).equals(spokenWord("two"))).toBe(true);
  });
});

describe("refused uploads", () => {
  it("needs a key", async () => {
    const response = await upload(new Uint8Array(spokenWord("seven")), { "content-type": "audio/wav" }, null);
    expect(response.status).toBe(401);
  });

  it("holds audio only", async () => {
    const text = await upload("Hello, World!", { "content-type": "text/plain" });
    expect(text.status).toBe(415);
    expect(((await text.json()) as FalErrorBody).code).toBe("unsupported_file_type");
    const initiate = await fetch(`${server.origin}/api/files/upload/initiate`, {
      method: "POST",
      headers: { authorization: `Key ${user.key}`, "content-type": "application/json" },
      body: JSON.stringify({ content_type: "text/html", file_name: "page.html" }),
    });
    expect(initiate.status).toBe(415);
  });

  it("refuses files over the size limit", async () => {
    const response = await upload(new Uint8Array(MAX_AUDIO_BYTES + 1), { "content-type": "audio/wav" });
    expect(response.status).toBe(413);
  });

  it("serves nothing for unknown ids", async () => {
    expect((await fetch(`${server.origin}/api/files/${randomBytes(16).toString("base64url")}`)).status).toBe(404);
    expect((await fetch(`${server.origin}/api/files/..%2F..%2Fetc%2Fpasswd`)).status).toBe(404);
  });
});
