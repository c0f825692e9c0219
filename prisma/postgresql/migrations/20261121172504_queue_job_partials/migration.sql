-- CreateTable
CREATE TABLE "queue_job_partials" (
    "id" SERIAL NOT NULL,
    "jobId" TEXT NOT NULL,
    "attempt" INTEGER NOT NULL,
    "output" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "queue_job_partials_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "queue_job_partials_jobId_id_idx" ON "queue_job_partials"("jobId", "id");

-- CreateIndex
CREATE INDEX "queue_job_partials_createdAt_idx" ON "queue_job_partials"("createdAt");
