/**
 * Test-only: the committed parity fixtures written by scripts/python/nemotron_build_fixtures.py.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { RecordingFeatures } from "./runner.js";
import type { Acceleration } from "./stream.js";

export const FIXTURES = fileURLToPath(new URL("./fixtures/", import.meta.url));
/** Chunk folders 80ms/ 320ms/ 560ms/ 1120ms/ with the encoders; decoder, joiner and tokens beside them. */
export const MODEL_DIR = join(FIXTURES, "model");
/** The same decoder exported with a batch axis on both LSTM states. */
export const BATCHED_DECODER = join(FIXTURES, "decoder-batched.onnx");

export interface ReferenceResult {
  chunkMs: number;
  language: string;
  promptIndex: number;
  tokens: number[];
  tokenFrames: number[];
  text: string;
  steps: number;
  minMargin: number;
  maxSymbolsInAFrame: number;
  /** How many frames emitted 0, 1, ..., 10 symbols. */
  framesBySymbolCount: number[];
}

export interface ReferenceCase extends ReferenceResult {
  /** Index into references.audio. */
  audio: number;
}

export interface References {
  model: {
    vocabSize: number;
    blank: number;
    subsampling: number;
    preEncodeFrames: number;
    autoPrompt: number;
    maxSymbols: number;
    chunks: Record<string, { window: number; shift: number }>;
    languageTags: Record<string, number>;
  };
  audio: Array<{ file: string; sha256: string; samples: number; frames: number }>;
  features: { file: string; items: Array<{ audio: number; frames: number; offset: number }> };
  cases: ReferenceCase[];
  batches: Array<{ chunkMs: number; maxBatch: number; streams: ReferenceCase[] }>;
  probe: { chunkMs: number; encodedLength: number; cacheLengthNext: number; firstFrame: number[] };
}

export const references: References = JSON.parse(readFileSync(join(FIXTURES, "references.json"), "utf8"));

/** The saved features of audio `index` ([128, frames] mel-major), or undefined when not saved. */
export function savedFeatures(index: number): RecordingFeatures | undefined {
  const item = references.features.items.find((i) => i.audio === index);
  if (!item) return undefined;
  const bytes = readFileSync(join(FIXTURES, references.features.file));
  const all = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  return { data: all.slice(item.offset, item.offset + 128 * item.frames), frames: item.frames };
}

export const ACCELERATION_OF: Readonly<Record<number, Acceleration>> = { 80: "full", 320: "high", 560: "regular", 1120: "none" };

export function casesFor(audio: number): ReferenceCase[] {
  return references.cases.filter((c) => c.audio === audio);
}

export function caseName(c: ReferenceCase): string {
  return `${references.audio[c.audio]!.file.split("/").at(-1)} ${c.chunkMs} ms ${c.language}`;
}
