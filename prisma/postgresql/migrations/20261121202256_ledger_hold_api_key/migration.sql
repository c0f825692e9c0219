-- AlterTable
ALTER TABLE "ledger_entries" ADD COLUMN     "apiKeyId" TEXT;
