import "server-only";
import { db } from "@/lib/db";
import { onJobEvent } from "@/lib/jobs/events";
import type { QueueOutput } from "@/lib/queue-api/schema";
import { listenForJobNotices, notifyJob, onPartialNotice } from "./partials-channel";

export { listenForJobNotices, stopJobNotices } from "./partials-channel";

/**
 * Partial outputs of streaming runs across processes (QUEUE_BACKEND=pg-boss). The inference worker
 * running a job hears its partials on its own in-process bus and writes each as a row, in order, then
 * sends a notice; the web instance holding the client's stream reads the job's rows after the last one
 * it read, at start (so none is lost however late it subscribed), on every notice, and once more after
 * the job ended, before the final output — which comes from the job row, as in one process. A partial
 * the worker is still writing when the job completes may miss the stream: the final output it would
 * have preceded contains it anyway.
 *
 *   worker:  const relay = relayJobEvents(job.id, { partials: job.mode === "stream", attempt }); ... await relay.stop()
 *   web:     const follow = followPartials(job.id, (output) => ...); ...; await follow.drain(); follow.stop()
 */

/** Rows older than this belong to streams long over (a web instance died before deleting them). */
const STALE_MS = 60 * 60_000;
const PAGE = 200;

export interface Relay {
  /** Stops relaying, once the partials heard so far are written. */
  stop(): Promise<void>;
}

/**
 * Worker side: the job's partials (when `partials`) become rows plus a notice, its state changes a
 * notice, in the order they happened. A failed write is logged and skipped: the final output does not
 * depend on partials.
 */
export function relayJobEvents(jobId: string, options: { partials: boolean; attempt: number }): Relay {
  let chain: Promise<void> = Promise.resolve();
  const then = (what: string, step: () => Promise<void>) => {
    chain = chain.then(step).catch((error: unknown) => console.error(`[worker] ${jobId}: could not relay ${what}:`, error instanceof Error ? error.message : error));
  };
  const stopListening = onJobEvent(jobId, (event) => {
    if (event.type === "partial") {
      if (!options.partials) return;
      const output = JSON.stringify(event.output);
      then("a partial output", async () => {
        await db.queueJobPartial.create({ data: { jobId, attempt: options.attempt, output } });
        await notifyJob(jobId, "partial");
      });
    } else {
      then("a state change", () => notifyJob(jobId, "changed"));
    }
  });
  return {
    async stop() {
      stopListening();
      await chain;
    },
  };
}

export interface Follow {
  /** Reads and delivers every partial written so far; resolves when done. */
  drain(): Promise<void>;
  /** Stops following and deletes the job's rows (its stream has ended). */
  stop(): Promise<void>;
}

/** Web side: calls `onPartial` with each partial output of the job, in order, from its first. */
export function followPartials(jobId: string, onPartial: (output: QueueOutput) => void): Follow {
  let cursor = 0;
  let stopped = false;
  let reading: Promise<void> | null = null;
  let again = false;

  const readNew = async () => {
    for (;;) {
      const rows = await db.queueJobPartial.findMany({ where: { jobId, id: { gt: cursor } }, orderBy: { id: "asc" }, take: PAGE });
      for (const row of rows) {
        cursor = row.id;
        if (stopped) return;
        try {
          onPartial(JSON.parse(row.output) as QueueOutput);
        } catch (error) {
          console.error(`[queue] ${jobId}: unreadable partial ${row.id}:`, error);
        }
      }
      if (rows.length < PAGE) return;
    }
  };
  /** One read at a time; a notice during a read asks for one more after it. */
  const read = (): Promise<void> => {
    if (reading) {
      again = true;
      return reading;
    }
    reading = (async () => {
      try {
        do {
          again = false;
          await readNew();
        } while (again && !stopped);
      } catch (error) {
        console.error(`[queue] ${jobId}: could not read partial outputs:`, error instanceof Error ? error.message : error);
      } finally {
        reading = null;
      }
    })();
    return reading;
  };

  const stopNotices = onPartialNotice(jobId, () => void read());
  // Listening first, then the first read: a row written after it comes with a notice, one written before is read now.
  void listenForJobNotices()
    .catch(() => undefined)
    .then(() => read());

  return {
    async drain() {
      // A read already under way may have started before the last rows were written: read again after it.
      await read();
      await read();
    },
    async stop() {
      stopped = true;
      stopNotices();
      await db.queueJobPartial.deleteMany({ where: { jobId } }).catch(() => undefined);
    },
  };
}

/** Rows of streams that ended without cleaning up (their web instance died), deleted now and then by workers. */
export async function deleteStalePartials(now = new Date()): Promise<void> {
  await db.queueJobPartial.deleteMany({ where: { createdAt: { lt: new Date(now.getTime() - STALE_MS) } } });
}
