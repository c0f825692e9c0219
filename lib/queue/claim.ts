import "server-only";
import { db } from "@/lib/db";
import { findJob, type Job } from "@/lib/jobs/store";

/**
 * Claiming one named row for a pg-boss worker: the message says which job; the row decides whether
 * this worker may run it. Queued, or running under a lease nobody renewed (its worker died): taken.
 * Anything else is somebody else's (a live worker) or finished.
 */
export async function claimJobById(id: string, workerId: string, leaseMs: number): Promise<Job | null> {
  const now = new Date();
  const claimed = await db.queueJob.updateMany({
    where: { id, OR: [{ status: "queued" }, { status: "running", leaseExpiresAt: { lt: now } }] },
    data: { status: "running", workerId, leaseExpiresAt: new Date(now.getTime() + leaseMs), attempts: { increment: 1 }, startedAt: now },
  });
  return claimed.count === 1 ? findJob(id) : null;
}
