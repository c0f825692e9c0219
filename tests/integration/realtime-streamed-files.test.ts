/**
 * The queue API's streaming run (POST /run/<model>/stream) on streaming models: the file goes through the
 * streaming runner realtime sessions use, so partial outputs come while the model works — for Kyutai (the
 * moshi stand-in) and Nemotron (its same-contract test model) alike.
 */
import "./support";
import { readFileSync, symlinkSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startMoshiStub, type MoshiStub } from "@/tests/support/moshi-stub";
import { toneBursts, toWav } from "@/tests/support/tone-audio";

const STUB_PORT = 3715;
process.env.KYUTAI_URL = `ws://127.0.0.1:${STUB_PORT}`;
// lib/ after the setting above (lib/env reads the environment once).
const { getModel } = await import("@/lib/catalog");
const { runTranscription } = await import("@/lib/jobs/transcribe");

let moshi: MoshiStub;
beforeAll(async () => {
  moshi = await startMoshiStub({ port: STUB_PORT, label: "pitch" });
  symlinkSync(path.resolve(import.meta.dirname, "../../inference/models/nemotron/fixtures/model"), path.join(process.env.MODELS_DIR!, "nemotron-asr-multilingual"));
});
afterAll(async () => {
  await moshi?.stop();
});

async function run(modelId: string, audio: Uint8Array, acceleration = "regular") {
  const model = (await getModel(modelId))!;
  expect(model.status).toBe("live");
  const partials: string[] = [];
  const transcript = await runTranscription(model, audio, { audio_url: "data:", language: "auto", acceleration }, {
    signal: new AbortController().signal,
    onPartial: (output) => partials.push(output.output),
    streamed: true,
  });
  return { transcript, partials };
}

describe("streaming runs of files", () => {
  it("Kyutai: partial outputs grow word by word before the final transcript", async () => {
    const bursts = [300, 500, 700, 900].map((hz, i) => ({ start: 0.4 + i * 0.6, end: 0.8 + i * 0.6, hz }));
    const { transcript, partials } = await run("kyutai/stt-2.6b-en", toWav(toneBursts(bursts, 3.5)));
    expect(transcript.text).toBe("tone300 tone500 tone700 tone900");
    expect(partials).toEqual(["tone300", "tone300 tone500", "tone300 tone500 tone700", "tone300 tone500 tone700 tone900"]);
    expect(transcript.words.map((w) => w.text)).toEqual(["tone300", "tone500", "tone700", "tone900"]);
  });

  it("Nemotron: partials come from its streaming runner, each extending the last, ending in the transcript", async () => {
    const speech = readFileSync(path.resolve(import.meta.dirname, "../../../shared/fixtures/audio/beckett.wav"));
    const { transcript, partials } = await run("nvidia/nemotron-asr-multilingual", speech, "full");
    expect(partials.length).toBeGreaterThan(1);
    // RNNT only appends tokens: each partial is the previous one extended.
    partials.slice(1).forEach((text, i) => expect(text.startsWith(partials[i]!)).toBe(true));
    expect(transcript.text.length).toBeGreaterThan(0);
    expect(partials.at(-1)).toBe(transcript.text);
    expect(transcript.durationSeconds).toBeGreaterThan(9);
  });
});
