/**
 * Test-only: reads the committed parity fixtures written by scripts/python/canary_build_fixtures.py.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import type { FeatureBatch } from "../../frontend/nemo.js";
import type { CanaryOptions } from "./runner.js";

export const FIXTURES = fileURLToPath(new URL("./fixtures/", import.meta.url));
export const ONNX_ASR_DIR = join(FIXTURES, "onnx-asr");
export const SHERPA_DIR = join(FIXTURES, "sherpa");

export interface ReferenceOutput {
  tokens: number[];
  endedWithEos: boolean;
  minMargin: number;
}

export interface ReferenceCase {
  name: string;
  /** "nemo": positions 1, 2, 3 after the prompt (sherpa layout); "cache-length": 9, 10, ... (onnx-asr). */
  policy: "nemo" | "cache-length";
  options: CanaryOptions | CanaryOptions[];
  prompt: number[] | number[][];
  items: number[];
  single: ReferenceOutput[];
  batched: ReferenceOutput[];
}

export interface RealAudioCase extends ReferenceOutput {
  /** Path under ../shared/fixtures/audio. */
  file: string;
  sha256: string;
  frames: number;
  name: string;
  policy: "nemo" | "cache-length";
  options: CanaryOptions;
}

export interface References {
  features: { file: string; melBins: number; frames: number[] };
  model: { vocabSize: number; maxSequenceLength: number; promptLength: number; eos: number; pad: number };
  cases: ReferenceCase[];
  probe: { encoderFrames: number; encoderFirstFrame: number[]; firstStepLogits: number[] };
  realAudio: RealAudioCase[];
}

export const references: References = JSON.parse(readFileSync(join(FIXTURES, "references.json"), "utf8"));

/** Each item's [mels, frames] features, as the script saved them. */
export const items: Float32Array[] = (() => {
  const bytes = readFileSync(join(FIXTURES, references.features.file));
  const all = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  const out: Float32Array[] = [];
  let offset = 0;
  for (const frames of references.features.frames) {
    const size = references.features.melBins * frames;
    out.push(all.slice(offset, offset + size));
    offset += size;
  }
  if (offset !== all.length) throw new Error("features.f32 does not match references.json");
  return out;
})();

/** Pads the chosen items into one [batch, mels, maxFrames] batch, zeros past each item's length. */
export function batchOf(indices: readonly number[]): FeatureBatch {
  const mels = references.features.melBins;
  const frames = indices.map((i) => references.features.frames[i]!);
  const maxFrames = Math.max(...frames);
  const data = new Float32Array(indices.length * mels * maxFrames);
  indices.forEach((item, b) => {
    const source = items[item]!;
    const length = frames[b]!;
    for (let m = 0; m < mels; m++) data.set(source.subarray(m * length, (m + 1) * length), (b * mels + m) * maxFrames);
  });
  return { data, batch: indices.length, nMels: mels, maxFrames, frames };
}

export function optionsOf(c: ReferenceCase, item: number): CanaryOptions {
  return Array.isArray(c.options) ? c.options[item]! : c.options;
}
