-- CreateTable
CREATE TABLE "IdempotencyRecord" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "orgId" TEXT NOT NULL,
    "principal" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "fingerprint" TEXT NOT NULL,
    "status" INTEGER,
    "response" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "IdempotencyRecord_expiresAt_idx" ON "IdempotencyRecord"("expiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "IdempotencyRecord_orgId_principal_key_key" ON "IdempotencyRecord"("orgId", "principal", "key");

-- Data: the reserved scopes tessera:scopes:write and tessera:change-requests:approve
-- exist in every organisation (lib/scopes/reserved-scopes.ts); give them to the
-- organisations created before they did. Timestamps in the adapter's ISO format.
INSERT INTO "Scope" ("id", "orgId", "name", "description", "highRisk", "reserved", "createdAt", "updatedAt")
SELECT 'rsv' || lower(hex(randomblob(12))), o."id", r."name", r."description", 1, 1,
       strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now'), strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now')
FROM "Organization" o
CROSS JOIN (
  SELECT 'tessera:scopes:write' AS "name", 'Create, change and delete scopes in the catalog through the management API' AS "description"
  UNION ALL
  SELECT 'tessera:change-requests:approve', 'Approve or reject change requests (a reviewed decision for a machine)'
) r
WHERE NOT EXISTS (SELECT 1 FROM "Scope" s WHERE s."orgId" = o."id" AND s."name" = r."name");
