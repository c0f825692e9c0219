/**
 * What the runner needs to know about a loaded Canary export, whichever layout it came in.
 */
import type { NemoNormalize } from "../../frontend/nemo.js";
import type { CanaryLayout } from "./layout.js";

/** NeMo's feature hop: 10 ms. */
export const FEATURE_HOP_SECONDS = 0.01;
/** canary-1b-flash's decoder length (prompt included) when the export does not say. */
export const DEFAULT_MAX_SEQUENCE_LENGTH = 1024;

export interface CanaryModelInfo {
  layout: CanaryLayout;
  /** Mel bins the encoder takes (128 for canary-1b-flash). */
  featureSize: number;
  /** Feature frames per encoder frame (8). */
  subsamplingFactor: number;
  /** Longest decoder sequence, prompt included; bounds the tokens generated per item. */
  maxSequenceLength: number;
  /** Feature normalisation the model was trained with ("per_feature" for Canary). */
  normalize: NemoNormalize;
}

/** Seconds per encoder frame, the unit of the `<|N|>` timestamp tokens (0.08 s for Canary). */
export function secondsPerEncoderFrame(info: CanaryModelInfo): number {
  return FEATURE_HOP_SECONDS * info.subsamplingFactor;
}
