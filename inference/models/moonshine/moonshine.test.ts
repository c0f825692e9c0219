/**
 * The bundled real model: its published accuracy on real clips, batching, and what a user gets for
 * recordings that are not exactly one second of one word.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeAudio, shutdownDecoders } from "../../audio/decode.js";
import { TranscribeError } from "../../errors.js";
import { loadModel, type LoadedModel } from "../../model.js";
import { fixture, MOONSHINE_DIR } from "../../testing/fixtures.js";
import type { Audio } from "../../types.js";

const ALPHANUMERIC = fixture("alphanumeric");

let model: LoadedModel;
const clips: Array<{ label: string; file: string; audio: Audio }> = [];

beforeAll(async () => {
  model = await loadModel(MOONSHINE_DIR);
  for (const label of readdirSync(ALPHANUMERIC).sort()) {
    for (const file of readdirSync(join(ALPHANUMERIC, label)).sort()) {
      const path = join(ALPHANUMERIC, label, file);
      clips.push({ label, file: path, audio: await decodeAudio(readFileSync(path)) });
    }
  }
}, 120_000);

afterAll(async () => {
  await model?.dispose();
  await shutdownDecoders();
});

function audioOf(samples: Float32Array): Audio {
  return { samples, sampleRate: 16000 };
}

describe("moonshine-micro on the 220 real alphanumeric clips", () => {
  it("gets exactly 200 of 220 right in one batch (the published 90.91 % top-1)", async () => {
    expect(clips).toHaveLength(220);
    const results = await model.transcribeBatch(clips.map((c) => c.audio));
    const correct = results.filter((r, i) => r.text === clips[i]!.label).length;
    expect(correct).toBe(200);
    for (const r of results) {
      expect(r.provider).toBe("cpu");
      expect(r.durationSeconds).toBe(1);
      expect(r.segments).toEqual([{ text: r.text, start: 0, end: 1 }]);
      expect(r.alternatives).toHaveLength(5);
      expect(r.alternatives![0]!.text).toBe(r.text);
    }
  });

  it("one clip at a time gives the same labels and probabilities as the batch", async () => {
    const batched = await model.transcribeBatch(clips.map((c) => c.audio));
    for (let i = 0; i < clips.length; i += 1) {
      const single = await model.transcribe(clips[i]!.audio);
      expect(single.text).toBe(batched[i]!.text);
      expect(single.alternatives![0]!.probability).toBeCloseTo(batched[i]!.alternatives![0]!.probability, 5);
    }
  });

  it("takes encoded files directly (the WAV bytes give the same answer as decoded audio)", async () => {
    const clip = clips.find((c) => c.label === "seven")!;
    const fromBytes = await model.transcribe(readFileSync(clip.file));
    expect(fromBytes.text).toBe((await model.transcribe(clip.audio)).text);
  });
});

describe("recordings that are not one second of one word", () => {
  /** A confidently recognised clip, so the test is about placement rather than a borderline call. */
  async function confidentClip() {
    for (const c of clips) {
      const r = await model.transcribe(c.audio);
      if (r.text === c.label && r.alternatives![0]!.probability > 0.95) return c;
    }
    throw new Error("no confidently recognised clip");
  }

  it("finds the word inside a longer recording and says where it is", async () => {
    const clip = await confidentClip();
    // 4 s of faint noise (-50 dBFS, like a quiet room) with the word starting at 2.5 s.
    const long = new Float32Array(4 * 16000);
    let seed = 1;
    for (let i = 0; i < long.length; i++) long[i] = (((seed = (seed * 69069 + 1) >>> 0) / 2 ** 32) * 2 - 1) * 0.003;
    long.set(clip.audio.samples, 2.5 * 16000);
    const result = await model.transcribe(audioOf(long), { timestamps: true });
    expect(result.text).toBe(clip.label);
    expect(result.durationSeconds).toBe(4);
    expect(result.segments).toHaveLength(1);
    expect(Math.abs(result.segments[0]!.start - 2.5)).toBeLessThan(0.3);
    expect(result.segments[0]!.end - result.segments[0]!.start).toBe(1);
    expect(result.words).toEqual(result.segments);
  });

  it("still gets ≥ 190 of 220 when every clip sits at a random point of a 3 s recording", async () => {
    let seed = 3;
    const random = () => (seed = (seed * 69069 + 1) >>> 0) / 2 ** 32;
    const recordings = clips.map((c) => {
      const x = new Float32Array(3 * 16000);
      for (let i = 0; i < x.length; i++) x[i] = (random() * 2 - 1) * 0.003;
      x.set(c.audio.samples, Math.floor(random() * 2 * 16000));
      return audioOf(x);
    });
    const results = await model.transcribeBatch(recordings);
    expect(results.filter((r, i) => r.text === clips[i]!.label).length).toBeGreaterThanOrEqual(190);
  });

  it("a short clip (0.6 s) is padded and still recognised when the word fits", async () => {
    const clip = await confidentClip();
    const s = clip.audio.samples;
    // Keep the 0.6 s around the loudest part of the word.
    let peakAt = 0;
    for (let i = 0; i < s.length; i++) if (Math.abs(s[i]!) > Math.abs(s[peakAt]!)) peakAt = i;
    const start = Math.max(0, Math.min(s.length - 9600, peakAt - 4800));
    const result = await model.transcribe(audioOf(s.slice(start, start + 9600)));
    expect(result.durationSeconds).toBeCloseTo(0.6, 6);
    expect(result.segments[0]!.end).toBeCloseTo(0.6, 6);
    expect(result.text).toBe(clip.label);
  });

  it("silence gives empty text instead of a random label", async () => {
    const result = await model.transcribe(audioOf(new Float32Array(16000)));
    expect(result).toMatchObject({ text: "", segments: [], words: [], durationSeconds: 1 });
  });

  it("more than 10 s is refused with audio_too_long, for decoded audio and for files", async () => {
    const long = audioOf(new Float32Array(11 * 16000).fill(0.1));
    await expect(model.transcribe(long)).rejects.toMatchObject({ name: "TranscribeError", code: "audio_too_long" });
    const error = await model.transcribe(readFileSync(fixture("two_cities_16k.wav"))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TranscribeError);
    expect((error as TranscribeError).code).toBe("audio_too_long");
  });

  it("English only, no translation", async () => {
    const audio = clips[0]!.audio;
    await expect(model.transcribe(audio, { language: "de" })).rejects.toMatchObject({ code: "unsupported_option" });
    await expect(model.transcribe(audio, { language: "en", targetLanguage: "fr" })).rejects.toMatchObject({
      code: "unsupported_option",
    });
    expect((await model.transcribe(audio, { language: "en-US" })).language).toBe("en");
  });
});
