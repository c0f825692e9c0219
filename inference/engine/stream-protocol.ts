/**
 * Messages between the main thread and a stream worker: one worker runs one streaming model's runner and
 * every live stream on it (so the runner still batches chunks across streams), named by ids the main
 * thread chooses. Audio goes in as transferred buffers; events, decoded seconds and acknowledgements come
 * back in the order the worker produced them.
 */
import type { CreateStreamOptions, FinalReason, Utterance } from "../upstream/kyutai/stream-types.js";
import type { ExecutionProvider } from "../types.js";
import type { SerializedError } from "./errors.js";

/** What a stream worker loads, given once as workerData. */
export interface StreamWorkerLoad {
  role: "gigarouter-stream-worker";
  dir: string;
  provider?: ExecutionProvider;
  intraOpThreads?: number;
  /** createStream refuses streams beyond this many at once ("busy"). */
  maxStreams?: number;
  /**
   * A module (file URL) whose `createNemotronRunner` replaces the engine's, e.g. to hold a step until the
   * test says so; `hookData` is passed to it. Absent in production.
   */
  loaderModule?: string;
  hookData?: unknown;
}

export type ToStreamWorker =
  | { type: "open"; stream: number; options: CreateStreamOptions }
  | { type: "push"; stream: number; samples: Float32Array }
  | { type: "flush"; stream: number; request: number }
  | { type: "close"; stream: number }
  | { type: "abort"; stream: number }
  | { type: "shutdown" };

/** A stream event as it crosses the thread boundary (an Error does not keep its `code` there). */
export type WireStreamEvent =
  | { type: "partial"; utterance: Utterance }
  | { type: "final"; utterance: Utterance; reason: FinalReason }
  | { type: "error"; error: SerializedError };

export type FromStreamWorker =
  | { type: "ready"; provider: ExecutionProvider; latencyMs: number }
  | { type: "load_failed"; error: SerializedError }
  | { type: "opened"; stream: number }
  | { type: "refused"; stream: number; error: SerializedError }
  | { type: "event"; stream: number; event: WireStreamEvent }
  /** After an engine step: seconds of audio each listed stream has been decoded up to. */
  | { type: "progress"; decoded: Array<[stream: number, seconds: number]> }
  | { type: "flushed"; stream: number; request: number }
  | { type: "closed"; stream: number };
