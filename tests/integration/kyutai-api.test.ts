/**
 * Kyutai STT through the OpenAI-compatible HTTP API with the official `openai` client, the built site
 * pointed at a moshi-server (the stand-in): live in the models list, transcriptions with word times and
 * streaming, charged once like any model.
 */
import "./support";
import OpenAI, { toFile } from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getBalance } from "@/lib/credits";
import { createApiUser, type ApiUser } from "@/tests/support/api-fixtures";
import { startApiServer, type ApiServer } from "@/tests/support/api-server";
import { startMoshiStub, type MoshiStub } from "@/tests/support/moshi-stub";
import { toneBursts, toWav } from "@/tests/support/tone-audio";

let moshi: MoshiStub;
let server: ApiServer;
let user: ApiUser;
let client: OpenAI;

beforeAll(async () => {
  moshi = await startMoshiStub({ port: 3714, label: "pitch" });
  server = await startApiServer({ port: 3713, env: { KYUTAI_URL: moshi.url, KYUTAI_API_KEY: "public_token" } });
  user = await createApiUser({ creditMicroUsd: 1_000_000 });
  client = new OpenAI({ apiKey: user.key, baseURL: server.baseURL, maxRetries: 0 });
});
afterAll(async () => {
  await server?.stop();
  await moshi?.stop();
});

const BURSTS = [
  { start: 0.5, end: 0.9, hz: 300 },
  { start: 1.1, end: 1.5, hz: 500 },
];
const clip = () => toFile(toWav(toneBursts(BURSTS, 3.2)), "tones.wav", { type: "audio/wav" });

describe("Kyutai through /v1", () => {
  it("is live in the models list when KYUTAI_URL is set", async () => {
    const model = (await client.models.retrieve("kyutai/stt-2.6b-en")) as unknown as { status: string };
    expect(model.status).toBe("live");
  });

  it("transcribes a file with word times and charges it once", async () => {
    const before = await getBalance(user.userId);
    const result = (await client.audio.transcriptions.create({
      file: await clip(),
      model: "stt-2.6b-en",
      response_format: "verbose_json",
      timestamp_granularities: ["word"],
    })) as unknown as { text: string; words: { word: string; start: number; end: number }[]; usage: { seconds: number }; cost: number };
    expect(result.text).toBe("tone300 tone500");
    expect(result.words.map((w) => w.word)).toEqual(["tone300", "tone500"]);
    expect(Math.abs(result.words[0]!.start - 0.5)).toBeLessThanOrEqual(0.081);
    expect(result.usage.seconds).toBe(4); // 3.2 s billed as 4
    const after = await getBalance(user.userId);
    expect(before.availableMicroUsd - after.availableMicroUsd).toBe(Math.round(result.cost * 1e6));
    expect(after.heldMicroUsd).toBe(0);
  });

  it("streams the text as server-sent deltas", async () => {
    const stream = await client.audio.transcriptions.create({ file: await clip(), model: "stt-2.6b-en", stream: true });
    let text = "";
    let done = "";
    for await (const event of stream) {
      if (event.type === "transcript.text.delta") text += event.delta;
      if (event.type === "transcript.text.done") done = event.text;
    }
    expect(done).toBe("tone300 tone500");
    expect(text.trim()).toBe("tone300 tone500");
  });
});
