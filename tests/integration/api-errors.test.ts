/**
 * Every way a request can be refused, through the official `openai` client (and plain fetch where
 * the client would not send it): the status, OpenAI's error envelope with a `param` naming the field,
 * a request id on every response, and nothing charged.
 */
import "./support";
import OpenAI, { toFile } from "openai";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { revokeApiKey } from "@/lib/api-keys";
import { getBalance, type Balance } from "@/lib/credits";
import { db } from "@/lib/db";
import { addKey, createApiUser, ledgerOf, longClip, spokenWord, type ApiUser } from "@/tests/support/api-fixtures";
import { startApiServer, type ApiServer } from "@/tests/support/api-server";
import { localServer } from "./queue-support";

let server: ApiServer;
let user: ApiUser;
let client: OpenAI;
let balanceBefore: Balance;
const MAX_AUDIO_BYTES = 2 * 1024 * 1024;

beforeAll(async () => {
  // A small upload limit keeps the "huge file" test quick; the limit is a setting like any other.
  server = await startApiServer({ port: 3401, env: { API_MAX_AUDIO_BYTES: String(MAX_AUDIO_BYTES) } });
  user = await createApiUser({ creditMicroUsd: 1_000_000 });
  client = new OpenAI({ apiKey: user.key, baseURL: server.baseURL, maxRetries: 0 });
});

afterAll(async () => {
  await server?.stop();
});

beforeEach(async () => {
  balanceBefore = await getBalance(user.userId);
});

const wav = (bytes: Uint8Array, name = "clip.wav") => toFile(bytes, name, { type: "audio/wav" });
const seven = () => wav(spokenWord("seven"));

interface ApiFailure {
  status: number;
  code: string | null;
  param: string | null;
  type: string;
  message: string;
  requestID: string | null;
}

/** The client's error for a call that must fail, with the envelope's fields. */
async function failure(call: Promise<unknown>): Promise<ApiFailure> {
  const error = await call.then(
    () => {
      throw new Error("expected the request to fail");
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(OpenAI.APIError);
  const apiError = error as InstanceType<typeof OpenAI.APIError>;
  expect(apiError.requestID).toMatch(/^req_/);
  return {
    status: apiError.status as number,
    code: apiError.code ?? null,
    param: apiError.param ?? null,
    type: (apiError.type as string) ?? "",
    message: apiError.message,
    requestID: apiError.requestID ?? null,
  };
}

async function expectNothingCharged(): Promise<void> {
  expect(await getBalance(user.userId)).toEqual(balanceBefore);
}

/** A raw multipart request, for field values the typed client would not send. */
async function postForm(fields: Record<string, string | Blob>, key = user.key): Promise<Response> {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  return fetch(`${server.baseURL}/audio/transcriptions`, { method: "POST", headers: { authorization: `Bearer ${key}` }, body: form });
}

async function envelope(response: Response) {
  expect(response.headers.get("x-request-id")).toMatch(/^req_/);
  return ((await response.json()) as { error: { message: string; type: string; param: string | null; code: string | null } }).error;
}

describe("authentication", () => {
  it("refuses a wrong key with 401 invalid_api_key and shows only a redacted form of it", async () => {
    const stranger = new OpenAI({ apiKey: "gr_live_" + "x".repeat(43), baseURL: server.baseURL, maxRetries: 0 });
    const error = await failure(stranger.audio.transcriptions.create({ file: await seven(), model: "moonshine-micro" }));
    expect(error).toMatchObject({ status: 401, code: "invalid_api_key", type: "authentication_error" });
    expect(error.message).not.toContain("x".repeat(20));
  });

  it("refuses a request without a key with 401 missing_api_key", async () => {
    const response = await fetch(`${server.baseURL}/audio/transcriptions`, { method: "POST", body: new FormData() });
    expect(response.status).toBe(401);
    expect(await envelope(response)).toMatchObject({ code: "missing_api_key", type: "authentication_error" });
  });

  it("refuses a revoked key and an expired key", async () => {
    const revoked = await addKey(user.userId);
    await revokeApiKey(user.userId, revoked.keyId);
    const revokedClient = new OpenAI({ apiKey: revoked.key, baseURL: server.baseURL, maxRetries: 0 });
    expect(await failure(revokedClient.audio.transcriptions.create({ file: await seven(), model: "moonshine-micro" }))).toMatchObject({
      status: 401,
      code: "api_key_revoked",
    });

    const expired = await addKey(user.userId, { expiresInDays: 1 });
    await db.apiKey.update({ where: { id: expired.keyId }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const expiredClient = new OpenAI({ apiKey: expired.key, baseURL: server.baseURL, maxRetries: 0 });
    expect(await failure(expiredClient.audio.transcriptions.create({ file: await seven(), model: "moonshine-micro" }))).toMatchObject({
      status: 401,
      code: "api_key_expired",
    });
    await expectNothingCharged();
  });
});

describe("endpoints", () => {
  it("answers an endpoint we do not serve with OpenAI's envelope, not an HTML page", async () => {
    const error = await failure(client.embeddings.create({ model: "moonshine-micro", input: "hello" }));
    expect(error).toMatchObject({ status: 404, code: "unknown_endpoint" });
    expect(error.message).toContain("POST /v1/embeddings");
  });
});

describe("models", () => {
  it("answers 404 model_not_found naming `model` for a model that does not exist", async () => {
    const error = await failure(client.audio.transcriptions.create({ file: await seven(), model: "whisper-1" }));
    expect(error).toMatchObject({ status: 404, code: "model_not_found", param: "model" });
    await expectNothingCharged();
  });

  it("answers 404 model_not_live for a coming-soon model, saying so and linking its page", async () => {
    const error = await failure(client.audio.transcriptions.create({ file: await seven(), model: "whisper-large-v3" }));
    expect(error).toMatchObject({ status: 404, code: "model_not_live", param: "model" });
    expect(error.message).toMatch(/coming soon/);
    expect(error.message).toContain(`${server.origin}/models/openai/whisper-large-v3`);
    await expectNothingCharged();
  });

  it("refuses a capability the model lacks with 400 naming the parameter", async () => {
    const words = await failure(
      client.audio.transcriptions.create({ file: await seven(), model: "moonshine-micro", response_format: "verbose_json", timestamp_granularities: ["word"] }),
    );
    expect(words).toMatchObject({ status: 400, param: "timestamp_granularities[]", code: "unsupported_timestamp_granularity" });

    const language = await failure(client.audio.transcriptions.create({ file: await seven(), model: "moonshine-micro", language: "de" }));
    expect(language).toMatchObject({ status: 400, param: "language", code: "unsupported_language" });
    await expectNothingCharged();
  });
});

describe("request fields", () => {
  it("refuses an unsupported response_format with 400 naming it", async () => {
    const error = await failure(
      client.audio.transcriptions.create({ file: await seven(), model: "moonshine-micro", response_format: "xml" as "json" }),
    );
    expect(error).toMatchObject({ status: 400, param: "response_format", code: "invalid_value" });
  });

  it("refuses timestamp granularities outside verbose_json, as OpenAI does", async () => {
    const error = await failure(
      client.audio.transcriptions.create({ file: await seven(), model: "canary-1b-flash", language: "en", timestamp_granularities: ["segment"] }),
    );
    expect(error).toMatchObject({ status: 400, param: "timestamp_granularities[]" });
  });

  it.each([
    ["a temperature that is not a number", { temperature: "hot" }, "temperature"],
    ["a temperature above 1", { temperature: "1.5" }, "temperature"],
    ["a stream flag that is not a boolean", { stream: "maybe" }, "stream"],
    ["an unknown timestamp granularity", { "timestamp_granularities[]": "sentence", response_format: "verbose_json" }, "timestamp_granularities[]"],
    ["a file sent as a text field", { file: "not a file" }, "file"],
    ["no model", { model: "" }, "model"],
  ])("refuses %s with 400 naming the field", async (_what, fields, param) => {
    const response = await postForm({ file: new Blob([new Uint8Array(spokenWord("seven"))]), model: "moonshine-micro", ...fields });
    expect(response.status).toBe(400);
    expect(await envelope(response)).toMatchObject({ param, type: "invalid_request_error" });
    await expectNothingCharged();
  });

  it("refuses a request without a file with 400 naming `file`", async () => {
    const response = await postForm({ model: "moonshine-micro" });
    expect(response.status).toBe(400);
    expect(await envelope(response)).toMatchObject({ param: "file", code: "missing_file" });
  });

  it("refuses wrong JSON field types with 400", async () => {
    const response = await fetch(`${server.baseURL}/audio/transcriptions`, {
      method: "POST",
      headers: { authorization: `Bearer ${user.key}`, "content-type": "application/json" },
      body: JSON.stringify({ model: 42, audio_url: "data:audio/wav;base64,AAAA" }),
    });
    expect(response.status).toBe(400);
    expect(await envelope(response)).toMatchObject({ param: "model" });
  });

  it("refuses a body that is neither multipart nor JSON with 415", async () => {
    const response = await fetch(`${server.baseURL}/audio/transcriptions`, {
      method: "POST",
      headers: { authorization: `Bearer ${user.key}`, "content-type": "text/plain" },
      body: "hello",
    });
    expect(response.status).toBe(415);
    expect(await envelope(response)).toMatchObject({ code: "unsupported_media_type" });
  });
});

describe("audio files", () => {
  it("refuses an empty file with 400", async () => {
    const error = await failure(client.audio.transcriptions.create({ file: await wav(new Uint8Array(0)), model: "moonshine-micro" }));
    expect(error).toMatchObject({ status: 400, param: "file", code: "empty_file" });
    await expectNothingCharged();
  });

  it("refuses a file that is not audio with 415 listing what is supported", async () => {
    const text = new TextEncoder().encode("This is a text file, not a recording.\n".repeat(20));
    const error = await failure(client.audio.transcriptions.create({ file: await wav(text, "notes.wav"), model: "moonshine-micro" }));
    expect(error).toMatchObject({ status: 415, param: "file", code: "unsupported_audio_format" });
    expect(error.message).toMatch(/WAV/i);
    await expectNothingCharged();
  });

  it("refuses a corrupt (truncated) recording with 422", async () => {
    const clip = spokenWord("seven");
    const cut = new Uint8Array(clip.subarray(0, Math.floor(clip.length / 2)));
    const error = await failure(client.audio.transcriptions.create({ file: await wav(cut), model: "moonshine-micro" }));
    expect(error.status).toBe(422);
    expect(error.param).toBe("file");
    expect(error.code).toMatch(/truncated_audio|corrupt_audio/);
    await expectNothingCharged();
  });

  it("refuses a file over the size limit with 413 before decoding it", async () => {
    const huge = new Uint8Array(MAX_AUDIO_BYTES + 64 * 1024);
    huge.set(spokenWord("seven").subarray(0, 44));
    const error = await failure(client.audio.transcriptions.create({ file: await wav(huge), model: "moonshine-micro" }));
    expect(error).toMatchObject({ status: 413, param: "file", code: "file_too_large" });
    await expectNothingCharged();
  });

  it("refuses an upload far over the limit with 413 too (read and dropped, so the client gets the answer)", async () => {
    const huge = new Uint8Array(MAX_AUDIO_BYTES * 3);
    const error = await failure(client.audio.transcriptions.create({ file: await wav(huge), model: "moonshine-micro" }));
    expect(error).toMatchObject({ status: 413, param: "file", code: "file_too_large" });
    expect(error.message).toContain("2 MiB");
  });

  it("refuses audio longer than the model accepts with 413, before any charge", async () => {
    const error = await failure(client.audio.transcriptions.create({ file: await toFile(longClip(), "jfk.flac"), model: "moonshine-micro" }));
    expect(error).toMatchObject({ status: 413, param: "file", code: "audio_too_long" });
    await expectNothingCharged();
  });

  it("logs refused requests with their status and error code, at no cost", async () => {
    const error = await failure(client.audio.transcriptions.create({ file: await wav(new Uint8Array(0)), model: "moonshine-micro" }));
    const row = await db.apiRequest.findUniqueOrThrow({ where: { id: error.requestID! } });
    expect(row).toMatchObject({ status: 400, errorCode: "empty_file", costMicroUsd: 0n, apiKeyId: user.keyId });
    // No hold was ever placed for a refused request.
    expect((await ledgerOf(user.userId)).some((e) => e.reference === error.requestID)).toBe(false);
  });
});

describe("rate limits", () => {
  it("answers 429 with Retry-After once a key passes its requests per minute", async () => {
    const limited = await addKey(user.userId, { rateLimitPerMinute: 2 });
    const limitedClient = new OpenAI({ apiKey: limited.key, baseURL: server.baseURL, maxRetries: 0 });
    for (let i = 0; i < 2; i++) {
      expect((await limitedClient.audio.transcriptions.create({ file: await seven(), model: "moonshine-micro" })).text).toBe("seven");
    }
    const error = await limitedClient.audio.transcriptions.create({ file: await seven(), model: "moonshine-micro" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    const rateError = error as InstanceType<typeof OpenAI.RateLimitError>;
    expect(rateError.code).toBe("rate_limit_exceeded");
    expect(Number(rateError.headers.get("retry-after"))).toBeGreaterThan(0);
    // Another key of the same user has its own budget.
    expect((await client.audio.transcriptions.create({ file: await seven(), model: "moonshine-micro" })).text).toBe("seven");
  });
});

describe("audio_url pointing into the server's own network", () => {
  it("is refused with a 422 naming audio_url before anything is fetched or charged", async () => {
    let fetched = false;
    const local = await localServer((_request, response) => {
      fetched = true;
      response.writeHead(200, { "content-type": "audio/wav" }).end(spokenWord("seven"));
    });
    try {
      const response = await fetch(`${server.baseURL}/audio/transcriptions`, {
        method: "POST",
        headers: { authorization: `Bearer ${user.key}`, "content-type": "application/json" },
        body: JSON.stringify({ model: "moonshine-micro", audio_url: `${local.origin}/seven.wav` }),
      });
      expect(response.status).toBe(422);
      expect(await response.json()).toMatchObject({ error: { param: "audio_url", code: "url_not_allowed" } });
      expect(fetched).toBe(false);
      await expectNothingCharged();
    } finally {
      await local.close();
    }
  });
});
