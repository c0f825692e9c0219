/**
 * Canary through the engine's public API: loadModel() recognises either export in a plain directory (or
 * follows a manifest), declares what the model can do, and transcribes encoded audio bytes.
 */
import { copyFile, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { shutdownDecoders } from "../../audio/decode.js";
import { loadModel, MANIFEST_FILE, runnerKinds } from "../../index.js";
import { detectCanaryManifest } from "./detect.js";
import { createCanaryRunner } from "./index.js";
import { ONNX_ASR_DIR, SHERPA_DIR } from "./test-fixtures.js";

/** 1.5 s of a 16-bit mono WAV: a chirp, so the tiny model has something to say. */
function wavBytes(seconds = 1.5): Uint8Array {
  const n = Math.round(seconds * 16000);
  const pcm = Buffer.alloc(n * 2);
  for (let i = 0; i < n; i++) {
    const t = i / 16000;
    pcm.writeInt16LE(Math.round(8000 * Math.sin(2 * Math.PI * (200 + 300 * t) * t)), i * 2);
  }
  const header = Buffer.alloc(44);
  header.write("RIFF", 0);
  header.writeUInt32LE(36 + pcm.length, 4);
  header.write("WAVEfmt ", 8);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(16000, 24);
  header.writeUInt32LE(32000, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write("data", 36);
  header.writeUInt32LE(pcm.length, 40);
  return new Uint8Array(Buffer.concat([header, pcm]));
}

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), "canary-engine-"));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
  await shutdownDecoders();
});

describe("Canary in the engine", () => {
  it("is a registered runner kind", () => {
    expect(runnerKinds()).toContain("canary-aed");
  });

  it("recognises each export from its file names alone", () => {
    expect(detectCanaryManifest(["encoder-model.onnx", "decoder-model.onnx", "vocab.txt", "config.json"])).toEqual({
      runner: "canary-aed",
      name: "Canary (onnx-asr export)",
      files: { encoder: "encoder-model.onnx", decoder: "decoder-model.onnx", tokens: "vocab.txt", config: "config.json" },
      config: { layout: "onnx-asr" },
    });
    expect(detectCanaryManifest(["encoder.int8.onnx", "decoder.int8.onnx", "tokens.txt"])?.files).toEqual({
      encoder: "encoder.int8.onnx",
      decoder: "decoder.int8.onnx",
      tokens: "tokens.txt",
    });
    expect(detectCanaryManifest(["encoder.onnx", "decoder.onnx"])).toBeUndefined();
    expect(detectCanaryManifest(["spelling_cnn_mel.shrunk.onnx", "spelling_cnn_mel_meta.json"])).toBeUndefined();
  });

  for (const dir of [ONNX_ASR_DIR, SHERPA_DIR]) {
    it(`loads ${dir.endsWith("sherpa") ? "the sherpa-onnx" : "the onnx-asr"} export with loadModel and transcribes audio bytes`, async () => {
      const model = await loadModel(dir);
      try {
        expect(model.manifest.runner).toBe("canary-aed");
        expect(model.capabilities).toEqual({
          task: "transcription",
          languages: ["en", "de", "fr", "es"],
          translation: true,
          timestamps: true,
          punctuationToggle: true,
          maxAudioSeconds: 40,
        });
        const transcript = await model.transcribe(wavBytes(), { language: "de", targetLanguage: "en", timestamps: true });
        expect(transcript).toMatchObject({ language: "en", durationSeconds: 1.5, provider: "cpu" });
        expect(transcript.words.length).toBeGreaterThan(0);

        // Same answer as the runner used directly on the same decoded samples.
        const runner = await createCanaryRunner(dir);
        const samples = new Float32Array(24000);
        const pcm = Buffer.from(wavBytes().subarray(44));
        for (let i = 0; i < samples.length; i++) samples[i] = pcm.readInt16LE(i * 2) / 32768;
        const direct = await runner.transcribe({ samples, sampleRate: 16000 }, { language: "de", targetLanguage: "en", timestamps: true });
        await runner.dispose();
        expect(transcript.text).toBe(direct.text);
      } finally {
        await model.dispose();
      }
    });
  }

  it("follows a manifest that names renamed files, and rejects one that omits the layout", async () => {
    const dir = join(tmp, "renamed");
    await mkdir(dir, { recursive: true });
    await copyFile(join(SHERPA_DIR, "encoder.onnx"), join(dir, "enc.onnx"));
    await copyFile(join(SHERPA_DIR, "decoder.onnx"), join(dir, "dec.onnx"));
    await copyFile(join(SHERPA_DIR, "tokens.txt"), join(dir, "syms.txt"));
    const manifest = { runner: "canary-aed", files: { encoder: "enc.onnx", decoder: "dec.onnx", tokens: "syms.txt" } };
    await writeFile(join(dir, MANIFEST_FILE), JSON.stringify({ ...manifest, config: { layout: "sherpa", maxAudioSeconds: 1 } }));
    const model = await loadModel(dir);
    try {
      expect(model.capabilities.maxAudioSeconds).toBe(1);
      await expect(model.transcribe(wavBytes(1.5))).rejects.toMatchObject({ code: "audio_too_long" });
      expect((await model.transcribe(wavBytes(0.8))).durationSeconds).toBe(0.8);
    } finally {
      await model.dispose();
    }
    await writeFile(join(dir, MANIFEST_FILE), JSON.stringify(manifest));
    await expect(loadModel(dir)).rejects.toMatchObject({ code: "invalid_manifest", message: expect.stringContaining("layout") });
  });
});
