/**
 * Loading: token tables of both formats, layout detection from file names, sherpa-onnx metadata, and the
 * errors a wrong or incomplete model directory gives.
 */
import { copyFile, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ModelLoadError } from "../../errors.js";
import { createCanaryRunner } from "./index.js";
import { findCanaryFiles } from "./layout.js";
import { readOnnxMetadata } from "./onnx-metadata.js";
import { ONNX_ASR_DIR, references, SHERPA_DIR } from "./test-fixtures.js";
import { loadVocab, parseVocab } from "./vocab.js";

const temps: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "canary-load-"));
  temps.push(dir);
  return dir;
}
afterEach(async () => {
  await Promise.all(temps.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

async function copyLayout(from: string, names: readonly string[], to: string, rename: Record<string, string> = {}): Promise<void> {
  for (const name of names) await copyFile(join(from, name), join(to, rename[name] ?? name));
}

describe("token tables", () => {
  it("reads onnx-asr's vocab.txt (with its trailing <blk>) and sherpa-onnx's tokens.txt alike", async () => {
    const vocab = await loadVocab(join(ONNX_ASR_DIR, "vocab.txt"));
    const tokens = await loadVocab(join(SHERPA_DIR, "tokens.txt"));
    expect(tokens.size).toBe(references.model.vocabSize);
    expect(vocab.size).toBe(references.model.vocabSize + 1);
    expect(vocab.pieces.at(-1)).toBe("<blk>");
    expect(vocab.pieces.slice(0, tokens.size)).toEqual(tokens.pieces);
    expect(tokens.idOf("<|endoftext|>")).toBe(references.model.eos);
    expect(tokens.timestampFrame(tokens.idOf("<|17|>")!)).toBe(17);
    expect(tokens.timestampFrame(tokens.idOf("<|en|>")!)).toBeUndefined();
    expect(tokens.isSpecial(tokens.idOf("<|en|>")!)).toBe(true);
    expect(tokens.isSpecial(tokens.idOf("\u2581hello")!)).toBe(false);
  });

  it("takes sherpa-onnx's empty symbol as the bare ▁ piece and rejects malformed lines", () => {
    expect(parseVocab("<unk> 0\n 1\n\u2581a 2\n", "t").pieces).toEqual(["<unk>", "\u2581", "\u2581a"]);
    expect(() => parseVocab("<unk> 0\nbroken\n", "tokens.txt")).toThrow(/tokens.txt line 2/);
    expect(() => parseVocab("\n\n", "tokens.txt")).toThrow(ModelLoadError);
  });
});

describe("layout detection", () => {
  it("tells the two exports apart by their files", async () => {
    expect(await findCanaryFiles(ONNX_ASR_DIR)).toMatchObject({
      layout: "onnx-asr",
      encoder: join(ONNX_ASR_DIR, "encoder-model.onnx"),
      decoder: join(ONNX_ASR_DIR, "decoder-model.onnx"),
      tokens: join(ONNX_ASR_DIR, "vocab.txt"),
      config: join(ONNX_ASR_DIR, "config.json"),
    });
    expect(await findCanaryFiles(SHERPA_DIR)).toMatchObject({ layout: "sherpa", tokens: join(SHERPA_DIR, "tokens.txt") });
  });

  it("uses int8 files when they are the only ones, or when asked to", async () => {
    const dir = await tempDir();
    await copyLayout(SHERPA_DIR, ["encoder.onnx", "decoder.onnx", "tokens.txt"], dir, {
      "encoder.onnx": "encoder.int8.onnx",
      "decoder.onnx": "decoder.int8.onnx",
    });
    expect((await findCanaryFiles(dir)).encoder).toBe(join(dir, "encoder.int8.onnx"));
    await copyLayout(SHERPA_DIR, ["encoder.onnx", "decoder.onnx"], dir);
    expect((await findCanaryFiles(dir)).encoder).toBe(join(dir, "encoder.onnx"));
    expect((await findCanaryFiles(dir, { quantization: "int8" })).decoder).toBe(join(dir, "decoder.int8.onnx"));
  });

  it("names what is missing when a directory holds neither export, and refuses both at once", async () => {
    const dir = await tempDir();
    await copyLayout(SHERPA_DIR, ["encoder.onnx", "decoder.onnx"], dir); // no tokens.txt
    await expect(findCanaryFiles(dir)).rejects.toMatchObject({ code: "unrecognised_layout", message: expect.stringContaining("tokens.txt") });
    await copyLayout(SHERPA_DIR, ["tokens.txt"], dir);
    await copyLayout(ONNX_ASR_DIR, ["encoder-model.onnx", "decoder-model.onnx", "vocab.txt"], dir);
    await expect(findCanaryFiles(dir)).rejects.toMatchObject({ code: "unrecognised_layout", message: expect.stringContaining("both") });
  });
});

describe("sherpa-onnx metadata", () => {
  it("is read from the encoder file, and absent from onnx-asr's", async () => {
    expect(await readOnnxMetadata(join(SHERPA_DIR, "encoder.onnx"))).toMatchObject({
      model_type: "EncDecMultiTaskModel",
      vocab_size: String(references.model.vocabSize),
      subsampling_factor: "8",
      feat_dim: "128",
      normalize_type: "per_feature",
      num_decoder_layers: "6",
      decoder_hidden_size: "32",
    });
    expect(await readOnnxMetadata(join(ONNX_ASR_DIR, "encoder-model.onnx"))).toEqual({});
  });
});

describe("loading a wrong model", () => {
  it("refuses a tokens.txt whose size disagrees with the encoder's vocab_size", async () => {
    const dir = await tempDir();
    await copyLayout(SHERPA_DIR, ["encoder.onnx", "decoder.onnx"], dir);
    const tokens = (await readFile(join(SHERPA_DIR, "tokens.txt"), "utf8")).trimEnd().split("\n");
    await writeFile(join(dir, "tokens.txt"), tokens.slice(0, -1).join("\n") + "\n");
    await expect(createCanaryRunner(dir)).rejects.toMatchObject({ code: "invalid_manifest", message: expect.stringContaining("vocab_size") });
  });

  it("refuses an onnx-asr config.json of another model type", async () => {
    const dir = await tempDir();
    await copyLayout(ONNX_ASR_DIR, ["encoder-model.onnx", "decoder-model.onnx", "vocab.txt"], dir);
    await writeFile(join(dir, "config.json"), JSON.stringify({ model_type: "nemo-conformer-rnnt", features_size: 128 }));
    await expect(createCanaryRunner(dir)).rejects.toMatchObject({ code: "invalid_manifest", message: expect.stringContaining("nemo-conformer-rnnt") });
  });

  it("refuses swapped files that do not follow the contract", async () => {
    const dir = await tempDir();
    // A sherpa-onnx decoder where onnx-asr's decoder should be.
    await copyLayout(ONNX_ASR_DIR, ["encoder-model.onnx", "vocab.txt", "config.json"], dir);
    await copyFile(join(SHERPA_DIR, "decoder.onnx"), join(dir, "decoder-model.onnx"));
    await expect(createCanaryRunner(dir)).rejects.toMatchObject({ code: "invalid_manifest", message: expect.stringContaining("decoder_mems") });
  });

  it("refuses a token table without Canary's control tokens", async () => {
    const dir = await tempDir();
    await copyLayout(ONNX_ASR_DIR, ["encoder-model.onnx", "decoder-model.onnx", "config.json"], dir);
    const vocab = (await readFile(join(ONNX_ASR_DIR, "vocab.txt"), "utf8")).replace("<|endoftext|>", "<|eot|>");
    await writeFile(join(dir, "vocab.txt"), vocab);
    await expect(createCanaryRunner(dir)).rejects.toMatchObject({ code: "invalid_manifest", message: expect.stringContaining("<|endoftext|>") });
  });
});
