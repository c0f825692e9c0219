/**
 * The OpenAI-compatible API as its users meet it: the official `openai` npm client, unchanged except
 * for baseURL and apiKey, against the built site served by `next start`. Every response format, word
 * and segment timestamps, streaming, translation, the models list, and the JSON (data URI) body.
 */
import "./support";
import OpenAI, { toFile } from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getBalance } from "@/lib/credits";
import { db } from "@/lib/db";
import { createApiUser, ledgerOf, speechClip, spokenWord, type ApiUser } from "@/tests/support/api-fixtures";
import { CANARY_ID, MOONSHINE_ID, startApiServer, type ApiServer } from "@/tests/support/api-server";
import { localServer } from "./queue-support";

let server: ApiServer;
let user: ApiUser;
let client: OpenAI;
const START_CREDIT = 1_000_000; // $1

beforeAll(async () => {
  // Loopback fetching on, so an audio_url can point at a local file server (tests only).
  server = await startApiServer({ port: 3400, env: { ALLOW_LOOPBACK_FETCH: "1" } });
  user = await createApiUser({ creditMicroUsd: START_CREDIT });
  client = new OpenAI({ apiKey: user.key, baseURL: server.baseURL, maxRetries: 0 });
});

afterAll(async () => {
  await server?.stop();
});

const seven = () => toFile(spokenWord("seven"), "seven.wav", { type: "audio/wav" });
const speech = () => toFile(speechClip(), "speech.wav", { type: "audio/wav" });

// moonshine-micro: $0.001 per minute -> 1 s costs ceil(1000 / 60) = 17 micro-dollars.
const ONE_SECOND_MOONSHINE = 17;
// canary-1b-flash: $0.0034 per minute; the 7.1 s clip bills 8 s -> ceil(8 * 3400 / 60) = 454.
const SPEECH_CLIP_CANARY = 454;

describe("POST /v1/audio/transcriptions through the openai client", () => {
  it("answers json by default with OpenAI's usage block plus the cost, and charges exactly once", async () => {
    const before = await getBalance(user.userId);
    const { data, response } = await client.audio.transcriptions
      .create({ file: await seven(), model: "moonshine-micro" })
      .withResponse();

    expect(data).toEqual({ text: "seven", usage: { type: "duration", seconds: 1 }, cost: ONE_SECOND_MOONSHINE / 1e6 });
    const requestId = response.headers.get("x-request-id")!;
    expect(requestId).toMatch(/^req_/);
    expect(response.headers.get("x-gigarouter-cost-usd")).toBe("0.000017");

    const after = await getBalance(user.userId);
    expect(before.availableMicroUsd - after.availableMicroUsd).toBe(ONE_SECOND_MOONSHINE);
    expect(after.heldMicroUsd).toBe(0);
    const entries = (await ledgerOf(user.userId)).filter((e) => e.reference === requestId);
    expect(entries.map((e) => e.kind)).toEqual(["hold", "settle"]);
    expect(entries[0]!.amountMicroUsd + entries[1]!.amountMicroUsd).toBe(-ONE_SECOND_MOONSHINE);

    const logged = await db.apiRequest.findUniqueOrThrow({ where: { id: requestId } });
    expect(logged).toMatchObject({ status: 200, model: MOONSHINE_ID, billedSeconds: 1, costMicroUsd: BigInt(ONE_SECOND_MOONSHINE) });
    expect(logged.audioSeconds).toBeCloseTo(1, 3);
  });

  it("accepts the canonical id as well as the short name", async () => {
    const result = await client.audio.transcriptions.create({ file: await seven(), model: MOONSHINE_ID });
    expect(result.text).toBe("seven");
  });

  it("answers text, srt and vtt as plain text with the cost in a header", async () => {
    const text = await client.audio.transcriptions.create({ file: await seven(), model: "moonshine-micro", response_format: "text" });
    expect(text).toBe("seven\n");

    const srt = await client.audio.transcriptions.create({ file: await seven(), model: "moonshine-micro", response_format: "srt" });
    expect(srt).toBe("1\n00:00:00,000 --> 00:00:01,000\nseven\n");

    const { data: vtt, response } = await client.audio.transcriptions
      .create({ file: await seven(), model: "moonshine-micro", response_format: "vtt" })
      .withResponse();
    expect(vtt).toBe("WEBVTT\n\n00:00:00.000 --> 00:00:01.000\nseven\n");
    expect(response.headers.get("content-type")).toMatch(/^text\/vtt/);
    expect(response.headers.get("x-gigarouter-cost-micro-usd")).toBe(String(ONE_SECOND_MOONSHINE));
    expect(response.headers.get("x-gigarouter-billed-seconds")).toBe("1");
  });

  it("answers verbose_json with OpenAI's fields: task, language, duration, text and segments", async () => {
    const result = await client.audio.transcriptions.create({ file: await seven(), model: "moonshine-micro", response_format: "verbose_json" });
    expect(result).toMatchObject({ task: "transcribe", language: "english", duration: 1, text: "seven", usage: { type: "duration", seconds: 1 } });
    expect(result.words).toBeUndefined();
    expect(result.segments).toHaveLength(1);
    const [segment] = result.segments!;
    expect(Object.keys(segment!).sort()).toEqual(
      ["avg_logprob", "compression_ratio", "end", "id", "no_speech_prob", "seek", "start", "temperature", "text", "tokens"].sort(),
    );
    expect(segment).toMatchObject({ id: 0, start: 0, end: 1, text: "seven", tokens: [], temperature: 0 });
    // The classifier's confidence, as a log probability: below 0, far above "failed" (< -1).
    expect(segment!.avg_logprob).toBeLessThan(0);
    expect(segment!.avg_logprob).toBeGreaterThan(-1);
  });

  it("returns word and segment timestamps inside the audio when a model has them", async () => {
    const result = await client.audio.transcriptions.create({
      file: await speech(),
      model: "canary-1b-flash",
      language: "en",
      response_format: "verbose_json",
      timestamp_granularities: ["word", "segment"],
    });
    expect(result.duration).toBeCloseTo(7.1, 1);
    expect(result.words!.length).toBeGreaterThan(0);
    expect(result.segments!.length).toBeGreaterThan(0);
    for (const timed of [...result.words!, ...result.segments!]) {
      expect(timed.start).toBeGreaterThanOrEqual(0);
      expect(timed.end).toBeGreaterThanOrEqual(timed.start);
      expect(timed.end).toBeLessThanOrEqual(result.duration);
    }
    for (const word of result.words!) expect(word.word).toBe(word.word.trim());
    // Word times never run backwards.
    const starts = result.words!.map((w) => w.start);
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    expect(result.usage).toEqual({ type: "duration", seconds: 8 });
  });

  it("returns only words when only word timestamps are asked for", async () => {
    const result = await client.audio.transcriptions.create({
      file: await speech(),
      model: "canary-1b-flash",
      language: "en",
      response_format: "verbose_json",
      timestamp_granularities: ["word"],
    });
    expect(result.words!.length).toBeGreaterThan(0);
    expect(result.segments).toBeUndefined();
  });

  it("streams transcript.text.delta events that join to transcript.text.done, which carries usage and cost", async () => {
    const before = await getBalance(user.userId);
    const stream = await client.audio.transcriptions.create({ file: await speech(), model: "canary-1b-flash", language: "en", stream: true });
    const deltas: string[] = [];
    let done: { text: string; usage?: unknown; cost?: unknown } | undefined;
    for await (const event of stream) {
      if (event.type === "transcript.text.delta") deltas.push(event.delta);
      if (event.type === "transcript.text.done") done = event as typeof done;
    }
    expect(done).toBeDefined();
    expect(deltas.length).toBeGreaterThan(0);
    expect(deltas.join("")).toBe(done!.text);
    expect(done!.usage).toEqual({ type: "duration", seconds: 8 });
    expect(done!.cost).toBe(SPEECH_CLIP_CANARY / 1e6);
    const after = await getBalance(user.userId);
    expect(before.availableMicroUsd - after.availableMicroUsd).toBe(SPEECH_CLIP_CANARY);
    expect(after.heldMicroUsd).toBe(0);
  });
});

describe("POST /v1/audio/translations through the openai client", () => {
  it("translates into English with a model that has the pair; verbose_json says task translate", async () => {
    const before = await getBalance(user.userId);
    // `language` (the spoken language) is our extension: canary cannot detect it. The client sends
    // every body field it is given.
    const params = { file: await speech(), model: "canary-1b-flash", response_format: "verbose_json", language: "de" };
    const result = (await client.audio.translations.create(params as OpenAI.Audio.TranslationCreateParams)) as unknown as {
      task: string;
      language: string;
      text: string;
      usage: unknown;
    };
    expect(result.task).toBe("translate");
    expect(result.language).toBe("english");
    expect(typeof result.text).toBe("string");
    expect(result.usage).toEqual({ type: "duration", seconds: 8 });
    expect(before.availableMicroUsd - (await getBalance(user.userId)).availableMicroUsd).toBe(SPEECH_CLIP_CANARY);
  });

  it("refuses translation on a model that cannot translate: 400 naming `model`, nothing charged", async () => {
    const before = await getBalance(user.userId);
    const error = await client.audio.translations.create({ file: await seven(), model: "moonshine-micro" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error).toMatchObject({ status: 400, param: "model", code: "translation_not_supported" });
    expect((error as Error).message).toMatch(/does not translate/);
    expect(await getBalance(user.userId)).toEqual(before);
  });

  it("asks for the spoken language when the model cannot detect it: 400 naming `language`", async () => {
    const error = await client.audio.translations.create({ file: await speech(), model: "canary-1b-flash" }).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 400, param: "language", code: "language_required" });
  });
});

describe("GET /v1/models", () => {
  it("lists the catalog in OpenAI's list shape with capabilities and prices", async () => {
    const page = await client.models.list();
    const models = page.data as unknown as Array<Record<string, unknown> & { id: string }>;
    const canary = models.find((m) => m.id === CANARY_ID)!;
    expect(canary).toMatchObject({
      object: "model",
      owned_by: "nvidia",
      short_name: "canary-1b-flash",
      status: "live",
      languages: ["en", "de", "fr", "es"],
      capabilities: { timestamps: ["word", "segment"] },
      response_formats: ["json", "text", "srt", "verbose_json", "vtt"],
      pricing: { usd_per_minute: 0.0034, micro_usd_per_minute: 3400 },
    });
    expect(canary.translation_pairs).toContainEqual({ from: "de", to: "en" });
    expect(typeof canary.created).toBe("number");
    const comingSoon = models.filter((m) => m.status === "coming_soon");
    expect(comingSoon.length).toBeGreaterThan(0);
  });

  it("retrieves one model by its id (which has a slash) or its short name", async () => {
    const byId = await client.models.retrieve(CANARY_ID);
    expect(byId.id).toBe(CANARY_ID);
    const byShortName = await client.models.retrieve("moonshine-micro");
    expect(byShortName.id).toBe(MOONSHINE_ID);
    const plain = await fetch(`${server.baseURL}/models/${CANARY_ID}`);
    expect(plain.status).toBe(200);
    expect(((await plain.json()) as { id: string }).id).toBe(CANARY_ID);
  });

  it("answers 404 model_not_found for a model that is not in the catalog", async () => {
    const error = await client.models.retrieve("acme/no-such-model").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
    expect(error).toMatchObject({ code: "model_not_found" });
  });
});

describe("JSON bodies and other clients", () => {
  it("accepts a JSON body with the audio as a base64 data URI in audio_url", async () => {
    const response = await fetch(`${server.baseURL}/audio/transcriptions`, {
      method: "POST",
      headers: { authorization: `Bearer ${user.key}`, "content-type": "application/json" },
      body: JSON.stringify({
        model: "moonshine-micro",
        audio_url: `data:audio/wav;base64,${spokenWord("seven").toString("base64")}`,
        response_format: "verbose_json",
      }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ text: "seven", task: "transcribe", usage: { type: "duration", seconds: 1 } });
  });

  it("fetches an http(s) audio_url and transcribes it", async () => {
    const local = await localServer((_request, response) => {
      response.writeHead(200, { "content-type": "audio/wav" }).end(spokenWord("seven"));
    });
    try {
      const response = await fetch(`${server.baseURL}/audio/transcriptions`, {
        method: "POST",
        headers: { authorization: `Bearer ${user.key}`, "content-type": "application/json" },
        body: JSON.stringify({ model: "moonshine-micro", audio_url: `${local.origin}/seven.wav` }),
      });
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ text: "seven", usage: { type: "duration", seconds: 1 } });
    } finally {
      await local.close();
    }
  });

  it("accepts `Authorization: Key <key>` as well as Bearer", async () => {
    const form = new FormData();
    form.append("file", new Blob([new Uint8Array(spokenWord("seven"))]), "seven.wav");
    form.append("model", "moonshine-micro");
    const response = await fetch(`${server.baseURL}/audio/transcriptions`, {
      method: "POST",
      headers: { authorization: `Key ${user.key}` },
      body: form,
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { text: string }).text).toBe("seven");
  });

  it("echoes a caller's x-client-request-id but always issues its own request id", async () => {
    const form = new FormData();
    form.append("file", new Blob([new Uint8Array(spokenWord("seven"))]), "seven.wav");
    form.append("model", "moonshine-micro");
    const response = await fetch(`${server.baseURL}/audio/transcriptions`, {
      method: "POST",
      headers: { authorization: `Bearer ${user.key}`, "x-request-id": "req_mine", "x-client-request-id": "trace-42" },
      body: form,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("x-client-request-id")).toBe("trace-42");
    expect(response.headers.get("x-request-id")).toMatch(/^req_[0-9a-f]{32}$/);
  });
});
