-- CreateTable
CREATE TABLE "AccessReview" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "orgId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'open',
    "openOrgId" TEXT,
    "startedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedById" TEXT,
    "startedByLabel" TEXT,
    "closedAt" DATETIME,
    "closedById" TEXT,
    "closedByLabel" TEXT,
    CONSTRAINT "AccessReview_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AccessReviewAccount" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "reviewId" TEXT NOT NULL,
    "serviceAccountId" TEXT NOT NULL,
    "clientId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "ownerUserId" TEXT,
    "ownerLabel" TEXT,
    "credentials" TEXT NOT NULL,
    CONSTRAINT "AccessReviewAccount_reviewId_fkey" FOREIGN KEY ("reviewId") REFERENCES "AccessReview" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AccessReviewItem" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "reviewId" TEXT NOT NULL,
    "reviewAccountId" TEXT NOT NULL,
    "scopeId" TEXT NOT NULL,
    "scopeName" TEXT NOT NULL,
    "highRisk" BOOLEAN NOT NULL,
    "grantedAt" DATETIME NOT NULL,
    "lastRequestedAt" DATETIME,
    "decision" TEXT,
    "decidedById" TEXT,
    "decidedByLabel" TEXT,
    "decidedAt" DATETIME,
    "outcome" TEXT,
    CONSTRAINT "AccessReviewItem_reviewId_fkey" FOREIGN KEY ("reviewId") REFERENCES "AccessReview" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "AccessReviewItem_reviewAccountId_fkey" FOREIGN KEY ("reviewAccountId") REFERENCES "AccessReviewAccount" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "WebhookEndpoint" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "orgId" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "events" TEXT,
    "secretEnc" TEXT NOT NULL,
    "previousSecretEnc" TEXT,
    "previousSecretExpiresAt" DATETIME,
    "allowPrivate" BOOLEAN NOT NULL DEFAULT false,
    "disabledAt" DATETIME,
    "disabledReason" TEXT,
    "failingSince" DATETIME,
    "createdById" TEXT,
    "createdByLabel" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "WebhookEndpoint_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "WebhookCursor" (
    "orgId" TEXT NOT NULL PRIMARY KEY,
    "lastSeq" INTEGER NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "WebhookMessage" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "orgId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "dedupeKey" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "WebhookDelivery" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "orgId" TEXT NOT NULL,
    "messageId" TEXT NOT NULL,
    "endpointId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" DATETIME NOT NULL,
    "leaseUntil" DATETIME,
    "leaseToken" TEXT,
    "lastAttemptAt" DATETIME,
    "lastStatusCode" INTEGER,
    "lastError" TEXT,
    "completedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "WebhookDelivery_messageId_fkey" FOREIGN KEY ("messageId") REFERENCES "WebhookMessage" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "WebhookDelivery_endpointId_fkey" FOREIGN KEY ("endpointId") REFERENCES "WebhookEndpoint" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "WebhookAttempt" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "deliveryId" TEXT NOT NULL,
    "attemptedAt" DATETIME NOT NULL,
    "statusCode" INTEGER,
    "error" TEXT,
    "durationMs" INTEGER NOT NULL,
    CONSTRAINT "WebhookAttempt_deliveryId_fkey" FOREIGN KEY ("deliveryId") REFERENCES "WebhookDelivery" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Organization" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "auditRetentionDays" INTEGER,
    "reviewCadenceDays" INTEGER NOT NULL DEFAULT 90,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_Organization" ("auditRetentionDays", "createdAt", "id", "name", "slug", "updatedAt") SELECT "auditRetentionDays", "createdAt", "id", "name", "slug", "updatedAt" FROM "Organization";
DROP TABLE "Organization";
ALTER TABLE "new_Organization" RENAME TO "Organization";
CREATE UNIQUE INDEX "Organization_slug_key" ON "Organization"("slug");
CREATE TABLE "new_ServiceAccount" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "orgId" TEXT NOT NULL,
    "clientId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "audiences" TEXT NOT NULL,
    "tokenTtlSeconds" INTEGER NOT NULL DEFAULT 3600,
    "status" TEXT NOT NULL DEFAULT 'ACTIVE',
    "createdById" TEXT,
    "createdByLabel" TEXT,
    "updatedById" TEXT,
    "updatedByLabel" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "lastUsedAt" DATETIME,
    "tokensValidAfter" DATETIME,
    "ownerUserId" TEXT,
    CONSTRAINT "ServiceAccount_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ServiceAccount_ownerUserId_fkey" FOREIGN KEY ("ownerUserId") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_ServiceAccount" ("audiences", "clientId", "createdAt", "createdById", "createdByLabel", "description", "id", "lastUsedAt", "name", "orgId", "status", "tokenTtlSeconds", "tokensValidAfter", "updatedAt", "updatedById", "updatedByLabel") SELECT "audiences", "clientId", "createdAt", "createdById", "createdByLabel", "description", "id", "lastUsedAt", "name", "orgId", "status", "tokenTtlSeconds", "tokensValidAfter", "updatedAt", "updatedById", "updatedByLabel" FROM "ServiceAccount";
DROP TABLE "ServiceAccount";
ALTER TABLE "new_ServiceAccount" RENAME TO "ServiceAccount";
CREATE UNIQUE INDEX "ServiceAccount_clientId_key" ON "ServiceAccount"("clientId");
CREATE INDEX "ServiceAccount_ownerUserId_idx" ON "ServiceAccount"("ownerUserId");
CREATE INDEX "ServiceAccount_orgId_status_idx" ON "ServiceAccount"("orgId", "status");
CREATE INDEX "ServiceAccount_orgId_createdAt_idx" ON "ServiceAccount"("orgId", "createdAt");
CREATE UNIQUE INDEX "ServiceAccount_orgId_name_key" ON "ServiceAccount"("orgId", "name");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "AccessReview_openOrgId_key" ON "AccessReview"("openOrgId");

-- CreateIndex
CREATE INDEX "AccessReview_orgId_startedAt_idx" ON "AccessReview"("orgId", "startedAt");

-- CreateIndex
CREATE INDEX "AccessReviewAccount_reviewId_idx" ON "AccessReviewAccount"("reviewId");

-- CreateIndex
CREATE INDEX "AccessReviewItem_reviewId_idx" ON "AccessReviewItem"("reviewId");

-- CreateIndex
CREATE INDEX "AccessReviewItem_reviewAccountId_idx" ON "AccessReviewItem"("reviewAccountId");

-- CreateIndex
CREATE INDEX "WebhookEndpoint_orgId_idx" ON "WebhookEndpoint"("orgId");

-- CreateIndex
CREATE INDEX "WebhookMessage_createdAt_idx" ON "WebhookMessage"("createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "WebhookMessage_orgId_dedupeKey_key" ON "WebhookMessage"("orgId", "dedupeKey");

-- CreateIndex
CREATE INDEX "WebhookDelivery_status_nextAttemptAt_idx" ON "WebhookDelivery"("status", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "WebhookDelivery_endpointId_createdAt_idx" ON "WebhookDelivery"("endpointId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "WebhookDelivery_messageId_endpointId_key" ON "WebhookDelivery"("messageId", "endpointId");

-- CreateIndex
CREATE INDEX "WebhookAttempt_deliveryId_idx" ON "WebhookAttempt"("deliveryId");
