-- AlterTable
ALTER TABLE "Organization" ADD COLUMN     "requireApproval" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "ServiceAccountScope" ADD COLUMN     "expiresAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "ChangeRequest" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "targetType" TEXT NOT NULL,
    "targetId" TEXT NOT NULL,
    "targetLabel" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "baseVersion" TEXT NOT NULL,
    "requestedBy" TEXT NOT NULL,
    "requestedByType" TEXT NOT NULL,
    "requestedByLabel" TEXT,
    "requestedAt" TIMESTAMP(3) NOT NULL,
    "requestedEventId" TEXT NOT NULL,
    "requestedSeq" INTEGER NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "decidedBy" TEXT,
    "decidedByType" TEXT,
    "decidedByLabel" TEXT,
    "decidedAt" TIMESTAMP(3),
    "comment" TEXT,
    "credentialHash" TEXT,
    "credentialHint" TEXT,

    CONSTRAINT "ChangeRequest_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ChangeRequest_credentialHash_key" ON "ChangeRequest"("credentialHash");

-- CreateIndex
CREATE INDEX "ChangeRequest_orgId_status_requestedAt_idx" ON "ChangeRequest"("orgId", "status", "requestedAt");

-- CreateIndex
CREATE INDEX "ChangeRequest_status_expiresAt_idx" ON "ChangeRequest"("status", "expiresAt");

-- CreateIndex
CREATE INDEX "ServiceAccountScope_expiresAt_idx" ON "ServiceAccountScope"("expiresAt");

-- AddForeignKey
ALTER TABLE "ChangeRequest" ADD CONSTRAINT "ChangeRequest_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;
