-- CreateIndex
CREATE INDEX "queue_jobs_modelId_status_finishedAt_idx" ON "queue_jobs"("modelId", "status", "finishedAt");
