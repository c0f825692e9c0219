import "server-only";
import { runScheduledAttempt } from "@/lib/webhooks";
import { getBoss } from "./boss";
import { workEmail } from "./email";
import { usesPgBoss } from "./role";
import { workDeliveries } from "./webhook-deliveries";

/**
 * With QUEUE_BACKEND=pg-boss, web instances (and only they) work the webhook and email queues;
 * instrumentation.ts starts this at boot. Why web instances and not inference workers:
 * - they are the processes that talk to the outside world anyway, and hold its settings (EMAIL_SERVER,
 *   AUTH_SECRET); a GPU worker needs nothing but the database and its models, and can sit in a network
 *   with no way out;
 * - sending is waiting on sockets, not CPU: it costs a web instance nothing that matters, whereas a
 *   worker's event loop also drives its engine;
 * - there are always web instances while the API is up, and any number of them can work the queues at
 *   once (pg-boss gives each message to one of them). A job that a worker finishes while every web
 *   instance is down keeps its webhook queued until one is back: delayed, not lost.
 */

const globalForSenders = globalThis as typeof globalThis & { gigarouterSenders?: Promise<void>; gigarouterSending?: boolean };

const RETRY_MS = 5_000;

/** Starts this process's webhook and email senders once; keeps trying while the database is away. */
export function startOutboundSenders(): Promise<void> {
  if (!usesPgBoss()) return Promise.resolve();
  globalForSenders.gigarouterSenders ??= start();
  return globalForSenders.gigarouterSenders;
}

async function start(): Promise<void> {
  let deliveries = false;
  let email = false;
  for (let failures = 0; ; failures++) {
    try {
      const boss = await getBoss();
      // Each subscription once, even when the other one failed and this loop comes round again.
      if (!deliveries) {
        await workDeliveries(boss, runScheduledAttempt);
        deliveries = true;
      }
      if (!email) {
        await workEmail(boss);
        email = true;
      }
      globalForSenders.gigarouterSending = true;
      console.log("[queue] sending webhooks and email from this instance");
      return;
    } catch (error) {
      if (failures % 12 === 0) console.error(`[queue] webhook and email senders could not start (retrying every ${RETRY_MS / 1000} s):`, error instanceof Error ? error.message : error);
      await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
    }
  }
}

/** Whether this process's senders are running (reported by /api/health). */
export function sendersRunning(): boolean {
  return globalForSenders.gigarouterSending === true;
}
