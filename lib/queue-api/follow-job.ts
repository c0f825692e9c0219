import "server-only";
import { findJob, type Job } from "@/lib/jobs";
import { usesPgBoss } from "@/lib/queue";
import { listenForJobNotices } from "@/lib/queue/partials";
import type { EventSink } from "./sse";

/**
 * For event streams that follow one job: `refresh()` re-reads the job and hands the fresh row to
 * `onJob`, one read at a time. Calls that arrive during a read fold into one more read, so a burst of
 * changes never runs reads side by side nor sends states out of order. Stops with the sink; an error
 * is logged and closes the stream. In a cluster the job's changes also arrive as a worker's notices,
 * so the process listens for them.
 */
export function jobFollower(jobId: string, sink: EventSink, label: string, onJob: (job: Job) => Promise<void>): () => void {
  let busy = false;
  let again = false;
  const read = async () => {
    if (busy) {
      again = true;
      return;
    }
    busy = true;
    try {
      do {
        again = false;
        const current = await findJob(jobId);
        if (!current || sink.closed) return;
        await onJob(current);
      } while (again && !sink.closed);
    } catch (error) {
      console.error(`[${jobId}] ${label}:`, error);
      sink.close();
    } finally {
      busy = false;
    }
  };
  if (usesPgBoss()) void listenForJobNotices().catch(() => undefined);
  return () => void read();
}
