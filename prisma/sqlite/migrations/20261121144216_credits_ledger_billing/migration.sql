-- CreateTable
CREATE TABLE "credit_wallets" (
    "userId" TEXT NOT NULL PRIMARY KEY,
    "availableMicroUsd" BIGINT NOT NULL DEFAULT 0,
    "heldMicroUsd" BIGINT NOT NULL DEFAULT 0,
    "version" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "credit_wallets_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ledger_entries" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "amountMicroUsd" BIGINT NOT NULL,
    "reason" TEXT NOT NULL,
    "reference" TEXT,
    "closesHoldId" TEXT,
    "receiptUrl" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ledger_entries_closesHoldId_fkey" FOREIGN KEY ("closesHoldId") REFERENCES "ledger_entries" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "free_credit_claims" (
    "email" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "amountMicroUsd" BIGINT NOT NULL,
    "ledgerEntryId" TEXT NOT NULL,
    "claimedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "credit_purchases" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "checkoutSessionId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "amountMicroUsd" BIGINT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'open',
    "paymentIntentId" TEXT,
    "receiptUrl" TEXT,
    "refundedMicroUsd" BIGINT NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "paidAt" DATETIME
);

-- CreateTable
CREATE TABLE "stripe_refund_totals" (
    "paymentIntentId" TEXT NOT NULL PRIMARY KEY,
    "chargeId" TEXT NOT NULL,
    "amountRefundedMicroUsd" BIGINT NOT NULL,
    "receiptUrl" TEXT,
    "updatedAt" DATETIME NOT NULL
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_User" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT,
    "email" TEXT NOT NULL,
    "emailVerified" DATETIME,
    "image" TEXT,
    "launchEmails" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_User" ("createdAt", "email", "emailVerified", "id", "image", "name", "updatedAt") SELECT "createdAt", "email", "emailVerified", "id", "image", "name", "updatedAt" FROM "User";
DROP TABLE "User";
ALTER TABLE "new_User" RENAME TO "User";
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");
CREATE TABLE "new_interest_signups" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "email" TEXT NOT NULL,
    "modelId" TEXT NOT NULL,
    "useCase" TEXT,
    "userId" TEXT,
    "notify" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "interest_signups_modelId_fkey" FOREIGN KEY ("modelId") REFERENCES "catalog_models" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "interest_signups_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_interest_signups" ("createdAt", "email", "id", "modelId", "useCase", "userId") SELECT "createdAt", "email", "id", "modelId", "useCase", "userId" FROM "interest_signups";
DROP TABLE "interest_signups";
ALTER TABLE "new_interest_signups" RENAME TO "interest_signups";
CREATE INDEX "interest_signups_modelId_idx" ON "interest_signups"("modelId");
CREATE UNIQUE INDEX "interest_signups_email_modelId_key" ON "interest_signups"("email", "modelId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "ledger_entries_closesHoldId_key" ON "ledger_entries"("closesHoldId");

-- CreateIndex
CREATE INDEX "ledger_entries_userId_createdAt_idx" ON "ledger_entries"("userId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "ledger_entries_userId_kind_reference_key" ON "ledger_entries"("userId", "kind", "reference");

-- CreateIndex
CREATE UNIQUE INDEX "credit_purchases_checkoutSessionId_key" ON "credit_purchases"("checkoutSessionId");

-- CreateIndex
CREATE UNIQUE INDEX "credit_purchases_paymentIntentId_key" ON "credit_purchases"("paymentIntentId");

-- CreateIndex
CREATE INDEX "credit_purchases_userId_idx" ON "credit_purchases"("userId");
