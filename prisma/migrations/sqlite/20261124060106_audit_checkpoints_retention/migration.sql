-- AlterTable
ALTER TABLE "Organization" ADD COLUMN "auditRetentionDays" INTEGER;

-- CreateTable
CREATE TABLE "AuditCheckpoint" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "chainKey" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "hash" TEXT NOT NULL,
    "kid" TEXT NOT NULL,
    "jws" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE UNIQUE INDEX "AuditCheckpoint_chainKey_seq_key" ON "AuditCheckpoint"("chainKey", "seq");
