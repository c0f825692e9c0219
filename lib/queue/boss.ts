import "server-only";
import PgBoss from "pg-boss";
import { env } from "@/lib/env";

/**
 * The process's pg-boss instance (one per process, started on first use). pg-boss creates and migrates
 * its own schema (PGBOSS_SCHEMA) in the application's PostgreSQL database at start.
 *
 * Queues:
 *   infer-<model>   one per served model: queue_jobs rows to run and direct engine calls (lib/queue/messages.ts)
 *   infer-dead      where an inference message goes once its retries are spent (its job is failed and refunded)
 *   webhook-deliveries  one message per webhook attempt, due at its scheduled time (lib/queue/webhook-deliveries.ts)
 *   email-send      outgoing email, sealed (lib/queue/email.ts)
 * The last two are worked by web instances (lib/queue/senders.ts), never by inference workers.
 */

const globalForBoss = globalThis as typeof globalThis & { gigarouterBoss?: Promise<PgBoss> };

export const DEAD_LETTER_QUEUE = "infer-dead";
export const WEBHOOK_QUEUE = "webhook-deliveries";
export const EMAIL_QUEUE = "email-send";

/** The pg-boss queue of a model: ids like `moonshine-ai/moonshine-micro` become `infer-moonshine-ai_moonshine-micro`. */
export function modelQueue(modelId: string): string {
  return `infer-${modelId.replace(/[^A-Za-z0-9_-]/g, "_")}`;
}

/** Seconds a worker may hold a message without finishing it before pg-boss gives it to another. */
export function messageExpirySeconds(): number {
  return Math.max(1, Math.round(env.QUEUE_LEASE_SECONDS));
}

export function getBoss(): Promise<PgBoss> {
  globalForBoss.gigarouterBoss ??= startBoss().catch((error: unknown) => {
    // A failed start (database down) is retried by the next caller, not cached forever.
    globalForBoss.gigarouterBoss = undefined;
    throw error;
  });
  return globalForBoss.gigarouterBoss;
}

async function startBoss(): Promise<PgBoss> {
  const boss = new PgBoss({
    connectionString: env.DATABASE_URL,
    schema: env.PGBOSS_SCHEMA,
    application_name: "gigarouter-queue",
    max: 10,
    // Expired messages (their worker died) are found at maintenance: keep it well inside one lease.
    maintenanceIntervalSeconds: Math.max(1, Math.min(60, Math.round(env.QUEUE_LEASE_SECONDS / 2))),
  });
  boss.on("error", (error: unknown) => console.error("[queue] pg-boss:", error instanceof Error ? error.message : error));
  // Processes starting together on a fresh database race to install pg-boss's schema; PostgreSQL
  // resolves that with a deadlock error for one of them, which simply tries again.
  for (let attempt = 1; ; attempt++) {
    try {
      await boss.start();
      await ensureQueue(boss, DEAD_LETTER_QUEUE);
      return boss;
    } catch (error) {
      const code = (error as { code?: unknown } | null)?.code;
      if (attempt >= 5 || (code !== "40P01" && code !== "23505")) throw error;
      await boss.stop({ graceful: false, wait: true }).catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, 200 * attempt + Math.random() * 300));
    }
  }
}

const created = new Set<string>();

/** Creates a queue once (concurrent creators from other processes are fine). */
export async function ensureQueue(boss: PgBoss, name: string, options: Omit<PgBoss.Queue, "name"> = {}): Promise<void> {
  if (created.has(name)) return;
  for (let attempt = 1; !(await boss.getQueue(name)); attempt++) {
    try {
      await boss.createQueue(name, { name, ...options });
    } catch (error) {
      // Two processes creating the same queue: one gets a deadlock or duplicate error, then finds it made.
      const code = (error as { code?: unknown } | null)?.code;
      if (attempt >= 5 || (code !== "40P01" && code !== "23505")) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 * attempt + Math.random() * 200));
    }
  }
  created.add(name);
}

/** The model's inference queue, created with its retry and expiry policy. */
export async function ensureModelQueue(boss: PgBoss, modelId: string): Promise<string> {
  const name = modelQueue(modelId);
  await ensureQueue(boss, name, {
    retryLimit: Math.max(0, env.QUEUE_MAX_ATTEMPTS - 1),
    retryDelay: 1,
    expireInSeconds: messageExpirySeconds(),
    deadLetter: DEAD_LETTER_QUEUE,
  });
  return name;
}

export async function stopBoss(): Promise<void> {
  const pending = globalForBoss.gigarouterBoss;
  globalForBoss.gigarouterBoss = undefined;
  if (pending) await (await pending).stop({ graceful: true, wait: true, timeout: 10_000 }).catch(() => undefined);
}
