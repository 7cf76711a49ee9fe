-- AlterTable
ALTER TABLE "ServiceAccount" ADD COLUMN "tokensValidAfter" DATETIME;

-- CreateTable
CREATE TABLE "CredentialUsage" (
    "orgId" TEXT NOT NULL,
    "callerClientId" TEXT NOT NULL,
    "credentialType" TEXT NOT NULL,
    "credentialId" TEXT NOT NULL,
    "minute" DATETIME NOT NULL,
    "count" INTEGER NOT NULL,

    PRIMARY KEY ("callerClientId", "credentialType", "credentialId", "minute")
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_SigningKey" (
    "kid" TEXT NOT NULL PRIMARY KEY,
    "alg" TEXT NOT NULL,
    "use" TEXT NOT NULL DEFAULT 'token',
    "publicJwk" TEXT NOT NULL,
    "privateKeyEnc" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "activatesAt" DATETIME NOT NULL,
    "retiredAt" DATETIME,
    "publishedUntil" DATETIME
);
INSERT INTO "new_SigningKey" ("activatesAt", "alg", "createdAt", "kid", "privateKeyEnc", "publicJwk", "publishedUntil", "retiredAt") SELECT "activatesAt", "alg", "createdAt", "kid", "privateKeyEnc", "publicJwk", "publishedUntil", "retiredAt" FROM "SigningKey";
DROP TABLE "SigningKey";
ALTER TABLE "new_SigningKey" RENAME TO "SigningKey";
CREATE INDEX "SigningKey_activatesAt_idx" ON "SigningKey"("activatesAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "CredentialUsage_orgId_minute_idx" ON "CredentialUsage"("orgId", "minute");
