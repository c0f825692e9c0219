import "server-only";
import { releaseKeySpend, settleKeySpend } from "@/lib/api-keys";
import { findModel } from "@/lib/catalog";
import { ConflictError } from "@/lib/errors";
import { releaseHold, settleHold } from "@/lib/credits";
import { db } from "@/lib/db";
import { recordRequest } from "@/lib/metering/request-log";
import { chargeFor, type Charge } from "@/lib/metering/price";
import { findJob, GUEST_USER_ID, KEYLESS_JOB_NAME, type Job } from "./store";

/**
 * Closing a finished job's charge: a completed job settles its hold by the audio's real length (never
 * more than held), a failed or cancelled one releases it whole. Then its request-log row is written.
 *
 * It may run more than once for one job (the worker right after finishing, and the recovery sweep if
 * the process died in between), so every step is safe to repeat: the ledger closes a hold once
 * (settling twice returns the first result, releasing a settled hold changes nothing); the key's spend
 * counters move only for the caller that flips `keySpendClosed`; `chargeState` leaves "held" once.
 * Nothing here can charge a job twice.
 */

function reasonFor(job: Job, modelName: string): string {
  const via = job.apiKeyId === null ? KEYLESS_JOB_NAME : job.mode === "queue" ? "Queue" : "Run";
  return `${via} · ${modelName} · ${job.audioSeconds.toFixed(1)} s`;
}

/** Flips keySpendClosed; true for exactly one caller per job. */
async function claimKeySpend(jobId: string): Promise<boolean> {
  const claimed = await db.queueJob.updateMany({ where: { id: jobId, keySpendClosed: false }, data: { keySpendClosed: true } });
  return claimed.count === 1;
}

export async function closeCharge(jobId: string): Promise<void> {
  const job = await findJob(jobId);
  if (!job || job.chargeState !== "held") return;
  if (job.status === "completed") await settle(job);
  else if (job.status === "failed" || job.status === "cancelled") await release(job);
}

async function settle(job: Job): Promise<void> {
  const model = findModel(job.modelId);
  const reason = reasonFor(job, model?.shortName ?? job.modelId);
  const real = chargeFor(job.audioSeconds, model?.pricing.perMinuteMicroUsd ?? 0);
  // The price held is what the caller agreed to: a change of price meanwhile is not charged beyond it.
  const final: Charge = real.costMicroUsd <= job.heldMicroUsd ? real : { ...real, costMicroUsd: job.heldMicroUsd };
  let charged = 0;
  let note: string | null = null;
  if (job.holdId) {
    try {
      charged = (await settleHold(job.holdId, final.costMicroUsd, { reason })).chargedMicroUsd;
    } catch (error) {
      // Released by someone else (an operator's sweep): the result stays delivered, at no charge.
      if (!(error instanceof ConflictError)) throw error;
      note = "hold_released";
    }
  }
  if (job.apiKeyId && job.heldMicroUsd > 0 && (await claimKeySpend(job.id))) {
    await settleKeySpend(job.apiKeyId, job.heldMicroUsd, charged);
  }
  const updated = await db.queueJob.updateMany({
    where: { id: job.id, chargeState: "held" },
    data: { chargeState: "settled", costMicroUsd: BigInt(charged), billedSeconds: final.billedSeconds },
  });
  if (updated.count === 1) await logRequest(job, { status: 200, errorCode: note, billedSeconds: final.billedSeconds, costMicroUsd: charged });
}

async function release(job: Job): Promise<void> {
  const why = job.status === "cancelled" ? "Request cancelled; hold released" : `Request failed (${job.errorType ?? "error"}); hold released`;
  if (job.holdId) await releaseHold(job.holdId, why);
  if (job.apiKeyId && job.heldMicroUsd > 0 && (await claimKeySpend(job.id))) {
    await releaseKeySpend(job.apiKeyId, job.heldMicroUsd);
  }
  const updated = await db.queueJob.updateMany({ where: { id: job.id, chargeState: "held" }, data: { chargeState: "released" } });
  if (updated.count === 1) {
    // 499 is what the request log uses for a request its caller gave up on.
    await logRequest(job, { status: job.status === "cancelled" ? 499 : (job.errorStatus ?? 500), errorCode: job.errorType ?? "error", billedSeconds: 0, costMicroUsd: 0 });
  }
}

/**
 * The job's row in the API request log (the activity page), written once it has ended. Jobs are not
 * logged as "running" while they wait: the metering sweep releases running rows it thinks abandoned,
 * and a job's hold is this module's to close. Its held credit is traceable meanwhile by the ledger
 * reference, which is the request id.
 */
async function logRequest(job: Job, outcome: { status: number; errorCode: string | null; billedSeconds: number; costMicroUsd: number }): Promise<void> {
  // A guest's free run belongs to nobody: like /v1's free runs, it leaves no row.
  if (job.userId === GUEST_USER_ID) return;
  const key = job.apiKeyId ? await db.apiKey.findUnique({ where: { id: job.apiKeyId }, select: { name: true } }) : null;
  const end = job.finishedAt ?? new Date();
  await recordRequest({
    id: job.id,
    userId: job.userId,
    // The key may have been deleted since; the log keeps no dangling reference.
    apiKeyId: key ? job.apiKeyId : null,
    apiKeyName: key?.name ?? (job.apiKeyId === null ? KEYLESS_JOB_NAME : null),
    endpoint: job.input.task === "translate" ? "translation" : "transcription",
    model: job.modelId,
    responseFormat: job.mode,
    stream: job.mode === "stream",
    status: outcome.status,
    errorCode: outcome.errorCode,
    audioSeconds: job.audioSeconds,
    billedSeconds: outcome.billedSeconds,
    costMicroUsd: outcome.costMicroUsd,
    holdId: job.holdId,
    latencyMs: end.getTime() - job.createdAt.getTime(),
  }).catch((error: unknown) => console.error(`[${job.id}] could not record the request:`, error));
}
