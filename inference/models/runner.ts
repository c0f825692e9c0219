/**
 * The contract between the engine and a model family. A runner owns its sessions and turns a batch of
 * 16 kHz mono clips into transcripts: preprocess -> session.run -> postprocess, nothing else (decoding
 * encoded audio, option checks against capabilities and batching across requests happen around it).
 */
import type { Audio, ExecutionProvider, ModelCapabilities, TranscribeOptions, Transcript } from "../types.js";
import type { ModelManifest } from "./manifest.js";

export interface RunnerContext {
  /** Absolute model directory. */
  dir: string;
  manifest: ModelManifest;
  /** Preferred provider; runners fall back to CPU through runtime/onnx.ts and report what runs. */
  provider?: ExecutionProvider;
  intraOpThreads?: number;
}

export interface Runner {
  /** The provider that actually runs this runner's sessions. */
  readonly provider: ExecutionProvider;
  readonly capabilities: ModelCapabilities;
  /**
   * One batch through the model. `options` is shared by all items or given per item (same length as
   * `audio`), so a batcher can group requests with different options. Results are in input order.
   */
  transcribeBatch(audio: readonly Audio[], options?: TranscribeOptions | readonly TranscribeOptions[]): Promise<Transcript[]>;
  dispose(): Promise<void>;
}

export type RunnerFactory = (context: RunnerContext) => Promise<Runner>;

export interface RunnerRegistration {
  /** Imported lazily, so loading one model family never loads another's code. */
  load(): Promise<RunnerFactory>;
  /**
   * Recognises this family's published file layout in a directory that has no manifest, from its file
   * names alone; returns the manifest to use, or undefined.
   */
  detect?(fileNames: readonly string[]): ModelManifest | undefined;
}

/** Per-item options of a batch call, validated for length. */
export function optionsForItems(
  count: number,
  options: TranscribeOptions | readonly TranscribeOptions[] | undefined,
): TranscribeOptions[] {
  if (Array.isArray(options)) {
    if (options.length !== count) {
      throw new RangeError(`got ${options.length} option objects for a batch of ${count}`);
    }
    return [...options];
  }
  return Array.from({ length: count }, () => (options ?? {}) as TranscribeOptions);
}
