-- AlterTable
ALTER TABLE "ServiceAccountScope" ADD COLUMN "expiresAt" DATETIME;

-- CreateTable
CREATE TABLE "ChangeRequest" (
    "id" TEXT NOT NULL PRIMARY KEY,
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
    "requestedAt" DATETIME NOT NULL,
    "requestedEventId" TEXT NOT NULL,
    "requestedSeq" INTEGER NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "decidedBy" TEXT,
    "decidedByType" TEXT,
    "decidedByLabel" TEXT,
    "decidedAt" DATETIME,
    "comment" TEXT,
    "credentialHash" TEXT,
    "credentialHint" TEXT,
    CONSTRAINT "ChangeRequest_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Organization" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "auditRetentionDays" INTEGER,
    "requireApproval" BOOLEAN NOT NULL DEFAULT false,
    "reviewCadenceDays" INTEGER NOT NULL DEFAULT 90,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_Organization" ("auditRetentionDays", "createdAt", "id", "name", "reviewCadenceDays", "slug", "updatedAt") SELECT "auditRetentionDays", "createdAt", "id", "name", "reviewCadenceDays", "slug", "updatedAt" FROM "Organization";
DROP TABLE "Organization";
ALTER TABLE "new_Organization" RENAME TO "Organization";
CREATE UNIQUE INDEX "Organization_slug_key" ON "Organization"("slug");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "ChangeRequest_credentialHash_key" ON "ChangeRequest"("credentialHash");

-- CreateIndex
CREATE INDEX "ChangeRequest_orgId_status_requestedAt_idx" ON "ChangeRequest"("orgId", "status", "requestedAt");

-- CreateIndex
CREATE INDEX "ChangeRequest_status_expiresAt_idx" ON "ChangeRequest"("status", "expiresAt");

-- CreateIndex
CREATE INDEX "ServiceAccountScope_expiresAt_idx" ON "ServiceAccountScope"("expiresAt");
