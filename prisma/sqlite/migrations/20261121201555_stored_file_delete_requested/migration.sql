-- AlterTable
ALTER TABLE "stored_files" ADD COLUMN "deleteRequestedAt" DATETIME;

-- CreateIndex
CREATE INDEX "stored_files_deleteRequestedAt_idx" ON "stored_files"("deleteRequestedAt");

-- CreateIndex
CREATE INDEX "stored_files_purpose_uploadedAt_createdAt_idx" ON "stored_files"("purpose", "uploadedAt", "createdAt");
