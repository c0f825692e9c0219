-- CreateTable
CREATE TABLE "stored_file_blobs" (
    "key" TEXT NOT NULL,
    "bytes" BYTEA NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "stored_file_blobs_pkey" PRIMARY KEY ("key")
);
