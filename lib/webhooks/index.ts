import "server-only";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { FetchUrlError, parseHttpUrl, pinnedRequest } from "@/lib/fetch-url";
import { usesPgBoss } from "@/lib/queue/role";
import { scheduleDeliveryAttempt, type DeliveryMessage } from "@/lib/queue/webhook-deliveries";
import { generateSecret, signedHeaders } from "./signature";

/**
 * Webhooks: a job's result POSTed to the URL its caller gave (fal's `fal_webhook`), signed with the
 * account's secret (./signature.ts), retried with exponential backoff for hours, every attempt logged,
 * and replayable from the account page.
 *
 * - One delivery per job; its id ("msg_…") is the idempotency key, identical on every retry and replay.
 * - The schedule is in the database (`nextAttemptAt`): a restart loses nothing; the dispatcher claims a
 *   due delivery with a conditional update (`lockedUntil`), so two processes never send one attempt twice.
 * - Attempt n (n >= 1) failing waits WEBHOOK_RETRY_BASE_SECONDS x 2^(n-1), at most an hour, +-10 %, for
 *   WEBHOOK_MAX_ATTEMPTS attempts (defaults: 10 s, 20 s, 40 s, ... about six hours in all).
 * - Success is any 2xx. Redirects are not followed (a webhook URL should be the final one). A URL that
 *   resolves to a private address is refused for good: retrying cannot make it public.
 * - Who sends: with the embedded queue, every server's job worker polls for due rows
 *   (dispatchDueWebhooks). With QUEUE_BACKEND=pg-boss, each attempt is a pg-boss message due at its
 *   scheduled time (lib/queue/webhook-deliveries.ts), taken by a web instance (lib/queue/senders.ts);
 *   the row is still the schedule and the guard, and dispatchDueWebhooks only re-queues attempts whose
 *   message was lost (the row and the message are written by two connections, so one can fail alone).
 */

export { verify as verifyWebhookSignature, TOLERANCE_SECONDS } from "./signature";

export type DeliveryStatus = "pending" | "delivered" | "failed";

/** The account's signing secret, created on first use. */
export async function webhookSecret(userId: string): Promise<string> {
  const existing = await db.webhookSecret.findUnique({ where: { userId } });
  if (existing) return existing.secret;
  try {
    return (await db.webhookSecret.create({ data: { userId, secret: generateSecret() } })).secret;
  } catch {
    // Created concurrently: use the one that won.
    return (await db.webhookSecret.findUniqueOrThrow({ where: { userId } })).secret;
  }
}

/** A new secret; deliveries signed from now on use it (receivers must switch over). */
export async function rotateWebhookSecret(userId: string): Promise<string> {
  const secret = generateSecret();
  await db.webhookSecret.upsert({ where: { userId }, create: { userId, secret }, update: { secret, rotatedAt: new Date() } });
  return secret;
}

/** Whether `url` can be a webhook target (http/https, no credentials); throws FetchUrlError otherwise. */
export function checkWebhookUrl(url: string): URL {
  const parsed = parseHttpUrl(url);
  if (url.length > 2048) throw new FetchUrlError("invalid_url", "The webhook URL is longer than 2048 characters.");
  return parsed;
}

/** fal's webhook body: {request_id, gateway_request_id, status: "OK"|"ERROR", payload, error?}. */
export interface WebhookBody {
  request_id: string;
  gateway_request_id: string;
  status: "OK" | "ERROR";
  payload: unknown;
  error?: string;
}

/** The delivery id of a job's webhook: derived from the job, so queueing it twice is harmless. */
export function deliveryIdFor(jobId: string): string {
  return `msg_${jobId.replaceAll("-", "")}`;
}

/** Queues a job's webhook for sending now. Idempotent per job. */
export async function enqueueWebhook(input: { userId: string; jobId: string; queue: string; url: string; body: WebhookBody }): Promise<void> {
  const id = deliveryIdFor(input.jobId);
  if (await db.webhookDelivery.findUnique({ where: { id }, select: { id: true } })) return;
  const now = new Date();
  try {
    await db.webhookDelivery.create({
      data: { id, userId: input.userId, jobId: input.jobId, queue: input.queue, url: input.url, payload: JSON.stringify(input.body), status: "pending", nextAttemptAt: now },
    });
  } catch (error) {
    if (await db.webhookDelivery.findUnique({ where: { id }, select: { id: true } })) return;
    throw error;
  }
  if (usesPgBoss()) await schedule({ deliveryId: id, attempt: 1 }, now);
}

/** pg-boss: the message for an attempt. Not fatal when it fails: the sweep in dispatchDueWebhooks re-queues it. */
async function schedule(message: DeliveryMessage, at: Date): Promise<void> {
  await scheduleDeliveryAttempt(message, at).catch((error: unknown) => {
    console.error(`[webhooks] ${message.deliveryId}: could not queue attempt ${message.attempt} (the sweep will):`, error instanceof Error ? error.message : error);
  });
}

/** Seconds to wait after the `attempt`-th failure. */
export function retryDelaySeconds(attempt: number, base = env.WEBHOOK_RETRY_BASE_SECONDS, random = Math.random): number {
  const plain = Math.min(base * 2 ** Math.max(0, attempt - 1), 3600);
  return plain * (0.9 + 0.2 * random());
}

/** How long a claimed delivery stays locked: one attempt's time limit plus slack. */
function lockMs(): number {
  return (env.WEBHOOK_TIMEOUT_SECONDS + 30) * 1000;
}

async function claim(id: string, now: Date, where: { status?: DeliveryStatus; attempts?: number } = {}): Promise<boolean> {
  const claimed = await db.webhookDelivery.updateMany({
    where: { id, ...where, OR: [{ lockedUntil: null }, { lockedUntil: { lt: now } }] },
    data: { lockedUntil: new Date(now.getTime() + lockMs()) },
  });
  return claimed.count === 1;
}

interface AttemptOutcome {
  ok: boolean;
  statusCode: number | null;
  error: string | null;
  /** Retrying cannot help (e.g. the URL resolves to a private address). */
  permanent: boolean;
}

async function send(url: string, id: string, body: string, secret: string, jobId: string | null): Promise<AttemptOutcome> {
  const signal = AbortSignal.timeout(env.WEBHOOK_TIMEOUT_SECONDS * 1000);
  try {
    const response = await pinnedRequest(parseHttpUrl(url), {
      method: "POST",
      signal,
      allowLoopback: env.ALLOW_LOOPBACK_FETCH,
      body,
      headers: {
        "content-type": "application/json",
        "content-length": String(Buffer.byteLength(body)),
        "user-agent": "gigarouter-webhooks/1",
        ...(jobId ? { "x-gigarouter-request-id": jobId } : {}),
        ...signedHeaders(secret, id, body),
      },
    });
    // The answer's body is not needed; read (a little of) it so the connection ends cleanly.
    let read = 0;
    for await (const chunk of response.body as AsyncIterable<Buffer>) {
      read += chunk.byteLength;
      if (read > 64 * 1024) {
        response.body.destroy();
        break;
      }
    }
    const ok = response.status >= 200 && response.status < 300;
    return { ok, statusCode: response.status, error: ok ? null : `HTTP ${response.status}`, permanent: false };
  } catch (error) {
    if (error instanceof FetchUrlError) {
      const permanent = ["address_not_allowed", "unsupported_scheme", "invalid_url", "credentials_in_url"].includes(error.code);
      return { ok: false, statusCode: null, error: error.message, permanent };
    }
    return { ok: false, statusCode: null, error: signal.aborted ? "timed out" : (error as Error).message, permanent: false };
  }
}

/** One attempt of a claimed delivery, recorded; reschedules or closes it. */
async function attempt(id: string, trigger: "automatic" | "replay"): Promise<AttemptOutcome> {
  const delivery = await db.webhookDelivery.findUniqueOrThrow({ where: { id } });
  const secret = await webhookSecret(delivery.userId);
  const started = performance.now();
  const outcome = await send(delivery.url, delivery.id, delivery.payload, secret, delivery.jobId);
  const number = delivery.attempts + 1;
  await db.webhookAttempt.create({
    data: {
      deliveryId: id,
      number,
      trigger,
      statusCode: outcome.statusCode,
      error: outcome.error?.slice(0, 500) ?? null,
      durationMs: Math.round(performance.now() - started),
    },
  });
  const now = new Date();
  let next: { status: DeliveryStatus; nextAttemptAt: Date | null; deliveredAt?: Date } | null;
  if (outcome.ok) next = { status: "delivered", nextAttemptAt: null, deliveredAt: now };
  else if (trigger === "replay") next = null; // a manual try leaves the schedule as it was
  else if (outcome.permanent || number >= env.WEBHOOK_MAX_ATTEMPTS) next = { status: "failed", nextAttemptAt: null };
  else next = { status: "pending", nextAttemptAt: new Date(now.getTime() + retryDelaySeconds(number) * 1000) };
  await db.webhookDelivery.update({
    where: { id },
    data: { attempts: number, lastStatusCode: outcome.statusCode, lastError: outcome.error?.slice(0, 500) ?? null, lockedUntil: null, ...(next ?? {}) },
  });
  if (usesPgBoss() && next?.status === "pending" && next.nextAttemptAt) await schedule({ deliveryId: id, attempt: number + 1 }, next.nextAttemptAt);
  return outcome;
}

/**
 * pg-boss: one scheduled attempt. Made only while the row still owes exactly that attempt (pending,
 * `attempt - 1` made, not locked by another sender); otherwise the message is stale and does nothing.
 * A database error is thrown, so pg-boss tries the message again.
 */
export async function runScheduledAttempt(message: DeliveryMessage): Promise<void> {
  if (!(await claim(message.deliveryId, new Date(), { status: "pending", attempts: message.attempt - 1 }))) return;
  const outcome = await attempt(message.deliveryId, "automatic");
  if (!outcome.ok) console.warn(`[webhooks] ${message.deliveryId}: attempt ${message.attempt} failed: ${outcome.error ?? "unknown"}`);
}

/** A due delivery whose attempt has not started this long after its time has lost its message. */
const LOST_AFTER_MS = 30_000;
const SWEEP_EVERY_MS = 10_000;
const lastSweep = new Map<string, number>();

/** pg-boss: queues again the attempts of `queue` that are overdue and unclaimed (their message was lost). */
async function requeueLostAttempts(queue: string, limit: number): Promise<number> {
  const now = Date.now();
  if (now - (lastSweep.get(queue) ?? 0) < SWEEP_EVERY_MS) return 0;
  lastSweep.set(queue, now);
  const overdue = new Date(now - LOST_AFTER_MS);
  const lost = await db.webhookDelivery.findMany({
    where: { queue, status: "pending", nextAttemptAt: { lte: overdue }, OR: [{ lockedUntil: null }, { lockedUntil: { lt: new Date(now) } }] },
    orderBy: { nextAttemptAt: "asc" },
    take: limit,
    select: { id: true, attempts: true },
  });
  for (const row of lost) {
    console.warn(`[webhooks] ${row.id}: attempt ${row.attempts + 1} is overdue with no sender; queued again`);
    await scheduleDeliveryAttempt({ deliveryId: row.id, attempt: row.attempts + 1 }, new Date(now));
  }
  return lost.length;
}

/**
 * Sends every due delivery of `queue` (at most `limit`); returns how many were attempted. With pg-boss,
 * where messages carry the schedule, it queues again only the attempts whose message was lost.
 */
export async function dispatchDueWebhooks(queue: string, limit = 20): Promise<number> {
  if (usesPgBoss()) return requeueLostAttempts(queue, limit);
  const now = new Date();
  const due = await db.webhookDelivery.findMany({
    where: { queue, status: "pending", nextAttemptAt: { lte: now }, OR: [{ lockedUntil: null }, { lockedUntil: { lt: now } }] },
    orderBy: { nextAttemptAt: "asc" },
    take: limit,
    select: { id: true },
  });
  let attempted = 0;
  await Promise.all(
    due.map(async ({ id }) => {
      if (!(await claim(id, now, { status: "pending" }))) return;
      attempted += 1;
      await attempt(id, "automatic").catch((error: unknown) => console.error(`[webhooks] ${id}:`, error));
    }),
  );
  return attempted;
}

export interface ReplayResult {
  delivered: boolean;
  statusCode: number | null;
  error: string | null;
}

/** Sends one of the user's deliveries again now, whatever its state (same id, fresh signature). */
export async function replayDelivery(userId: string, id: string): Promise<ReplayResult> {
  const delivery = await db.webhookDelivery.findFirst({ where: { id, userId }, select: { id: true } });
  if (!delivery) throw new NotFoundError("There is no such webhook delivery.", { code: "delivery_not_found" });
  if (!(await claim(id, new Date()))) throw new ConflictError("This webhook is being sent right now; try again in a moment.", { code: "delivery_busy" });
  const outcome = await attempt(id, "replay");
  return { delivered: outcome.ok, statusCode: outcome.statusCode, error: outcome.error };
}

export interface DeliveryAttemptView {
  number: number;
  trigger: "automatic" | "replay";
  statusCode: number | null;
  error: string | null;
  durationMs: number;
  at: Date;
}

export interface DeliveryView {
  id: string;
  jobId: string | null;
  url: string;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: Date | null;
  lastStatusCode: number | null;
  lastError: string | null;
  deliveredAt: Date | null;
  createdAt: Date;
  /** Newest first. */
  history: DeliveryAttemptView[];
}

/** The user's deliveries, newest first, with their attempts. */
export async function listDeliveries(userId: string, limit = 20): Promise<DeliveryView[]> {
  const rows = await db.webhookDelivery.findMany({
    where: { userId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: Math.min(Math.max(1, limit), 100),
    include: { attemptLog: { orderBy: [{ createdAt: "desc" }, { number: "desc" }], take: 20 } },
  });
  return rows.map((row) => ({
    id: row.id,
    jobId: row.jobId,
    url: row.url,
    status: row.status as DeliveryStatus,
    attempts: row.attempts,
    nextAttemptAt: row.nextAttemptAt,
    lastStatusCode: row.lastStatusCode,
    lastError: row.lastError,
    deliveredAt: row.deliveredAt,
    createdAt: row.createdAt,
    history: row.attemptLog.map((a) => ({
      number: a.number,
      trigger: a.trigger === "replay" ? "replay" : "automatic",
      statusCode: a.statusCode,
      error: a.error,
      durationMs: a.durationMs,
      at: a.createdAt,
    })),
  }));
}

