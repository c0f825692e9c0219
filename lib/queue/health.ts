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

export async function queueHealth(): Promise<QueueHealth> {
  if (!usesPgBoss()) return { backend: "embedded", ok: true };
  let timer: NodeJS.Timeout | undefined;
  try {
    const ping = getBoss().then((boss) => boss.getQueue(DEAD_LETTER_QUEUE));
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
    });
    await Promise.race([ping, timeout]);
    return { backend: "pg-boss", ok: true, sending: sendersRunning() };
  } catch (error) {
    // The reason only: health output is public, and pg's messages can carry the connection string.
    const reason = error instanceof Error ? error.message.split("\n")[0]!.replace(/postgres(ql)?:\/\/\S+/g, "<database>") : "unreachable";
    return { backend: "pg-boss", ok: false, sending: sendersRunning(), error: `queue unreachable: ${reason}` };
  } finally {
    clearTimeout(timer);
  }
}
