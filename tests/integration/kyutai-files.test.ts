/**
 * Kyutai for whole files: lib/engine hands a model served by moshi-server to the streaming client
 * (as fast as the server takes the audio), so the file APIs serve it like any live model.
 */
import "./support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startMoshiStub, type MoshiStub } from "@/tests/support/moshi-stub";
import { toneBursts, toWav } from "@/tests/support/tone-audio";

const STUB_PORT = 3718;
process.env.KYUTAI_URL = `ws://127.0.0.1:${STUB_PORT}`;
// lib/ is imported after the setting above: lib/env reads the environment once, when first imported.
const { Engine, settingsFromEnv } = await import("@/lib/engine/engine");
const { fromEngineError } = await import("@/lib/openai/errors");

let moshi: MoshiStub;
beforeAll(async () => {
  moshi = await startMoshiStub({ port: STUB_PORT, label: "pitch" });
});
afterAll(async () => {
  await moshi?.stop();
});

describe("Kyutai files through lib/engine", () => {
  it("transcribes a WAV file: text, one segment per utterance, word times on the file's clock", async () => {
    const engine = new Engine(settingsFromEnv());
    const bursts = [
      { start: 0.5, end: 0.9, hz: 300 },
      { start: 1.1, end: 1.5, hz: 500 },
      { start: 3.5, end: 3.9, hz: 700 },
    ];
    const capabilities = await engine.capabilities("stt-2.6b-en");
    expect(capabilities).toMatchObject({ task: "transcription", languages: ["en"], translation: false, timestamps: true, maxAudioSeconds: 7200 });

    const transcript = await engine.transcribe("kyutai/stt-2.6b-en", toWav(toneBursts(bursts, 4.5)), { timestamps: true });
    expect(transcript.text).toBe("tone300 tone500 tone700");
    expect(transcript.segments.map((s) => s.text)).toEqual(["tone300 tone500", "tone700"]);
    expect(transcript.durationSeconds).toBeCloseTo(4.5, 3);
    expect(transcript.words.map((w) => w.text)).toEqual(["tone300", "tone500", "tone700"]);
    transcript.words.forEach((w, i) => expect(Math.abs(w.start - bursts[i]!.start)).toBeLessThanOrEqual(0.081));
    // Without timestamps: the same text, no words.
    expect((await engine.transcribe("kyutai/stt-2.6b-en", toWav(toneBursts(bursts, 4.5)))).words).toEqual([]);
  });

  it("reports an unreachable moshi-server as a typed engine error (the API answers 503)", async () => {
    const engine = new Engine(settingsFromEnv());
    await moshi.stop();
    try {
      const error = await engine.transcribe("kyutai/stt-2.6b-en", toWav(toneBursts([], 1))).catch((e: unknown) => e);
      expect(error).toMatchObject({ name: "KyutaiUpstreamError", code: "upstream_unavailable" });
      expect(fromEngineError(error)).toMatchObject({ status: 503, code: "engine_unavailable" });
    } finally {
      moshi = await startMoshiStub({ port: STUB_PORT, label: "pitch" });
    }
  });
});
