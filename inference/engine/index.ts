/**
 * Serving models off the caller's event loop: worker threads that each own a loaded model, behind a
 * dynamic batcher. The web server (lib/engine) uses this; `inference/index.ts` stays the in-thread API.
 *
 *   const pool = await openModelPool(dir, { workers: 2, intraOpThreads: 1, maxBatchSize: 16, maxWaitMs: 5 });
 *   const t = await pool.transcribe(bytesOrAudio, { timestamps: true }, { signal });
 *   pool.stats(); await pool.close();
 *
 * Live streams (the realtime API) get a worker of their own per model: `openStreamWorker(dir)` is a
 * StreamingModel whose runner and sessions run in that thread.
 */
export {
  openModelPool,
  ModelPool,
  type BatchInfo,
  type ModelPoolOptions,
  type PoolStats,
  type RequestOptions,
} from "./pool.js";
export { openStreamWorker, type StreamWorker, type StreamWorkerOptions } from "./streams.js";
export { lengthBucket } from "./batch-queue.js";
export { EngineUnavailableError, type EngineUnavailableCode } from "./errors.js";
