/**
 * The realtime API with Nemotron's cache-aware streaming runner (in its stream worker, through its adapter
 * to the per-stream interface), on the tiny same-contract test model in
 * inference/models/nemotron/fixtures (random weights: the words are not English, but they come from the
 * real streaming loop, with real times), fed a real recording.
 */
import "./support";
import { startRealtimeServer, type TestRealtimeServer } from "./realtime-support";
import { readFileSync, symlinkSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getBalance } from "@/lib/credits";
import type { StreamWorker } from "@/inference/engine";
import { findModel } from "@/lib/catalog";
import { configuredStreamingModels } from "@/lib/realtime/models";
import { createApiUser, ledgerOf } from "@/tests/support/api-fixtures";
import { connectRealtime, type RealtimeTestClient } from "@/tests/support/realtime-client";

const NEMOTRON = "nvidia/nemotron-asr-multilingual";
const fixture = path.resolve(import.meta.dirname, "../../inference/models/nemotron/fixtures/model");
/** beckett.wav: 16 kHz mono 16-bit, 10 s of read speech. Its samples, as PCM16 bytes. */
const speech = (() => {
  const wav = readFileSync(path.resolve(import.meta.dirname, "../../../shared/fixtures/audio/beckett.wav"));
  const data = wav.indexOf("data");
  return wav.subarray(data + 8, data + 8 + wav.readUInt32LE(data + 4));
})();

let server: TestRealtimeServer;
const clients: RealtimeTestClient[] = [];
beforeAll(async () => {
  // The runner's weights appear in MODELS_DIR (a temporary folder of this test run): Nemotron is live.
  symlinkSync(fixture, path.join(process.env.MODELS_DIR!, "nemotron-asr-multilingual"));
  server = await startRealtimeServer(3719);
});
afterAll(async () => {
  for (const c of clients) c.ws.terminate();
  await server?.stop();
});

function connect(query: string, key: string): RealtimeTestClient {
  const client = connectRealtime(`${server.url}?model=${encodeURIComponent(NEMOTRON)}${query}`, { key });
  clients.push(client);
  return client;
}

async function sendPcm(client: RealtimeTestClient, bytes: Buffer): Promise<void> {
  for (let at = 0; at < bytes.length; at += 3200) {
    client.ws.send(bytes.subarray(at, at + 3200)); // 100 ms frames
    if ((at / 3200) % 20 === 19) await new Promise((resolve) => setImmediate(resolve));
  }
}

describe("Nemotron through the realtime API", () => {
  it.each(["full", "regular"])("streams partial and final events with word times at acceleration %s, and bills the seconds", async (acceleration) => {
    const user = await createApiUser({ creditMicroUsd: 100_000 });
    const client = connect(`&acceleration=${acceleration}&language=auto&endpointing_ms=600`, user.key);
    await client.next("session.created");
    await sendPcm(client, speech);
    client.sendJson({ type: "session.close" });
    const closed = await client.next("session.closed");
    expect((await client.closed).code).toBe(1000);

    const partials = client.of("transcript.partial");
    const finals = client.of("transcript.final");
    expect(partials.length).toBeGreaterThan(0);
    expect(finals.length).toBeGreaterThan(0);
    // Utterances are numbered in order, each final once, after its partials.
    expect(finals.map((f) => f.utterance_id)).toEqual(finals.map((_, i) => i));
    for (const final of finals) {
      const own = client.events.filter((e) => e.type === "transcript.partial" && e.utterance_id === final.utterance_id);
      for (const p of own) expect(client.events.indexOf(p)).toBeLessThan(client.events.indexOf(final));
      const words = final.words as { word: string; start: number; end: number }[];
      expect(final.text).toBe(words.map((w) => w.word).join(" "));
      for (const w of words) {
        expect(w.start).toBeLessThanOrEqual(w.end);
        expect(w.end).toBeLessThanOrEqual(10.5);
      }
    }
    const seconds = speech.length / 2 / 16_000;
    expect(closed.usage).toMatchObject({ seconds: Math.round(seconds * 1000) / 1000, billed_seconds: Math.ceil(seconds) });
    expect(await getBalance(user.userId)).toMatchObject({ heldMicroUsd: 0 });
  });

  it("refuses a language the model has no prompt for, with 4000 and nothing charged", async () => {
    const user = await createApiUser({ creditMicroUsd: 100_000 });
    const client = connect("&language=xx-XX", user.key);
    const error = await client.next("error");
    expect(error.error).toMatchObject({ code: "unsupported_language", param: "language" });
    expect((await client.closed).code).toBe(4000);
    expect(await getBalance(user.userId)).toEqual({ availableMicroUsd: 100_000, heldMicroUsd: 0, totalMicroUsd: 100_000 });
  });

  it("ends a session whose model worker stops mid-stream with model_unavailable and nothing charged, and serves the next one on a new worker", async () => {
    const user = await createApiUser({ creditMicroUsd: 100_000 });
    const client = connect("&acceleration=full", user.key);
    await client.next("session.created");
    await sendPcm(client, speech.subarray(0, speech.length / 2));
    await client.next("transcript.partial");
    // The worker this server streams Nemotron on goes away (as a crash or an out-of-memory kill would).
    const worker = (await configuredStreamingModels(findModel(NEMOTRON)!)) as StreamWorker;
    await worker.close();
    const error = await client.next("error");
    expect(error.error).toMatchObject({ code: "model_unavailable", type: "service_unavailable" });
    expect((await client.closed).code).toBe(1013);
    expect(await getBalance(user.userId)).toEqual({ availableMicroUsd: 100_000, heldMicroUsd: 0, totalMicroUsd: 100_000 });
    expect((await ledgerOf(user.userId)).map((e) => e.kind)).toEqual(["grant", "hold", "release"]);

    const next = connect("&acceleration=full", user.key);
    await next.next("session.created");
    await sendPcm(next, speech);
    next.sendJson({ type: "session.close" });
    await next.next("session.closed");
    expect((await next.closed).code).toBe(1000);
    expect(next.of("transcript.final").length).toBeGreaterThan(0);
  });
});
