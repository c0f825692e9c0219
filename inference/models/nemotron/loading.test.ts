/**
 * Loading: the engine's loadModel recognises a Nemotron export in either arrangement (published
 * packages per chunk size, one package flat, or the fixture's shared files), tells a flat package from a
 * Canary sherpa-onnx export, honours a manifest, and refuses broken directories with typed errors. Also
 * the realtime layer's per-stream interface on top of the runner.
 */
import { copyFile, cp, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { decodeAudio, shutdownDecoders } from "../../audio/decode.js";
import { ModelLoadError } from "../../errors.js";
import { loadModel } from "../../model.js";
import { fixture } from "../../testing/fixtures.js";
import { detectCanaryManifest } from "../canary/detect.js";
import { createNemotronRunner, detectNemotronManifest, nemotronStreamingModel } from "./index.js";
import { MODEL_DIR, references } from "./test-fixtures.js";
import type { StreamEvent } from "../../upstream/kyutai/stream-types.js";

const temps: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "nemotron-load-"));
  temps.push(dir);
  return dir;
}
afterEach(async () => {
  await Promise.all(temps.splice(0).map((d) => rm(d, { recursive: true, force: true })));
  await shutdownDecoders();
});

const SHARED = ["decoder.onnx", "joiner.onnx", "tokens.txt"];

/** sherpa-onnx's published arrangement: every chunk folder a complete package. */
async function publishedPackages(chunks: readonly number[]): Promise<string> {
  const dir = await tempDir();
  for (const ms of chunks) {
    await mkdir(join(dir, `${ms}ms`));
    await copyFile(join(MODEL_DIR, `${ms}ms`, "encoder.onnx"), join(dir, `${ms}ms`, "encoder.onnx"));
    for (const f of SHARED) await copyFile(join(MODEL_DIR, f), join(dir, `${ms}ms`, f));
  }
  return dir;
}

async function flatPackage(ms: number): Promise<string> {
  const dir = await tempDir();
  await copyFile(join(MODEL_DIR, `${ms}ms`, "encoder.onnx"), join(dir, "encoder.onnx"));
  for (const f of SHARED) await copyFile(join(MODEL_DIR, f), join(dir, f));
  return dir;
}

const beckett = () => readFileSync(fixture(references.audio[1]!.file));
const regular = (language: string) => references.cases.find((c) => c.audio === 1 && c.chunkMs === 560 && c.language === language)!;

describe("loadModel", () => {
  it("recognises the fixture directory, declares its capabilities and transcribes file bytes", async () => {
    const model = await loadModel(MODEL_DIR);
    try {
      expect(model.manifest.runner).toBe("nemotron-streaming");
      expect(model.capabilities).toMatchObject({ task: "transcription", translation: false, timestamps: true, punctuationToggle: false });
      expect(model.capabilities.languages).toContain("de");
      expect(model.capabilities.languages).toHaveLength(36);
      const t = await model.transcribe(beckett(), { language: "de-DE", timestamps: true });
      expect(t.text).toBe(regular("de-DE").text);
      expect(t.language).toBe("de-DE");
      expect(t.words.map((w) => w.text).join(" ")).toBe(t.text);
      expect(t.durationSeconds).toBeCloseTo(references.audio[1]!.samples / 16000, 6);
      const plain = await model.transcribe(beckett());
      expect(plain.text).toBe(regular("auto").text);
      expect(plain.words).toEqual([]);
    } finally {
      await model.dispose();
    }
  });

  it("loads sherpa-onnx's published packages side by side, one folder per chunk size", async () => {
    const dir = await publishedPackages([80, 560]);
    const runner = await createNemotronRunner(dir);
    try {
      expect(runner.accelerations).toEqual(["regular", "full"]);
      const [r] = await runner.transcribeAudio([await decodeAudio(beckett())], { language: "en-US" });
      expect(r!.tokens).toEqual(regular("en-US").tokens);
    } finally {
      await runner.dispose();
    }
    const model = await loadModel(dir);
    expect(model.manifest.runner).toBe("nemotron-streaming");
    await model.dispose();
  });

  it("takes one package unpacked flat as a Nemotron model, not as Canary's sherpa-onnx export", async () => {
    const dir = await flatPackage(560);
    const names = ["encoder.onnx", ...SHARED];
    expect(detectCanaryManifest(names)?.runner).toBe("canary-aed"); // why the registry asks Nemotron first
    expect(detectNemotronManifest(names)?.runner).toBe("nemotron-streaming");
    expect(detectNemotronManifest(["encoder.onnx", "decoder.onnx", "tokens.txt"])).toBeUndefined();
    const model = await loadModel(dir);
    try {
      expect(model.manifest.runner).toBe("nemotron-streaming");
      expect((await model.transcribe(beckett(), { language: "en-US" })).text).toBe(regular("en-US").text);
    } finally {
      await model.dispose();
    }
  });

  it("follows a manifest that names the files", async () => {
    const dir = await tempDir();
    await cp(MODEL_DIR, join(dir, "weights"), { recursive: true });
    await writeFile(
      join(dir, "gigarouter.json"),
      JSON.stringify({
        runner: "nemotron-streaming",
        files: {
          "encoder-560ms": "weights/560ms/encoder.onnx",
          "encoder-1120ms": "weights/1120ms/encoder.onnx",
          decoder: "weights/decoder.onnx",
          joiner: "weights/joiner.onnx",
          tokens: "weights/tokens.txt",
        },
        config: { maxAudioSeconds: 30 },
      }),
    );
    const model = await loadModel(dir);
    try {
      expect(model.capabilities.maxAudioSeconds).toBe(30);
      expect((await model.transcribe(beckett())).text).toBe(regular("auto").text);
    } finally {
      await model.dispose();
    }
  });

  it("refuses broken directories with typed errors", async () => {
    const noEncoder = await tempDir();
    await mkdir(join(noEncoder, "560ms"));
    for (const f of SHARED) await copyFile(join(MODEL_DIR, f), join(noEncoder, f));
    await expect(loadModel(noEncoder)).rejects.toMatchObject({ code: "unrecognised_layout" });

    const noDecoder = await tempDir();
    await cp(join(MODEL_DIR, "80ms"), join(noDecoder, "80ms"), { recursive: true });
    await expect(createNemotronRunner(noDecoder)).rejects.toMatchObject({ code: "unrecognised_layout" });

    const joinerAsEncoder = await flatPackage(560);
    await copyFile(join(MODEL_DIR, "joiner.onnx"), join(joinerAsEncoder, "encoder.onnx"));
    await expect(loadModel(joinerAsEncoder)).rejects.toMatchObject({ code: "invalid_manifest" });

    const twoOfAKind = await publishedPackages([560]);
    await copyFile(join(MODEL_DIR, "560ms", "encoder.onnx"), join(twoOfAKind, "encoder.onnx"));
    await expect(createNemotronRunner(twoOfAKind)).rejects.toThrow(/both 560 ms encoders/);

    const shortTokens = await flatPackage(80);
    await writeFile(join(shortTokens, "tokens.txt"), "<unk> 0\n<blk> 1\n");
    const error = await loadModel(shortTokens).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelLoadError);
    expect((error as ModelLoadError).code).toBe("invalid_manifest");
  });
});

describe("the realtime layer's per-stream interface", () => {
  it("turns segments into utterances; flush settles mid-stream, close waits for the last final", async () => {
    const runner = await createNemotronRunner(MODEL_DIR, { endpointSeconds: 0 });
    try {
      const model = nemotronStreamingModel(runner);
      const session = model.createStream({ language: "en-US", acceleration: "high" });
      await session.ready;
      const events: StreamEvent[] = [];
      session.onEvent((e) => events.push(e));
      const samples = (await decodeAudio(beckett())).samples;
      const half = 16000 * 5;
      session.push(samples.subarray(0, half));
      await session.flush();
      const settled = events.filter((e) => e.type === "final");
      expect(settled).toHaveLength(1);
      expect(settled[0]).toMatchObject({ reason: "flush", utterance: { index: 0 } });
      // At most one chunk (320 ms) of the pushed audio may still be waiting.
      expect(session.pendingSeconds()).toBeLessThan(0.32);
      session.push(samples.subarray(half));
      await session.close();
      const finals = events.filter((e): e is Extract<StreamEvent, { type: "final" }> => e.type === "final");
      expect(finals.map((f) => f.utterance.index)).toEqual(finals.map((_, i) => i));
      const text = finals.map((f) => f.utterance.text).filter((t) => t).join(" ");
      expect(text).toBe(references.cases.find((c) => c.audio === 1 && c.chunkMs === 320 && c.language === "en-US")!.text);
      expect(session.pushedSeconds()).toBeCloseTo(samples.length / 16000, 6);
    } finally {
      await runner.dispose();
    }
  });

  it("a refused stream rejects `ready` with the typed error", async () => {
    const runner = await createNemotronRunner(MODEL_DIR);
    try {
      const session = nemotronStreamingModel(runner).createStream({ language: "xx-XX" });
      await expect(session.ready).rejects.toMatchObject({ code: "unsupported_option" });
    } finally {
      await runner.dispose();
    }
  });
});
