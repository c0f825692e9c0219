import "server-only";
import { env } from "@/lib/env";

/**
 * Which part this process plays. With the embedded backend every process is everything. With
 * pg-boss, web instances run no inference (they enqueue and wait) and `npm run worker` processes do.
 */

const globalForRole = globalThis as typeof globalThis & { gigarouterInferenceWorker?: boolean };

/** Called once by scripts/worker.ts, before anything else runs. */
export function markInferenceWorker(): void {
  globalForRole.gigarouterInferenceWorker = true;
}

/** True when inference must go through the queue engine instead of this process's engine. */
export function inferenceIsRemote(): boolean {
  return env.QUEUE_BACKEND === "pg-boss" && globalForRole.gigarouterInferenceWorker !== true;
}

export function usesPgBoss(): boolean {
  return env.QUEUE_BACKEND === "pg-boss";
}
