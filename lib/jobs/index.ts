import "server-only";
import { emitJobEvent, onJobEvent, type JobEvent } from "./events";
import { finishJob } from "./execute";
import { appendLog, findJob, markCancelled, TERMINAL, type Job } from "./store";
import { usesPgBoss } from "@/lib/queue";
import { jobWorker } from "./worker";

/**
 * Persisted jobs and the embedded queue. The door for the queue and run APIs:
 *
 *   const job = await submitJob({ key, model, body, mode: "queue", webhookUrl })   // validated, paid for, queued
 *   await queuePosition(job)          // jobs ahead of it
 *   await cancelJob(job)              // refunds the hold
 *   watchJob(job.id, onEvent)         // partial output and state changes, in-process
 *   startJobWorker()                  // instrumentation.ts, at boot
 */

export { submitJob, submitSessionJob, parseInput, type SubmitInput, type SessionSubmitInput } from "./submit";
export { findJob, GUEST_USER_ID, jobLogs, queuePosition, TERMINAL, type Job, type JobLog, type JobMode, type JobStatus, type StoredInput } from "./store";
export { onJobEvent, type JobEvent } from "./events";
export { engineLanguage, toOutput } from "./transcribe";

/** Starts this process's worker (idempotent). */
export function startJobWorker(): void {
  jobWorker();
}

/** The job when it exists and belongs to `userId`, else null (someone else's job looks like none). */
export async function findUserJob(userId: string, jobId: string): Promise<Job | null> {
  const job = await findJob(jobId);
  return job && job.userId === userId ? job : null;
}

export type CancelOutcome = "cancelled" | "already_completed";

/** Cancels a queued or running job and releases its hold; a finished job stays as it is. */
export async function cancelJob(job: Job): Promise<CancelOutcome> {
  if (TERMINAL.includes(job.status) || !(await markCancelled(job.id))) return "already_completed";
  jobWorker().abort(job.id); // a worker in another process notices at its next lease renewal
  await appendLog(job.id, "WARN", "Cancelled by the caller; the hold on your balance was released.");
  emitJobEvent(job.id, { type: "changed" });
  await finishJob(job.id);
  return "cancelled";
}

/** The claim a /run request's job is created with: this process's worker runs it at once. */
export function localClaim(): { workerId: string; leaseMs: number } {
  const worker = jobWorker();
  return { workerId: worker.id, leaseMs: worker.leaseMs };
}

/** Runs a job this process created already claimed (a /run request); resolves when it has ended. */
export function runClaimedJob(job: Job): Promise<void> {
  // With pg-boss the job was queued, not claimed here (lib/jobs/submit.ts): a worker runs it.
  if (usesPgBoss()) return Promise.resolve();
  return jobWorker().run(job);
}

/**
 * Calls `onEvent` for the job's partial outputs and state changes until the returned function is
 * called. In-process events arrive at once; a slow poll of the row covers a worker in another process.
 */
export function watchJob(jobId: string, onEvent: (event: JobEvent) => void, pollMs = 1000): () => void {
  const stopListening = onJobEvent(jobId, onEvent);
  const timer = setInterval(() => onEvent({ type: "changed" }), pollMs);
  timer.unref();
  return () => {
    stopListening();
    clearInterval(timer);
  };
}

/** Resolves with the job once it has ended (or with its current state when `signal` aborts). */
export async function waitForJob(jobId: string, signal?: AbortSignal): Promise<Job | null> {
  return new Promise<Job | null>((resolve) => {
    let settled = false;
    const check = async () => {
      if (settled) return;
      const job = await findJob(jobId);
      if (settled) return;
      if (!job || TERMINAL.includes(job.status) || signal?.aborted) {
        settled = true;
        stop();
        resolve(job);
      }
    };
    const stop = watchJob(jobId, (event) => {
      if (event.type === "changed") void check();
    });
    signal?.addEventListener("abort", () => void check(), { once: true });
    void check();
  });
}
