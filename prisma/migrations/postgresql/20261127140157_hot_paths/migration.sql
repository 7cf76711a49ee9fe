-- AlterTable
ALTER TABLE "ServiceAccount" ADD COLUMN     "tokensValidAfter" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "SigningKey" ADD COLUMN     "use" TEXT NOT NULL DEFAULT 'token';

-- CreateTable
CREATE TABLE "CredentialUsage" (
    "orgId" TEXT NOT NULL,
    "callerClientId" TEXT NOT NULL,
    "credentialType" TEXT NOT NULL,
    "credentialId" TEXT NOT NULL,
    "minute" TIMESTAMP(3) NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "CredentialUsage_pkey" PRIMARY KEY ("callerClientId","credentialType","credentialId","minute")
);

-- CreateIndex
CREATE INDEX "CredentialUsage_orgId_minute_idx" ON "CredentialUsage"("orgId", "minute");
