/**
 * Runs once when a Next.js server starts. Starts the job worker (lib/jobs), so queued jobs, jobs a
 * stopped server left running, and due webhooks are picked up at boot rather than at the first API
 * call; the sweep that gives back credit held by requests that never finished; and the one that
 * removes abandoned files. Not during `next build`, and only in the Node.js runtime.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.NEXT_PHASE === "phase-production-build") return;
  const { startJobWorker } = await import("@/lib/jobs");
  startJobWorker();
  const { startChargeSweep } = await import("@/lib/metering");
  startChargeSweep();
  // Uploads never completed, and deletes a store outage interrupted (lib/files/sweep.ts).
  const { startFileSweep } = await import("@/lib/files");
  startFileSweep();
  // With QUEUE_BACKEND=pg-boss, web instances send webhooks and email (lib/queue/senders.ts says why).
  const { startOutboundSenders } = await import("@/lib/queue/senders");
  void startOutboundSenders();
}
