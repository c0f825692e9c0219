-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_queue_jobs" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "apiKeyId" TEXT,
    "modelId" TEXT NOT NULL,
    "queue" TEXT NOT NULL DEFAULT 'default',
    "mode" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "input" TEXT NOT NULL,
    "audioFileId" TEXT NOT NULL,
    "audioSeconds" REAL NOT NULL,
    "heldMicroUsd" BIGINT NOT NULL,
    "holdId" TEXT,
    "chargeState" TEXT NOT NULL DEFAULT 'held',
    "keySpendClosed" BOOLEAN NOT NULL DEFAULT false,
    "costMicroUsd" BIGINT NOT NULL DEFAULT 0,
    "billedSeconds" INTEGER NOT NULL DEFAULT 0,
    "webhookUrl" TEXT,
    "enqueuedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "workerId" TEXT,
    "leaseExpiresAt" DATETIME,
    "startedAt" DATETIME,
    "finishedAt" DATETIME,
    "result" TEXT,
    "errorStatus" INTEGER,
    "errorBody" TEXT,
    "errorType" TEXT,
    "inferenceMs" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_queue_jobs" ("apiKeyId", "attempts", "audioFileId", "audioSeconds", "billedSeconds", "chargeState", "costMicroUsd", "createdAt", "enqueuedAt", "errorBody", "errorStatus", "errorType", "finishedAt", "heldMicroUsd", "holdId", "id", "inferenceMs", "input", "keySpendClosed", "leaseExpiresAt", "mode", "modelId", "result", "startedAt", "status", "updatedAt", "userId", "webhookUrl", "workerId") SELECT "apiKeyId", "attempts", "audioFileId", "audioSeconds", "billedSeconds", "chargeState", "costMicroUsd", "createdAt", "enqueuedAt", "errorBody", "errorStatus", "errorType", "finishedAt", "heldMicroUsd", "holdId", "id", "inferenceMs", "input", "keySpendClosed", "leaseExpiresAt", "mode", "modelId", "result", "startedAt", "status", "updatedAt", "userId", "webhookUrl", "workerId" FROM "queue_jobs";
DROP TABLE "queue_jobs";
ALTER TABLE "new_queue_jobs" RENAME TO "queue_jobs";
CREATE INDEX "queue_jobs_queue_status_enqueuedAt_idx" ON "queue_jobs"("queue", "status", "enqueuedAt");
CREATE INDEX "queue_jobs_userId_createdAt_idx" ON "queue_jobs"("userId", "createdAt");
CREATE TABLE "new_webhook_deliveries" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "jobId" TEXT,
    "queue" TEXT NOT NULL DEFAULT 'default',
    "url" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" DATETIME,
    "lockedUntil" DATETIME,
    "lastStatusCode" INTEGER,
    "lastError" TEXT,
    "deliveredAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_webhook_deliveries" ("attempts", "createdAt", "deliveredAt", "id", "jobId", "lastError", "lastStatusCode", "lockedUntil", "nextAttemptAt", "payload", "status", "updatedAt", "url", "userId") SELECT "attempts", "createdAt", "deliveredAt", "id", "jobId", "lastError", "lastStatusCode", "lockedUntil", "nextAttemptAt", "payload", "status", "updatedAt", "url", "userId" FROM "webhook_deliveries";
DROP TABLE "webhook_deliveries";
ALTER TABLE "new_webhook_deliveries" RENAME TO "webhook_deliveries";
CREATE INDEX "webhook_deliveries_queue_status_nextAttemptAt_idx" ON "webhook_deliveries"("queue", "status", "nextAttemptAt");
CREATE INDEX "webhook_deliveries_userId_createdAt_idx" ON "webhook_deliveries"("userId", "createdAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
