/**
 * Serving models off the caller's event loop: worker threads that each own a loaded model, behind a
 * dynamic batcher. The web server (lib/engine) uses this; `inference/index.ts` stays the in-thread API.
 *
 *   const pool = await openModelPool(dir, { workers: 2, intraOpThreads: 1, maxBatchSize: 16, maxWaitMs: 5 });
 *   const t = await pool.transcribe(bytesOrAudio, { timestamps: true }, { signal });
 *   pool.stats(); await pool.close();
 */
export {
  openModelPool,
  ModelPool,
  type BatchInfo,
  type ModelPoolOptions,
  type PoolStats,
  type RequestOptions,
} from "./pool.js";
export { lengthBucket } from "./batch-queue.js";
export { EngineUnavailableError, type EngineUnavailableCode } from "./errors.js";
