-- AlterTable
ALTER TABLE "User" ADD COLUMN     "launchEmails" BOOLEAN NOT NULL DEFAULT true;

-- AlterTable
ALTER TABLE "interest_signups" ADD COLUMN     "notify" BOOLEAN NOT NULL DEFAULT true;

-- CreateTable
CREATE TABLE "credit_wallets" (
    "userId" TEXT NOT NULL,
    "availableMicroUsd" BIGINT NOT NULL DEFAULT 0,
    "heldMicroUsd" BIGINT NOT NULL DEFAULT 0,
    "version" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "credit_wallets_pkey" PRIMARY KEY ("userId")
);

-- CreateTable
CREATE TABLE "ledger_entries" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "amountMicroUsd" BIGINT NOT NULL,
    "reason" TEXT NOT NULL,
    "reference" TEXT,
    "closesHoldId" TEXT,
    "receiptUrl" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ledger_entries_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "free_credit_claims" (
    "email" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "amountMicroUsd" BIGINT NOT NULL,
    "ledgerEntryId" TEXT NOT NULL,
    "claimedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "free_credit_claims_pkey" PRIMARY KEY ("email")
);

-- CreateTable
CREATE TABLE "credit_purchases" (
    "id" TEXT NOT NULL,
    "checkoutSessionId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "amountMicroUsd" BIGINT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'open',
    "paymentIntentId" TEXT,
    "receiptUrl" TEXT,
    "refundedMicroUsd" BIGINT NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "paidAt" TIMESTAMP(3),

    CONSTRAINT "credit_purchases_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "stripe_refund_totals" (
    "paymentIntentId" TEXT NOT NULL,
    "chargeId" TEXT NOT NULL,
    "amountRefundedMicroUsd" BIGINT NOT NULL,
    "receiptUrl" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "stripe_refund_totals_pkey" PRIMARY KEY ("paymentIntentId")
);

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

-- AddForeignKey
ALTER TABLE "credit_wallets" ADD CONSTRAINT "credit_wallets_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_closesHoldId_fkey" FOREIGN KEY ("closesHoldId") REFERENCES "ledger_entries"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
