import "server-only";
import { setTimeout as sleep } from "node:timers/promises";
import { getModel } from "@/lib/catalog";
import { env } from "@/lib/env";
import { toAppError, UnavailableError } from "@/lib/errors";
import { deleteStoredFile, readStoredFile } from "@/lib/files";
import { falErrorBody } from "@/lib/queue-api/errors";
import { enqueueWebhook, type WebhookBody } from "@/lib/webhooks";
import { inputRefusal } from "./audio";
import { closeCharge } from "./billing";
import { emitJobEvent, emitQueued } from "./events";
import { appendLog, findJob, markCompleted, markFailed, requeue, TERMINAL, type Guard, type Job } from "./store";
import { runTranscription, toOutput } from "./transcribe";

/**
 * One claimed job, start to end: engine -> output -> completed (or failed), then its webhook and its
 * charge. Every transition is conditional on this worker still holding the job, so a job cancelled or
 * taken over meanwhile is left to whoever changed it, and its result (if any) is dropped unbilled.
 */

export interface ExecuteContext {
  workerId: string;
  /** Aborted when the job is cancelled or this worker lost its lease. */
  signal: AbortSignal;
}

export async function executeJob(job: Job, context: ExecuteContext): Promise<void> {
  const { workerId, signal } = context;
  const model = await getModel(job.modelId);
  if (!model || model.status !== "live") {
    await failJob(job.id, new UnavailableError(`${model?.name ?? job.modelId} is not being served any more; nothing was charged.`, { code: "model_not_live" }), { from: ["running"], workerId });
    return;
  }
  await appendLog(job.id, "INFO", `Started on ${model.name} (attempt ${job.attempts}).`);
  emitJobEvent(job.id, { type: "changed" });

  // Tests only: keeps the job running long enough to stop the server under it.
  if (env.QUEUE_TEST_RUN_DELAY_MS > 0) await sleep(env.QUEUE_TEST_RUN_DELAY_MS, undefined, { signal }).catch(() => undefined);
  if (signal.aborted) return;

  let transcript;
  const started = performance.now();
  try {
    const { bytes } = await readStoredFile(job.audioFileId);
    transcript = await runTranscription(model, bytes, job.input, {
      signal,
      onPartial: (output) => emitJobEvent(job.id, { type: "partial", output }),
      streamed: job.mode === "stream",
    });
  } catch (error) {
    if (signal.aborted) return;
    const failure = toAppError(inputRefusal(error));
    // The engine was restarting or overloaded: worth another go while attempts remain.
    if (failure.status >= 500 && job.attempts < env.QUEUE_MAX_ATTEMPTS && (await requeue(job.id, { workerId }))) {
      await appendLog(job.id, "WARN", `The engine could not run it (${failure.code ?? failure.status}); queued again.`);
      emitJobEvent(job.id, { type: "changed" });
      emitQueued();
      return;
    }
    await failJob(job.id, failure, { from: ["running"], workerId });
    return;
  }
  const inferenceMs = performance.now() - started;
  if (!(await markCompleted(job.id, workerId, toOutput(model, transcript), inferenceMs))) return;
  await appendLog(job.id, "INFO", `Completed: ${transcript.durationSeconds.toFixed(2)} s of audio in ${(inferenceMs / 1000).toFixed(2)} s on ${transcript.provider}.`);
  emitJobEvent(job.id, { type: "changed" });
  await finishJob(job.id);
}

/** -> failed (when the guard holds), then its webhook and refund. False when the job was elsewhere. */
export async function failJob(jobId: string, error: unknown, guard: Guard): Promise<boolean> {
  const appError = toAppError(error);
  const { status, body } = falErrorBody(appError);
  if (!(await markFailed(jobId, { status, body, type: appError.code ?? appError.type }, guard))) return false;
  await appendLog(jobId, "ERROR", appError.status >= 500 && appError.code === "internal_error" ? "The request failed on our side." : appError.message);
  emitJobEvent(jobId, { type: "changed" });
  await finishJob(jobId);
  return true;
}

function webhookBody(job: Job): WebhookBody {
  const base = { request_id: job.id, gateway_request_id: job.id };
  if (job.status === "completed") return { ...base, status: "OK", payload: job.result };
  const detail = (job.errorBody as { detail?: unknown } | null)?.detail;
  const error = typeof detail === "string" ? detail : job.status === "cancelled" ? "Request cancelled" : `Invalid status code: ${job.errorStatus ?? 500}`;
  return { ...base, status: "ERROR", payload: job.errorBody, error };
}

/**
 * Everything after a job has ended, safe to repeat (the recovery sweep calls it again for jobs whose
 * process died in between): queue its webhook (idempotent per job), close its charge (idempotent),
 * then drop its audio, which nothing needs any more.
 */
export async function finishJob(jobId: string): Promise<void> {
  const job = await findJob(jobId);
  if (!job || !TERMINAL.includes(job.status)) return;
  if (job.webhookUrl) await enqueueWebhook({ userId: job.userId, jobId: job.id, queue: job.queue, url: job.webhookUrl, body: webhookBody(job) });
  await closeCharge(job.id);
  await deleteStoredFile(job.audioFileId).catch(() => undefined);
}
