import "server-only";
import { db } from "@/lib/db";
import { fromDbAmount } from "@/lib/credits/money";

/**
 * The jobs table: every read and every state change of a job. State changes are conditional updates
 * (`UPDATE ... WHERE id = ? AND status = ? [AND workerId = ?]`), atomic on SQLite and PostgreSQL
 * alike, so two workers (or a worker and a cancel) can never both win a transition:
 *
 *   queued --claim--> running --complete--> completed
 *     |                 |  \---fail-------> failed
 *     |                 |  \---lease lost--> queued (again) or failed
 *     \--cancel--> cancelled <--cancel--/
 */

export type JobStatus = "queued" | "running" | "completed" | "failed" | "cancelled";
/** Where the request came from: POST /queue/..., POST /run/... (synchronous) or POST /run/.../stream. */
export type JobMode = "queue" | "run" | "stream";
export type ChargeState = "held" | "settled" | "released";

export const TERMINAL: readonly JobStatus[] = ["completed", "failed", "cancelled"];

export interface StoredInput {
  /** As given; a data URI is shortened to a note (its bytes are the job's stored audio). */
  audio_url: string;
  language: string;
  acceleration: string;
  /** Playground runs only (the queue API's input has none of these): what /v1 calls them. */
  task?: "transcribe" | "translate";
  target_language?: string;
  /** false asks a model that can toggle it for text without punctuation and capitals. */
  punctuation?: boolean;
  /** false: no segment or word times wanted (the default asks for them where the model has them). */
  timestamps?: boolean;
}

/**
 * Owner of a signed-out visitor's free playground run (the bundled model on a sample clip). No user
 * has this id, so such a job is nobody's to list, is never charged and never logged as a request.
 */
export const GUEST_USER_ID = "playground-guest";

/** How a job without an API key (the playground's) reads in the ledger and the activity log. */
export const KEYLESS_JOB_NAME = "Playground";

export interface Job {
  id: string;
  userId: string;
  apiKeyId: string | null;
  modelId: string;
  queue: string;
  mode: JobMode;
  status: JobStatus;
  input: StoredInput;
  audioFileId: string;
  audioSeconds: number;
  heldMicroUsd: number;
  holdId: string | null;
  chargeState: ChargeState;
  keySpendClosed: boolean;
  costMicroUsd: number;
  billedSeconds: number;
  webhookUrl: string | null;
  enqueuedAt: Date;
  attempts: number;
  workerId: string | null;
  leaseExpiresAt: Date | null;
  startedAt: Date | null;
  finishedAt: Date | null;
  /** The output, once completed. */
  result: unknown;
  errorStatus: number | null;
  errorBody: unknown;
  errorType: string | null;
  inferenceMs: number | null;
  createdAt: Date;
}

type JobRow = NonNullable<Awaited<ReturnType<typeof db.queueJob.findUnique>>>;

function parseJson(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

export function toJob(row: JobRow): Job {
  return {
    id: row.id,
    userId: row.userId,
    apiKeyId: row.apiKeyId,
    modelId: row.modelId,
    queue: row.queue,
    mode: row.mode === "run" || row.mode === "stream" ? row.mode : "queue",
    status: row.status as JobStatus,
    input: parseJson(row.input) as StoredInput,
    audioFileId: row.audioFileId,
    audioSeconds: row.audioSeconds,
    heldMicroUsd: fromDbAmount(row.heldMicroUsd),
    holdId: row.holdId,
    chargeState: row.chargeState as ChargeState,
    keySpendClosed: row.keySpendClosed,
    costMicroUsd: fromDbAmount(row.costMicroUsd),
    billedSeconds: row.billedSeconds,
    webhookUrl: row.webhookUrl,
    enqueuedAt: row.enqueuedAt,
    attempts: row.attempts,
    workerId: row.workerId,
    leaseExpiresAt: row.leaseExpiresAt,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
    result: parseJson(row.result),
    errorStatus: row.errorStatus,
    errorBody: parseJson(row.errorBody),
    errorType: row.errorType,
    inferenceMs: row.inferenceMs,
    createdAt: row.createdAt,
  };
}

export async function findJob(id: string): Promise<Job | null> {
  const row = await db.queueJob.findUnique({ where: { id } });
  return row ? toJob(row) : null;
}

export interface NewJob {
  id: string;
  queue: string;
  userId: string;
  /** Null for a job submitted without a key: the playground's, made by a signed-in person (or a guest). */
  apiKeyId: string | null;
  modelId: string;
  mode: JobMode;
  input: StoredInput;
  audioFileId: string;
  audioSeconds: number;
  heldMicroUsd: number;
  holdId: string | null;
  webhookUrl: string | null;
  /** A run request is claimed by its own process at once instead of waiting in the queue. */
  claimedBy?: { workerId: string; leaseMs: number };
}

export async function insertJob(job: NewJob): Promise<Job> {
  const now = new Date();
  const row = await db.queueJob.create({
    data: {
      id: job.id,
      userId: job.userId,
      apiKeyId: job.apiKeyId,
      modelId: job.modelId,
      queue: job.queue,
      mode: job.mode,
      status: job.claimedBy ? "running" : "queued",
      input: JSON.stringify(job.input),
      audioFileId: job.audioFileId,
      audioSeconds: job.audioSeconds,
      heldMicroUsd: BigInt(job.heldMicroUsd),
      holdId: job.holdId,
      // Closed (settled or released) when the job ends, even for a free request: that also completes its log row.
      chargeState: "held",
      // Nothing was reserved on the key for a free request, so there is nothing to close.
      keySpendClosed: job.heldMicroUsd === 0,
      webhookUrl: job.webhookUrl,
      enqueuedAt: now,
      ...(job.claimedBy
        ? { workerId: job.claimedBy.workerId, leaseExpiresAt: new Date(now.getTime() + job.claimedBy.leaseMs), attempts: 1, startedAt: now }
        : {}),
    },
  });
  return toJob(row);
}

/** Jobs ahead of this one in the queue (0 = next to run); null when it is not queued. */
export async function queuePosition(job: Pick<Job, "id" | "status" | "enqueuedAt" | "queue">): Promise<number | null> {
  if (job.status !== "queued") return null;
  return db.queueJob.count({
    where: {
      queue: job.queue,
      status: "queued",
      OR: [{ enqueuedAt: { lt: job.enqueuedAt } }, { enqueuedAt: job.enqueuedAt, id: { lt: job.id } }],
    },
  });
}

/** Claims the oldest job queued in `queue` for `workerId`, or null when the queue is empty. */
export async function claimNextJob(queue: string, workerId: string, leaseMs: number): Promise<Job | null> {
  for (let tries = 0; tries < 5; tries++) {
    const candidate = await db.queueJob.findFirst({
      where: { queue, status: "queued" },
      orderBy: [{ enqueuedAt: "asc" }, { id: "asc" }],
      select: { id: true },
    });
    if (!candidate) return null;
    const now = new Date();
    const claimed = await db.queueJob.updateMany({
      where: { id: candidate.id, status: "queued" },
      data: { status: "running", workerId, leaseExpiresAt: new Date(now.getTime() + leaseMs), attempts: { increment: 1 }, startedAt: now },
    });
    if (claimed.count === 1) return findJob(candidate.id);
    // Another worker took it first: try the next one.
  }
  return null;
}

/** Extends the leases of the jobs this worker runs; returns the ids it still holds. */
export async function renewLeases(workerId: string, ids: string[], leaseMs: number): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  await db.queueJob.updateMany({
    where: { id: { in: ids }, status: "running", workerId },
    data: { leaseExpiresAt: new Date(Date.now() + leaseMs) },
  });
  const held = await db.queueJob.findMany({ where: { id: { in: ids }, status: "running", workerId }, select: { id: true } });
  return new Set(held.map((r) => r.id));
}

/** running -> completed, only for the worker that holds it. False when it lost the job meanwhile. */
export async function markCompleted(id: string, workerId: string, result: unknown, inferenceMs: number): Promise<boolean> {
  const done = await db.queueJob.updateMany({
    where: { id, status: "running", workerId },
    data: { status: "completed", result: JSON.stringify(result), inferenceMs: Math.round(inferenceMs), finishedAt: new Date(), leaseExpiresAt: null },
  });
  return done.count === 1;
}

export interface Failure {
  status: number;
  body: unknown;
  type: string;
}

/** Which job rows a transition may touch: its current states, and optionally its worker or an expired lease. */
export interface Guard {
  from: JobStatus[];
  workerId?: string;
  leaseExpiredBefore?: Date;
}

/** -> failed, when the guard holds. False when the job was elsewhere. */
export async function markFailed(id: string, failure: Failure, guard: Guard): Promise<boolean> {
  const done = await db.queueJob.updateMany({
    where: {
      id,
      status: { in: guard.from },
      ...(guard.workerId ? { workerId: guard.workerId } : {}),
      ...(guard.leaseExpiredBefore ? { leaseExpiresAt: { lt: guard.leaseExpiredBefore } } : {}),
    },
    data: {
      status: "failed",
      errorStatus: failure.status,
      errorBody: JSON.stringify(failure.body),
      errorType: failure.type,
      finishedAt: new Date(),
      leaseExpiresAt: null,
    },
  });
  return done.count === 1;
}

/** queued|running -> cancelled. */
export async function markCancelled(id: string): Promise<boolean> {
  const done = await db.queueJob.updateMany({
    where: { id, status: { in: ["queued", "running"] } },
    data: {
      status: "cancelled",
      errorStatus: 400,
      errorBody: JSON.stringify({ detail: "The request was cancelled before it finished.", code: "cancelled" }),
      errorType: "cancelled",
      finishedAt: new Date(),
      leaseExpiresAt: null,
    },
  });
  return done.count === 1;
}

/** running -> queued again (keeping its place), e.g. after its worker died or the engine was restarting. */
export async function requeue(id: string, condition: { workerId?: string; leaseExpiredBefore?: Date }): Promise<boolean> {
  const done = await db.queueJob.updateMany({
    where: {
      id,
      status: "running",
      ...(condition.workerId ? { workerId: condition.workerId } : {}),
      ...(condition.leaseExpiredBefore ? { leaseExpiresAt: { lt: condition.leaseExpiredBefore } } : {}),
    },
    data: { status: "queued", workerId: null, leaseExpiresAt: null, startedAt: null },
  });
  return done.count === 1;
}

/** Running jobs of `queue` whose worker stopped renewing their lease. */
export async function expiredLeases(queue: string, now: Date, limit = 100): Promise<Job[]> {
  const rows = await db.queueJob.findMany({ where: { queue, status: "running", leaseExpiresAt: { lt: now } }, take: limit });
  return rows.map(toJob);
}

/** Finished jobs whose charge is still open (the process stopped between finishing and settling). */
export async function finishedWithOpenCharge(queue: string, olderThan: Date, limit = 100): Promise<Job[]> {
  const rows = await db.queueJob.findMany({
    where: { queue, status: { in: [...TERMINAL] }, chargeState: "held", finishedAt: { lt: olderThan } },
    take: limit,
  });
  return rows.map(toJob);
}

export type LogLevel = "INFO" | "WARN" | "ERROR" | "DEBUG";

export async function appendLog(jobId: string, level: LogLevel, message: string): Promise<void> {
  await db.queueJobLog.create({ data: { jobId, level, message: message.slice(0, 2000) } });
}

export interface JobLog {
  message: string;
  level: LogLevel;
  source: "USER";
  timestamp: string;
}

/** fal's RequestLog shape. */
export async function jobLogs(jobId: string): Promise<JobLog[]> {
  const rows = await db.queueJobLog.findMany({ where: { jobId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
  return rows.map((r) => ({ message: r.message, level: r.level as LogLevel, source: "USER", timestamp: r.createdAt.toISOString() }));
}
