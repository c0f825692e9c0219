import "server-only";
import { DEAD_LETTER_QUEUE, getBoss } from "./boss";
import { usesPgBoss } from "./role";
import { sendersRunning } from "./senders";

/** The queue engine as /api/health reports it. */
export type QueueHealth =
  | { backend: "embedded"; ok: true }
  | {
      backend: "pg-boss";
      /** pg-boss answers through its own connections (its schema is there and readable). */
      ok: boolean;
      /** This instance sends webhooks and email (false while its senders wait for the database). */
      sending: boolean;
      error?: string;
    };

const TIMEOUT_MS = 3_000;

/** Rejects after `ms` unless `work` settles first. */
export async function withinMs<T>(work: Promise<T>, ms = TIMEOUT_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** The first line of a failure, without connection strings: health output is public. */
export function publicReason(error: unknown): string {
  return error instanceof Error ? (error.message.split("\n")[0] ?? "").replace(/postgres(ql)?:\/\/\S+/g, "<database>") : "unreachable";
}

/** One round trip through pg-boss's own pool; throws when it does not answer. */
export async function pingQueue(): Promise<void> {
  await withinMs(getBoss().then((boss) => boss.getQueue(DEAD_LETTER_QUEUE)));
}

export async function queueHealth(): Promise<QueueHealth> {
  if (!usesPgBoss()) return { backend: "embedded", ok: true };
  try {
    await pingQueue();
    return { backend: "pg-boss", ok: true, sending: sendersRunning() };
  } catch (error) {
    return { backend: "pg-boss", ok: false, sending: sendersRunning(), error: `queue unreachable: ${publicReason(error)}` };
  }
}
