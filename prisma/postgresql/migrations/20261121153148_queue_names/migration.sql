-- DropIndex
DROP INDEX "queue_jobs_status_enqueuedAt_idx";

-- DropIndex
DROP INDEX "webhook_deliveries_status_nextAttemptAt_idx";

-- AlterTable
ALTER TABLE "queue_jobs" ADD COLUMN     "queue" TEXT NOT NULL DEFAULT 'default';

-- AlterTable
ALTER TABLE "webhook_deliveries" ADD COLUMN     "queue" TEXT NOT NULL DEFAULT 'default';

-- CreateIndex
CREATE INDEX "queue_jobs_queue_status_enqueuedAt_idx" ON "queue_jobs"("queue", "status", "enqueuedAt");

-- CreateIndex
CREATE INDEX "webhook_deliveries_queue_status_nextAttemptAt_idx" ON "webhook_deliveries"("queue", "status", "nextAttemptAt");
