import "server-only";
import { env } from "@/lib/env";
import { jobLogs, queuePosition, type Job, type JobLog } from "@/lib/jobs";
import { microUsdToUsdNumber } from "@/lib/metering/price";

/**
 * A job as fal's queue reports it: IN_QUEUE (with queue_position), IN_PROGRESS (with logs), COMPLETED
 * (with logs and metrics). Failed and cancelled jobs are COMPLETED too, as on fal: the status tells the
 * client to stop waiting, and the result endpoint answers with the error. Beside fal's fields:
 * `billing` (the price held, then what was charged or refunded) and, for a failed or cancelled job,
 * `error` and `error_type`.
 */

export type FalStatus = "IN_QUEUE" | "IN_PROGRESS" | "COMPLETED";

export interface RequestUrls {
  request_id: string;
  response_url: string;
  status_url: string;
  cancel_url: string;
}

export function requestUrls(job: Pick<Job, "id" | "modelId">): RequestUrls {
  const base = new URL(`/queue/${job.modelId}/requests/${job.id}`, env.PUBLIC_URL).toString();
  return { request_id: job.id, response_url: base, status_url: `${base}/status`, cancel_url: `${base}/cancel` };
}

export interface Billing {
  /** Seconds of audio in the request. */
  audio_seconds: number;
  /** Seconds billed (whole seconds, at least one). */
  billed_seconds: number | null;
  /** held: reserved on your balance; charged: settled at this price; refunded: the hold was released. */
  state: "held" | "charged" | "refunded";
  /** US dollars: the amount held, charged, or 0 once refunded. */
  amount_usd: number;
}

export function billingOf(job: Job): Billing {
  const audio = Math.round(job.audioSeconds * 1000) / 1000;
  if (job.chargeState === "settled") return { audio_seconds: audio, billed_seconds: job.billedSeconds, state: "charged", amount_usd: microUsdToUsdNumber(job.costMicroUsd) };
  if (job.chargeState === "released") return { audio_seconds: audio, billed_seconds: 0, state: "refunded", amount_usd: 0 };
  return { audio_seconds: audio, billed_seconds: null, state: "held", amount_usd: microUsdToUsdNumber(job.heldMicroUsd) };
}

export function falStatusOf(job: Pick<Job, "status">): FalStatus {
  if (job.status === "queued") return "IN_QUEUE";
  if (job.status === "running") return "IN_PROGRESS";
  return "COMPLETED";
}

export interface StatusBody extends RequestUrls {
  status: FalStatus;
  queue_position?: number;
  logs: JobLog[];
  metrics?: { inference_time: number | null };
  error?: string;
  error_type?: string;
  billing: Billing;
}

/** The status body and its HTTP status (202 while waiting or running, 200 once completed, as fal answers). */
export async function statusOf(job: Job, withLogs: boolean): Promise<{ httpStatus: 200 | 202; body: StatusBody }> {
  const status = falStatusOf(job);
  const body: StatusBody = { status, ...requestUrls(job), logs: withLogs ? await jobLogs(job.id) : [], billing: billingOf(job) };
  if (status === "IN_QUEUE") body.queue_position = (await queuePosition(job)) ?? 0;
  if (status === "COMPLETED") {
    body.metrics = { inference_time: job.inferenceMs === null ? null : job.inferenceMs / 1000 };
    if (job.status !== "completed") {
      const detail = (job.errorBody as { detail?: unknown } | null)?.detail;
      body.error = typeof detail === "string" ? detail : Array.isArray(detail) ? String((detail[0] as { msg?: string })?.msg ?? "Invalid input") : "The request failed.";
      body.error_type = job.errorType ?? "error";
    }
  }
  return { httpStatus: status === "COMPLETED" ? 200 : 202, body };
}
