import "server-only";
import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { env } from "@/lib/env";
import { UnavailableError } from "@/lib/errors";
import { dispatchDueWebhooks } from "@/lib/webhooks";
import { emitJobEvent, emitQueued, onQueued } from "./events";
import { executeJob, failJob, finishJob } from "./execute";
import { appendLog, claimNextJob, expiredLeases, finishedWithOpenCharge, renewLeases, requeue, type Job } from "./store";

/**
 * The embedded queue's worker: one per server process, started by instrumentation.ts when the server
 * boots (and on first use). It polls the jobs table, so any number of processes can share one
 * database; in one process, a submit wakes it at once.
 *
 * Each tick:
 * 1. renews the lease of every job it runs (every lease/3), and aborts the ones it no longer holds
 *    (cancelled, or taken over after it stalled);
 * 2. recovers other workers' failures: a running job whose lease expired is queued again while it has
 *    attempts left (QUEUE_MAX_ATTEMPTS), else failed and refunded; a finished job whose charge was left
 *    open is closed;
 * 3. sends due webhooks;
 * 4. claims queued jobs, oldest first, up to QUEUE_CONCURRENCY at once.
 *
 * All of it within its queue (QUEUE_NAME): jobs and deliveries of other queues are other workers' business.
 *
 * A process that is killed simply stops renewing: its jobs come back after QUEUE_LEASE_SECONDS, in
 * this process after a restart or in any other. Nothing is charged twice: a job's hold is settled only
 * after the job became "completed", and only once (lib/jobs/billing.ts).
 */

const POLL_MS = 500;
const FAILING_POLL_MS = 5_000;
const OPEN_CHARGE_GRACE_MS = 10_000;

export class JobWorker {
  readonly id = `${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;
  private readonly active = new Map<string, AbortController>();
  private timer: NodeJS.Timeout | undefined;
  private ticking = false;
  private wakeRequested = false;
  private stopped = false;
  private lastHeartbeat = 0;
  private lastRecovery = 0;
  private failing = false;
  private lastErrorLog = 0;
  private unsubscribe: (() => void) | undefined;

  constructor(
    /** The queue it works on (QUEUE_NAME). */
    readonly queue: string,
    private readonly concurrency: number,
    readonly leaseMs: number,
  ) {}

  start(): void {
    if (this.unsubscribe) return;
    this.unsubscribe = onQueued(() => this.wake());
    this.schedule(0);
  }

  stop(): void {
    this.stopped = true;
    this.unsubscribe?.();
    clearTimeout(this.timer);
    for (const controller of this.active.values()) controller.abort();
  }

  /** Runs a job this process claimed itself (a /run request), beside the queue's own jobs. */
  run(job: Job): Promise<void> {
    return this.launch(job);
  }

  /** Stops a job running here (it was cancelled). */
  abort(jobId: string): void {
    this.active.get(jobId)?.abort();
  }

  private wake(): void {
    if (this.ticking) this.wakeRequested = true;
    else this.schedule(0);
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.tick(), ms);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    if (this.ticking) return;
    this.ticking = true;
    try {
      const now = Date.now();
      if (now - this.lastHeartbeat >= this.leaseMs / 3) {
        this.lastHeartbeat = now;
        await this.heartbeat();
      }
      if (now - this.lastRecovery >= Math.min(this.leaseMs / 2, 5_000)) {
        this.lastRecovery = now;
        await this.recover();
      }
      await dispatchDueWebhooks(this.queue);
      while (!this.stopped && this.active.size < this.concurrency) {
        const job = await claimNextJob(this.queue, this.id, this.leaseMs);
        if (!job) break;
        void this.launch(job);
      }
      this.failing = false;
    } catch (error) {
      // A database that is down (or not migrated yet) is reported once a minute, not twice a second.
      if (!this.failing || Date.now() - this.lastErrorLog >= 60_000) {
        console.error("[jobs] worker tick failed (retrying every 5 s):", error);
        this.lastErrorLog = Date.now();
      }
      this.failing = true;
    } finally {
      this.ticking = false;
      const again = this.wakeRequested && !this.failing;
      this.wakeRequested = false;
      this.schedule(again ? 0 : this.failing ? FAILING_POLL_MS : POLL_MS);
    }
  }

  private launch(job: Job): Promise<void> {
    const controller = new AbortController();
    this.active.set(job.id, controller);
    return executeJob(job, { workerId: this.id, signal: controller.signal })
      .catch(async (error: unknown) => {
        console.error(`[jobs] ${job.id} failed unexpectedly:`, error);
        await failJob(job.id, error, { from: ["running"], workerId: this.id }).catch(() => undefined);
      })
      .finally(() => {
        this.active.delete(job.id);
        this.wake();
      });
  }

  private async heartbeat(): Promise<void> {
    const ids = [...this.active.keys()];
    if (ids.length === 0) return;
    const held = await renewLeases(this.id, ids, this.leaseMs);
    for (const id of ids) if (!held.has(id)) this.active.get(id)?.abort();
  }

  private async recover(): Promise<void> {
    const now = new Date();
    for (const job of await expiredLeases(this.queue, now)) {
      if (this.active.has(job.id)) continue; // ours and alive: the next heartbeat renews it
      if (job.attempts < env.QUEUE_MAX_ATTEMPTS) {
        if (await requeue(job.id, { leaseExpiredBefore: now })) {
          await appendLog(job.id, "WARN", `The worker running this request stopped; queued again (${job.attempts} of ${env.QUEUE_MAX_ATTEMPTS} attempts used).`);
          emitJobEvent(job.id, { type: "changed" });
          emitQueued();
        }
      } else {
        const lost = new UnavailableError(
          `The request was interrupted ${job.attempts === 1 ? "once" : `${job.attempts} times`} by a server restart and was not finished; nothing was charged. Submit it again.`,
          { code: "worker_lost" },
        );
        await failJob(job.id, lost, { from: ["running"], leaseExpiredBefore: now });
      }
    }
    for (const job of await finishedWithOpenCharge(this.queue, new Date(now.getTime() - OPEN_CHARGE_GRACE_MS))) {
      await finishJob(job.id).catch((error: unknown) => console.error(`[jobs] ${job.id}: could not close its charge:`, error));
    }
  }
}

const globalForWorker = globalThis as typeof globalThis & { gigarouterJobWorker?: JobWorker };

/** This process's worker, started on first call. */
export function jobWorker(): JobWorker {
  if (!globalForWorker.gigarouterJobWorker) {
    // With pg-boss, jobs reach `npm run worker` processes through its queues; this worker only recovers and sends webhooks.
    const concurrency = env.QUEUE_BACKEND === "pg-boss" ? 0 : env.QUEUE_CONCURRENCY;
    const worker = new JobWorker(env.QUEUE_NAME, concurrency, env.QUEUE_LEASE_SECONDS * 1000);
    globalForWorker.gigarouterJobWorker = worker;
    worker.start();
  }
  return globalForWorker.gigarouterJobWorker;
}
