/**
 * Messages between the main thread and an engine worker. One worker loads one model and runs one batch
 * at a time; samples travel in SharedArrayBuffers (shared, not copied; the main thread keeps them for retries).
 */
import type { ModelManifest, ModelManifestInput } from "../models/manifest.js";
import type { ExecutionProvider, ModelCapabilities, TranscribeOptions, Transcript } from "../types.js";
import type { SerializedError } from "./errors.js";

/** What a worker loads, given once as workerData. */
export interface WorkerLoad {
  role: "gigarouter-engine-worker";
  dir: string;
  provider?: ExecutionProvider;
  intraOpThreads?: number;
  manifest?: ModelManifestInput;
  /**
   * A module (file URL) whose `loadModel` replaces the engine's own, e.g. to wrap a model with fault
   * injection in tests. Absent in production.
   */
  loaderModule?: string;
}

export type ToWorker =
  | { type: "run"; batch: number; samples: Float32Array[]; options: TranscribeOptions[] }
  | { type: "close" };

export interface ModelDescription {
  dir: string;
  manifest: ModelManifest;
  provider: ExecutionProvider;
  capabilities: ModelCapabilities;
}

/** Each item's own outcome: one bad item in a batch fails alone. */
export type ItemOutcome = { ok: true; transcript: Transcript } | { ok: false; error: SerializedError };

export type FromWorker =
  | { type: "ready"; model: ModelDescription }
  | { type: "load_failed"; error: SerializedError }
  | { type: "done"; batch: number; outcomes: ItemOutcome[]; runMs: number }
  | { type: "closed" };
