import "server-only";
import { emitQueued } from "@/lib/jobs/events";
import { ensureModelQueue, getBoss } from "./boss";
import { usesPgBoss } from "./role";

/**
 * A queue_jobs row was written with status "queued": make sure something runs it. Embedded: wake this
 * process's worker (other processes poll the table). pg-boss: one message on the model's queue, which
 * a worker serving that model takes.
 */
export async function dispatchJob(job: { id: string; modelId: string }): Promise<void> {
  if (!usesPgBoss()) {
    emitQueued();
    return;
  }
  const boss = await getBoss();
  const queue = await ensureModelQueue(boss, job.modelId);
  // singletonKey: submitting the same row twice (a retry of this call) queues one message, not two.
  await boss.send(queue, { kind: "job", jobId: job.id }, { singletonKey: job.id });
}
