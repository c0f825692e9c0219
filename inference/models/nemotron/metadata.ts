/**
 * The encoder's metadata as sherpa-onnx's Nemotron export writes it (all values are strings in ONNX):
 * window and shift in feature frames, chunk length, cache shapes, prediction-network shape, vocabulary
 * size without the blank, and for the multilingual model the prompt dictionary.
 */
import { z } from "zod";
import { ModelLoadError } from "../../errors.js";

const integer = z
  .string()
  .regex(/^\s*-?\d+\s*$/, "an integer")
  .transform((s) => Number(s.trim()));

const MetadataSchema = z.object({
  vocab_size: integer,
  window_size: integer,
  chunk_shift: integer,
  chunk_size_ms: integer.optional(),
  subsampling_factor: integer.default(8),
  feat_dim: integer.default(128),
  normalize_type: z.string().default(""),
  cache_last_channel_dim1: integer,
  cache_last_channel_dim2: integer,
  cache_last_channel_dim3: integer,
  cache_last_time_dim1: integer,
  cache_last_time_dim2: integer,
  cache_last_time_dim3: integer,
  pred_rnn_layers: integer,
  pred_hidden: integer,
  prompt_dictionary: z.string().optional(),
  auto_prompt_id: integer.optional(),
});

/** sherpa-onnx's default "auto" slot when a multilingual encoder does not say. */
export const DEFAULT_AUTO_PROMPT = 101;

export interface EncoderInfo {
  /** Chunk length in milliseconds (10 ms feature frames x shift). */
  chunkMs: number;
  /** Feature frames per encoder call: shift + pre-encode cache. */
  window: number;
  /** New feature frames per chunk. */
  shift: number;
  /** Feature frames of left context repeated in front of each chunk (NeMo's pre_encode_cache_size). */
  preEncode: number;
  subsampling: number;
  featureDim: number;
  /** "" (Nemotron: none) or NeMo's normalize type. */
  normalize: string;
  vocabSize: number;
  /** cache_last_channel is [B, layers, channelLength, dModel]; cache_last_time [B, layers, dModel, timeLength]. */
  layers: number;
  channelLength: number;
  dModel: number;
  timeLength: number;
  predLayers: number;
  predHidden: number;
  /** Locale (or "auto") -> prompt slot; empty for an encoder without prompt_index. */
  promptDictionary: Record<string, number>;
  autoPrompt: number;
}

export function parseEncoderMetadata(meta: Record<string, string>, file: string): EncoderInfo {
  const parsed = MetadataSchema.safeParse(meta);
  if (!parsed.success) {
    throw new ModelLoadError(
      "invalid_manifest",
      `${file} lacks the sherpa-onnx Nemotron metadata: ${z.prettifyError(parsed.error)}`,
    );
  }
  const m = parsed.data;
  if (m.cache_last_channel_dim1 !== m.cache_last_time_dim1 || m.cache_last_channel_dim3 !== m.cache_last_time_dim2) {
    throw new ModelLoadError("invalid_manifest", `${file}: the two caches disagree on layers or model width`);
  }
  if (m.window_size <= m.chunk_shift || m.chunk_shift <= 0) {
    throw new ModelLoadError("invalid_manifest", `${file}: window_size ${m.window_size} must exceed chunk_shift ${m.chunk_shift}`);
  }
  // Feature frames are 10 ms (hop 160 at 16 kHz), so the shift in frames is the chunk in centiseconds.
  const chunkMs = m.chunk_shift * 10;
  if (m.chunk_size_ms !== undefined && m.chunk_size_ms !== chunkMs) {
    throw new ModelLoadError("invalid_manifest", `${file}: chunk_size_ms ${m.chunk_size_ms} but chunk_shift ${m.chunk_shift} frames`);
  }
  let promptDictionary: Record<string, number> = {};
  if (m.prompt_dictionary) {
    const dictionary = z.record(z.string(), z.number().int().nonnegative()).safeParse(safeJson(m.prompt_dictionary));
    if (!dictionary.success) throw new ModelLoadError("invalid_manifest", `${file}: prompt_dictionary is not a JSON object of slots`);
    promptDictionary = dictionary.data;
  }
  return {
    chunkMs,
    window: m.window_size,
    shift: m.chunk_shift,
    preEncode: m.window_size - m.chunk_shift,
    subsampling: m.subsampling_factor,
    featureDim: m.feat_dim,
    normalize: m.normalize_type === "NA" ? "" : m.normalize_type,
    vocabSize: m.vocab_size,
    layers: m.cache_last_channel_dim1,
    channelLength: m.cache_last_channel_dim2,
    dModel: m.cache_last_channel_dim3,
    timeLength: m.cache_last_time_dim3,
    predLayers: m.pred_rnn_layers,
    predHidden: m.pred_hidden,
    promptDictionary,
    autoPrompt: m.auto_prompt_id ?? DEFAULT_AUTO_PROMPT,
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
