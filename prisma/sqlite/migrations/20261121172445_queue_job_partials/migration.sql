-- CreateTable
CREATE TABLE "queue_job_partials" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "jobId" TEXT NOT NULL,
    "attempt" INTEGER NOT NULL,
    "output" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE INDEX "queue_job_partials_jobId_id_idx" ON "queue_job_partials"("jobId", "id");

-- CreateIndex
CREATE INDEX "queue_job_partials_createdAt_idx" ON "queue_job_partials"("createdAt");
