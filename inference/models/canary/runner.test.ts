/**
 * The runner as the engine uses it: audio in (through the NeMo frontend), Transcript out; batching,
 * options, disposal. And the sherpa-layout fixture run by sherpa-onnx itself, which proves the fixture
 * honours the contract of the C++ consumer it imitates.
 */
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TranscribeError } from "../../errors.js";
import { NemoFrontend } from "../../frontend/nemo.js";
import type { Audio } from "../../types.js";
import { createCanaryRunner, type CanaryRunner, UnsupportedLanguagePairError } from "./index.js";
import { ONNX_ASR_DIR, SHERPA_DIR } from "./test-fixtures.js";

/** A deterministic, speech-like test signal: a wobbling chirp with harmonics and a little noise. */
function syntheticSpeech(seconds: number, seed: number): Audio {
  const n = Math.round(seconds * 16000);
  const samples = new Float32Array(n);
  let state = seed;
  let phase = 0;
  for (let i = 0; i < n; i++) {
    state = (state * 1103515245 + 12345) % 2147483648;
    const t = i / 16000;
    phase += (2 * Math.PI * (140 + 60 * Math.sin(2 * Math.PI * 3 * t) + 40 * seed)) / 16000;
    const envelope = 0.5 + 0.5 * Math.sin(2 * Math.PI * 4 * t);
    samples[i] = envelope * (0.3 * Math.sin(phase) + 0.15 * Math.sin(2 * phase) + 0.08 * Math.sin(3 * phase)) + 0.01 * (state / 2147483648 - 0.5);
  }
  return { samples, sampleRate: 16000 };
}

const clips = [syntheticSpeech(1.3, 1), syntheticSpeech(2.1, 2), syntheticSpeech(0.7, 3)];

for (const dir of [ONNX_ASR_DIR, SHERPA_DIR]) {
  describe(`Canary runner on audio (${dir.endsWith("sherpa") ? "sherpa" : "onnx-asr"} layout)`, () => {
    let runner: CanaryRunner;
    beforeAll(async () => {
      runner = await createCanaryRunner(dir, { provider: "cpu" });
    });
    afterAll(async () => {
      await runner.dispose();
    });

    it("turns audio into a Transcript through the NeMo frontend with per-feature normalisation", async () => {
      const transcript = await runner.transcribe(clips[0]!, { language: "en" });
      const features = new NemoFrontend({ normalize: "per_feature" }).computeBatch([clips[0]!.samples]);
      const [direct] = await runner.transcribeFeatures(features, { language: "en" });
      expect(transcript).toEqual({
        text: direct!.text,
        language: "en",
        segments: [],
        words: [],
        durationSeconds: 1.3,
        provider: "cpu",
      });
      expect(transcript.text.length).toBeGreaterThan(0);
    });

    it("gives each clip of a batch what it gets alone", async () => {
      const options = [{ language: "en" }, { language: "de", targetLanguage: "en" }, { language: "es", timestamps: true }];
      const batch = await runner.transcribeBatch(clips, options);
      const alone = await Promise.all(clips.map((clip, i) => runner.transcribe(clip, options[i])));
      expect(batch).toEqual(alone);
      expect(batch.map((t) => t.language)).toEqual(["en", "en", "es"]);
      expect(batch.map((t) => t.durationSeconds)).toEqual([1.3, 2.1, 0.7]);
    });

    it("returns word and segment times when timestamps are asked for", async () => {
      const transcript = await runner.transcribe(clips[1]!, { language: "en", timestamps: true });
      expect(transcript.words.length).toBeGreaterThan(0);
      expect(transcript.segments.length).toBeGreaterThan(0);
      for (const span of [...transcript.words, ...transcript.segments]) {
        expect(span.end).toBeGreaterThanOrEqual(span.start);
        // Whole 80 ms encoder frames.
        expect(Math.abs(span.start / 0.08 - Math.round(span.start / 0.08))).toBeLessThan(1e-6);
      }
      const untimed = await runner.transcribe(clips[1]!, { language: "en" });
      expect(untimed.words).toEqual([]);
    });

    it("honours maxNewTokens per item", async () => {
      const features = new NemoFrontend({ normalize: "per_feature" }).computeBatch(clips.map((c) => c.samples));
      const results = await runner.transcribeFeatures(features, [{ maxNewTokens: 3 }, {}, { maxNewTokens: 0 }]);
      expect(results[0]!.tokens.length).toBeLessThanOrEqual(3);
      expect(results[1]!.tokens.length).toBeGreaterThan(3);
      expect(results[2]).toMatchObject({ tokens: [], endedWithEos: false, text: "" });
    });

    it("answers clips shorter than one feature frame with empty text, and runs clips under 9 frames", async () => {
      const [tiny, short, normal] = await runner.transcribeBatch([
        { samples: clips[0]!.samples.slice(0, 100), sampleRate: 16000 },
        { samples: clips[0]!.samples.slice(0, 800), sampleRate: 16000 },
        clips[0]!,
      ]);
      expect(tiny).toMatchObject({ text: "", words: [], durationSeconds: 100 / 16000 });
      expect(short!.text.length).toBeGreaterThan(0);
      expect(normal).toEqual(await runner.transcribe(clips[0]!));
    });

    it("ignores whatever a caller left past an item's length", async () => {
      // Odd frame counts, so the encoder's first stride-2 convolution reaches one frame past the end.
      const odd = [syntheticSpeech(1.31, 4), syntheticSpeech(0.73, 5), syntheticSpeech(2, 6)];
      const features = new NemoFrontend({ normalize: "per_feature" }).computeBatch(odd.map((c) => c.samples));
      expect(features.frames).toEqual([131, 73, 200]);
      const clean = await runner.transcribeFeatures(features);
      const dirty = { ...features, data: features.data.slice() };
      for (let b = 0; b < dirty.batch; b++) {
        for (let m = 0; m < dirty.nMels; m++) {
          const row = (b * dirty.nMels + m) * dirty.maxFrames;
          dirty.data.fill(7, row + dirty.frames[b]!, row + dirty.maxFrames);
        }
      }
      expect(await runner.transcribeFeatures(dirty)).toEqual(clean);
    });

    it("rejects bad options before running anything, with typed errors", async () => {
      await expect(runner.transcribe(clips[0]!, { language: "de", targetLanguage: "es" })).rejects.toBeInstanceOf(
        UnsupportedLanguagePairError,
      );
      await expect(runner.transcribe(clips[0]!, { language: "zh" })).rejects.toMatchObject({ code: "unsupported_option", language: "zh" });
    });
  });
}

describe("Canary runner lifecycle", () => {
  it("refuses work once disposed", async () => {
    const runner = await createCanaryRunner(SHERPA_DIR);
    await runner.dispose();
    await runner.dispose(); // twice is harmless
    const error = await runner.transcribe(clips[0]!).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TranscribeError);
    expect(error).toMatchObject({ code: "disposed" });
  });
});

describe("the sherpa-layout fixture under sherpa-onnx itself", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "canary-sherpa-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("loads and decodes in sherpa-onnx-node (its own C++ Canary loop and metadata checks)", async () => {
    const wav = join(dir, "clip.wav");
    await writeFile(wav, pcm16Wav(clips[1]!.samples));
    // A child process: sherpa-onnx aborts the whole process on a model it rejects.
    const script = `
      const sherpa = require(${JSON.stringify(createRequire(import.meta.url).resolve("sherpa-onnx-node"))});
      const d = ${JSON.stringify(SHERPA_DIR)};
      const r = new sherpa.OfflineRecognizer({
        featConfig: { sampleRate: 16000, featureDim: 128 },
        modelConfig: { canary: { encoder: d + '/encoder.onnx', decoder: d + '/decoder.onnx', srcLang: 'de', tgtLang: 'en', usePnc: 1 },
          tokens: d + '/tokens.txt', numThreads: 1, provider: 'cpu', debug: 0 } });
      const w = sherpa.readWave(${JSON.stringify(wav)});
      const s = r.createStream();
      s.acceptWaveform({ sampleRate: w.sampleRate, samples: w.samples });
      r.decode(s);
      process.stdout.write(JSON.stringify(r.getResult(s)));`;
    const { stdout } = await promisify(execFile)(process.execPath, ["-e", script], { timeout: 60_000 });
    const result = JSON.parse(stdout) as { text: string; tokens: string[] };
    expect(result.tokens.length).toBeGreaterThan(3);
    const runner = await createCanaryRunner(SHERPA_DIR);
    const pieces = new Set(runner.vocab.pieces.map((p) => p.replaceAll("\u2581", " ")));
    await runner.dispose();
    for (const token of result.tokens) expect(pieces).toContain(token);
  });
});

function pcm16Wav(samples: Float32Array): Buffer {
  const data = Buffer.alloc(samples.length * 2);
  samples.forEach((s, i) => data.writeInt16LE(Math.max(-32768, Math.min(32767, Math.round(s * 32767))), i * 2));
  const header = Buffer.alloc(44);
  header.write("RIFF", 0);
  header.writeUInt32LE(36 + data.length, 4);
  header.write("WAVEfmt ", 8);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(16000, 24);
  header.writeUInt32LE(32000, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write("data", 36);
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}
