import "server-only";
import type PgBoss from "pg-boss";
import { z } from "zod";
import { env } from "@/lib/env";
import { ensureQueue, getBoss, WEBHOOK_QUEUE } from "./boss";

/**
 * Webhook attempts on pg-boss (QUEUE_BACKEND=pg-boss). The delivery row (lib/webhooks) stays the truth:
 * its status, attempt count, schedule and log are what the account page shows and replays from. A
 * message only says "make attempt n of this delivery, at this time" (pg-boss's `startAfter` holds the
 * backoff), and the row decides whether that attempt is still owed: a message whose attempt was made
 * already, or whose delivery ended, is a no-op. So a duplicate or stale message can never send twice.
 *
 * pg-boss's own retries (below) only cover a sender that died or lost the database mid-attempt; the
 * webhook's backoff schedule (WEBHOOK_RETRY_BASE_SECONDS, WEBHOOK_MAX_ATTEMPTS) is ours, on the row.
 */

export const deliveryMessageSchema = z.object({
  deliveryId: z.string().min(1),
  /** 1-based: the attempt this message asks for. */
  attempt: z.number().int().min(1),
});
export type DeliveryMessage = z.infer<typeof deliveryMessageSchema>;

async function deliveryQueue(boss: PgBoss): Promise<string> {
  await ensureQueue(boss, WEBHOOK_QUEUE, {
    retryLimit: 3,
    retryDelay: 5,
    retryBackoff: true,
    // One attempt: the receiver's time limit, plus the database work around it.
    expireInSeconds: Math.ceil(env.WEBHOOK_TIMEOUT_SECONDS) + 60,
  });
  return WEBHOOK_QUEUE;
}

/** Queues attempt `message.attempt` of a delivery to run at `at` (now when in the past). */
export async function scheduleDeliveryAttempt(message: DeliveryMessage, at: Date): Promise<void> {
  const boss = await getBoss();
  const queue = await deliveryQueue(boss);
  await boss.send(queue, message, at.getTime() > Date.now() ? { startAfter: at } : {});
}

/** Runs `attempt` for every message this process takes (web instances: lib/queue/senders.ts). */
export async function workDeliveries(boss: PgBoss, attempt: (message: DeliveryMessage) => Promise<void>, concurrency = 4): Promise<void> {
  const queue = await deliveryQueue(boss);
  for (let slot = 0; slot < concurrency; slot++) {
    await boss.work<unknown>(queue, { batchSize: 1, pollingIntervalSeconds: 0.5 }, async ([job]) => {
      if (!job) return;
      const parsed = deliveryMessageSchema.safeParse(job.data);
      if (!parsed.success) {
        console.error(`[webhooks] dropped a malformed delivery message ${job.id}`);
        return;
      }
      await attempt(parsed.data);
    });
  }
}
