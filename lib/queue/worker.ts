import "server-only";
import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { setTimeout as sleep } from "node:timers/promises";
import type PgBoss from "pg-boss";
import { getModel, listModels } from "@/lib/catalog";
import { engineCapabilities, transcribe } from "@/lib/engine";
import { env } from "@/lib/env";
import { UnavailableError } from "@/lib/errors";
import { executeJob, failJob } from "@/lib/jobs/execute";
import { appendLog, findJob, renewLeases, TERMINAL } from "@/lib/jobs/store";
import { DEAD_LETTER_QUEUE, ensureModelQueue, getBoss } from "./boss";
import { claimJobById } from "./claim";
import { errorOutput, messageSchema, unpackAudio, type CallOutput, type QueueMessage } from "./messages";
import { deleteStalePartials, relayJobEvents } from "./partials";

/**
 * An inference worker (`npm run worker`, QUEUE_BACKEND=pg-boss): loads the models it is configured for
 * (WORKER_MODELS) and takes messages only from their queues.
 *
 * - A queue_jobs message: the row is claimed with a lease this worker renews while the job runs; the
 *   job then runs exactly as the embedded queue runs it (lib/jobs/execute.ts: engine, completed or
 *   failed, webhook, charge settled once). A row another live worker holds (this message is a retry of
 *   one that expired while that worker was still busy) is waited for, not run twice.
 * - A direct call (/v1): the engine's answer, or its typed error, is the message's output.
 * - A message whose retries are spent lands in the dead-letter queue: its job is failed and refunded.
 *
 * While a job runs here, its events reach the web instances (lib/queue/partials.ts): state changes as
 * notices, and, for a streaming run, each partial output as a row the client's stream reads.
 */

export interface InferenceWorker {
  id: string;
  models: string[];
  stop(): Promise<void>;
}

/** WORKER_MODELS -> live catalog model ids (`all` = every live model). Unknown or not-live ids are an error. */
export async function configuredModels(setting = env.WORKER_MODELS): Promise<string[]> {
  const live = (await listModels()).filter((m) => m.status === "live");
  if (setting.trim() === "all") return live.map((m) => m.id);
  const ids: string[] = [];
  for (const wanted of setting.split(",").map((s) => s.trim()).filter(Boolean)) {
    const model = await getModel(wanted);
    if (!model || model.status !== "live") throw new Error(`WORKER_MODELS: ${wanted} is not a live model here (live: ${live.map((m) => m.id).join(", ") || "none"})`);
    ids.push(model.id);
  }
  return [...new Set(ids)];
}

export async function startInferenceWorker(models: string[]): Promise<InferenceWorker> {
  const id = `${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;
  const leaseMs = env.QUEUE_LEASE_SECONDS * 1000;
  // Loaded before taking work, so a model that cannot load stops the worker at boot, visibly.
  for (const model of models) {
    const capabilities = await engineCapabilities(model);
    console.log(`[worker] ${model} loaded (max ${capabilities.maxAudioSeconds} s of audio)`);
  }
  const boss = await getBoss();
  const workIds: string[] = [];
  for (const model of models) {
    const queue = await ensureModelQueue(boss, model);
    for (let slot = 0; slot < env.WORKER_CONCURRENCY; slot++) {
      workIds.push(await boss.work<QueueMessage>(queue, { batchSize: 1, pollingIntervalSeconds: 0.5 }, ([message]) => (message ? handle(id, leaseMs, message) : Promise.resolve())));
    }
  }
  workIds.push(await boss.work<QueueMessage>(DEAD_LETTER_QUEUE, { batchSize: 1, pollingIntervalSeconds: 1 }, ([message]) => (message ? deadLetter(message.data) : Promise.resolve())));
  return {
    id,
    models,
    async stop() {
      for (const workId of workIds) await boss.offWork({ id: workId }).catch(() => undefined);
    },
  };
}

async function handle(workerId: string, leaseMs: number, message: PgBoss.Job<QueueMessage>): Promise<CallOutput | undefined> {
  const parsed = messageSchema.safeParse(message.data);
  if (!parsed.success) {
    console.error(`[worker] dropped a malformed message ${message.id} on ${message.name}`);
    return undefined;
  }
  const data = parsed.data;
  if (data.kind === "capabilities") return { ok: true, value: await engineCapabilities(data.modelId) };
  if (data.kind === "transcribe") {
    try {
      return { ok: true, value: await transcribe(data.modelId, unpackAudio(data.audio), data.options) };
    } catch (error) {
      // Input problems are answers; an engine that cannot run now is worth another worker's try.
      if (error instanceof Error && error.constructor.name === "EngineUnavailableError") throw error;
      return errorOutput(error);
    }
  }
  await runJob(workerId, leaseMs, data.jobId);
  return undefined;
}

async function runJob(workerId: string, leaseMs: number, jobId: string): Promise<void> {
  for (;;) {
    const job = await claimJobById(jobId, workerId, leaseMs);
    if (job) {
      if (job.attempts > env.QUEUE_MAX_ATTEMPTS) {
        await failJob(job.id, lostError(job.attempts - 1), { from: ["running"], workerId });
        return;
      }
      await executeClaimed(workerId, leaseMs, job);
      const after = await findJob(jobId);
      // The engine asked for another go (it was restarting): a failed message is retried by pg-boss.
      if (after?.status === "queued") throw new Error(`job ${jobId} was queued again by the engine`);
      return;
    }
    const row = await findJob(jobId);
    if (!row || TERMINAL.includes(row.status)) return;
    // Running under another live worker: wait for it (or for its lease to run out, then take over).
    await sleep(Math.min(leaseMs / 3, 2_000));
  }
}

async function executeClaimed(workerId: string, leaseMs: number, job: NonNullable<Awaited<ReturnType<typeof claimJobById>>>): Promise<void> {
  const controller = new AbortController();
  const heartbeat = setInterval(() => {
    renewLeases(workerId, [job.id], leaseMs)
      .then((held) => {
        if (!held.has(job.id)) controller.abort(); // cancelled, or taken over after we stalled
      })
      .catch((error: unknown) => console.error(`[worker] ${job.id}: lease renewal failed:`, error instanceof Error ? error.message : error));
  }, Math.max(200, leaseMs / 3));
  const relay = relayJobEvents(job.id, { partials: job.mode === "stream", attempt: job.attempts });
  try {
    await executeJob(job, { workerId, signal: controller.signal });
  } catch (error) {
    console.error(`[worker] ${job.id} failed unexpectedly:`, error);
    await failJob(job.id, error, { from: ["running"], workerId }).catch(() => undefined);
  } finally {
    clearInterval(heartbeat);
    await relay.stop();
    sweepStalePartials();
  }
}

let lastSweep = 0;

/** At most once a minute, after a job: partial rows a dead web instance left behind. */
function sweepStalePartials(): void {
  if (Date.now() - lastSweep < 60_000) return;
  lastSweep = Date.now();
  deleteStalePartials().catch((error: unknown) => console.error("[worker] could not delete stale partial outputs:", error instanceof Error ? error.message : error));
}

function lostError(attempts: number): UnavailableError {
  return new UnavailableError(
    `The request was interrupted ${attempts === 1 ? "once" : `${attempts} times`} by a worker that stopped and was not finished; nothing was charged. Submit it again.`,
    { code: "worker_lost" },
  );
}

/** Retries spent: a job row not finished by anyone is failed and its hold released. */
async function deadLetter(data: unknown): Promise<void> {
  const parsed = messageSchema.safeParse(data);
  if (!parsed.success || parsed.data.kind !== "job") return; // direct calls: the waiting web instance reports it
  const job = await findJob(parsed.data.jobId);
  if (!job || TERMINAL.includes(job.status)) return;
  const now = new Date();
  if (job.status === "running" && job.leaseExpiresAt && job.leaseExpiresAt >= now) return; // a live worker still has it
  const guard = job.status === "running" ? { from: ["running" as const], leaseExpiredBefore: now } : { from: ["queued" as const] };
  if (await failJob(job.id, lostError(job.attempts), guard)) {
    await appendLog(job.id, "ERROR", "Given up after its retries; the hold on your balance was released.").catch(() => undefined);
  }
}
