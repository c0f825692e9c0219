import "server-only";
import { EventEmitter } from "node:events";
import type { QueueOutput } from "@/lib/queue-api/schema";

/**
 * In-process notifications about jobs: partial output while the engine works, and "something
 * changed" (claimed, finished, cancelled, logged). Streams and status streams in the same process
 * hear them at once; the database stays the truth, so a listener in another process (or one that
 * subscribed late) still gets every state change by reading the row.
 */

export type JobEvent =
  | { type: "partial"; output: QueueOutput }
  | { type: "changed" };

const globalForEvents = globalThis as typeof globalThis & { gigarouterJobEvents?: EventEmitter };
const bus = (globalForEvents.gigarouterJobEvents ??= new EventEmitter().setMaxListeners(0));

export function emitJobEvent(jobId: string, event: JobEvent): void {
  bus.emit(jobId, event);
}

/** Calls `listener` for each event of the job until the returned function is called. */
export function onJobEvent(jobId: string, listener: (event: JobEvent) => void): () => void {
  bus.on(jobId, listener);
  return () => bus.off(jobId, listener);
}

/** Anything was queued in this process: wakes the worker at once instead of at its next poll. */
export function onQueued(listener: () => void): () => void {
  bus.on("queued", listener);
  return () => bus.off("queued", listener);
}

export function emitQueued(): void {
  bus.emit("queued");
}
