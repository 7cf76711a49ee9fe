-- CreateTable
CREATE TABLE "IdempotencyRecord" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "principal" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "fingerprint" TEXT NOT NULL,
    "status" INTEGER,
    "response" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "IdempotencyRecord_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "IdempotencyRecord_expiresAt_idx" ON "IdempotencyRecord"("expiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "IdempotencyRecord_orgId_principal_key_key" ON "IdempotencyRecord"("orgId", "principal", "key");

-- Data: the reserved scopes tessera:scopes:write and tessera:change-requests:approve
-- exist in every organisation (lib/scopes/reserved-scopes.ts); give them to the
-- organisations created before they did.
INSERT INTO "Scope" ("id", "orgId", "name", "description", "highRisk", "reserved", "createdAt", "updatedAt")
SELECT 'rsv' || md5(random()::text || clock_timestamp()::text || o."id" || r."name"), o."id", r."name", r."description", true, true,
       CURRENT_TIMESTAMP, CURRENT_TIMESTAMP
FROM "Organization" o
CROSS JOIN (VALUES
  ('tessera:scopes:write', 'Create, change and delete scopes in the catalog through the management API'),
  ('tessera:change-requests:approve', 'Approve or reject change requests (a reviewed decision for a machine)')
) AS r("name", "description")
WHERE NOT EXISTS (SELECT 1 FROM "Scope" s WHERE s."orgId" = o."id" AND s."name" = r."name");
