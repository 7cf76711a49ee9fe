-- CreateTable
CREATE TABLE "CredentialEpoch" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "value" BIGINT NOT NULL DEFAULT 0,
    "salt" BIGINT NOT NULL DEFAULT 0
);

-- The base row (hand-written); SQLite has one writer, so every move lands here.
INSERT INTO "CredentialEpoch" ("id", "value") VALUES (0, 0);

-- Triggers (hand-written): every change to a row an OAuth answer reads moves
-- the epoch (the sum of "value", with a random "salt") in the same transaction, whoever makes it,
-- so a reader that finds the sum unchanged knows the rows it read before
-- still hold. Updates of lastUsedAt / lastRequestedAt alone leave it: they
-- record use, not a decision. lib/credentials/remembered-reads.test.ts holds
-- these column lists to EPOCH_WATCHED in lib/credentials/remembered-reads.ts.
CREATE TRIGGER "ServiceAccount_credentialEpoch_insert" AFTER INSERT ON "ServiceAccount" BEGIN UPDATE "CredentialEpoch" SET "value" = "value" + 1, "salt" = ("salt" + 1 + (random() & 2147483647)) % 1099511627776 WHERE "id" = 0; END;
CREATE TRIGGER "ServiceAccount_credentialEpoch_update" AFTER UPDATE OF "id", "orgId", "clientId", "name", "description", "audiences", "tokenTtlSeconds", "status", "createdById", "createdByLabel", "updatedById", "updatedByLabel", "createdAt", "updatedAt", "tokensValidAfter", "ownerUserId" ON "ServiceAccount" BEGIN UPDATE "CredentialEpoch" SET "value" = "value" + 1, "salt" = ("salt" + 1 + (random() & 2147483647)) % 1099511627776 WHERE "id" = 0; END;
CREATE TRIGGER "ServiceAccount_credentialEpoch_delete" AFTER DELETE ON "ServiceAccount" BEGIN UPDATE "CredentialEpoch" SET "value" = "value" + 1, "salt" = ("salt" + 1 + (random() & 2147483647)) % 1099511627776 WHERE "id" = 0; END;
CREATE TRIGGER "ClientSecret_credentialEpoch_insert" AFTER INSERT ON "ClientSecret" BEGIN UPDATE "CredentialEpoch" SET "value" = "value" + 1, "salt" = ("salt" + 1 + (random() & 2147483647)) % 1099511627776 WHERE "id" = 0; END;
CREATE TRIGGER "ClientSecret_credentialEpoch_update" AFTER UPDATE OF "id", "serviceAccountId", "hash", "hint", "createdAt", "expiresAt", "revokedAt" ON "ClientSecret" BEGIN UPDATE "CredentialEpoch" SET "value" = "value" + 1, "salt" = ("salt" + 1 + (random() & 2147483647)) % 1099511627776 WHERE "id" = 0; END;
CREATE TRIGGER "ClientSecret_credentialEpoch_delete" AFTER DELETE ON "ClientSecret" BEGIN UPDATE "CredentialEpoch" SET "value" = "value" + 1, "salt" = ("salt" + 1 + (random() & 2147483647)) % 1099511627776 WHERE "id" = 0; END;
CREATE TRIGGER "ServiceAccountScope_credentialEpoch_insert" AFTER INSERT ON "ServiceAccountScope" BEGIN UPDATE "CredentialEpoch" SET "value" = "value" + 1, "salt" = ("salt" + 1 + (random() & 2147483647)) % 1099511627776 WHERE "id" = 0; END;
CREATE TRIGGER "ServiceAccountScope_credentialEpoch_update" AFTER UPDATE OF "serviceAccountId", "scopeId", "grantedAt", "expiresAt" ON "ServiceAccountScope" BEGIN UPDATE "CredentialEpoch" SET "value" = "value" + 1, "salt" = ("salt" + 1 + (random() & 2147483647)) % 1099511627776 WHERE "id" = 0; END;
CREATE TRIGGER "ServiceAccountScope_credentialEpoch_delete" AFTER DELETE ON "ServiceAccountScope" BEGIN UPDATE "CredentialEpoch" SET "value" = "value" + 1, "salt" = ("salt" + 1 + (random() & 2147483647)) % 1099511627776 WHERE "id" = 0; END;
CREATE TRIGGER "Scope_credentialEpoch_insert" AFTER INSERT ON "Scope" BEGIN UPDATE "CredentialEpoch" SET "value" = "value" + 1, "salt" = ("salt" + 1 + (random() & 2147483647)) % 1099511627776 WHERE "id" = 0; END;
CREATE TRIGGER "Scope_credentialEpoch_update" AFTER UPDATE ON "Scope" BEGIN UPDATE "CredentialEpoch" SET "value" = "value" + 1, "salt" = ("salt" + 1 + (random() & 2147483647)) % 1099511627776 WHERE "id" = 0; END;
CREATE TRIGGER "Scope_credentialEpoch_delete" AFTER DELETE ON "Scope" BEGIN UPDATE "CredentialEpoch" SET "value" = "value" + 1, "salt" = ("salt" + 1 + (random() & 2147483647)) % 1099511627776 WHERE "id" = 0; END;
CREATE TRIGGER "ApiKey_credentialEpoch_insert" AFTER INSERT ON "ApiKey" BEGIN UPDATE "CredentialEpoch" SET "value" = "value" + 1, "salt" = ("salt" + 1 + (random() & 2147483647)) % 1099511627776 WHERE "id" = 0; END;
CREATE TRIGGER "ApiKey_credentialEpoch_update" AFTER UPDATE OF "id", "orgId", "serviceAccountId", "name", "hash", "hint", "scopes", "createdAt", "expiresAt", "revokedAt" ON "ApiKey" BEGIN UPDATE "CredentialEpoch" SET "value" = "value" + 1, "salt" = ("salt" + 1 + (random() & 2147483647)) % 1099511627776 WHERE "id" = 0; END;
CREATE TRIGGER "ApiKey_credentialEpoch_delete" AFTER DELETE ON "ApiKey" BEGIN UPDATE "CredentialEpoch" SET "value" = "value" + 1, "salt" = ("salt" + 1 + (random() & 2147483647)) % 1099511627776 WHERE "id" = 0; END;
CREATE TRIGGER "Organization_credentialEpoch_insert" AFTER INSERT ON "Organization" BEGIN UPDATE "CredentialEpoch" SET "value" = "value" + 1, "salt" = ("salt" + 1 + (random() & 2147483647)) % 1099511627776 WHERE "id" = 0; END;
CREATE TRIGGER "Organization_credentialEpoch_update" AFTER UPDATE ON "Organization" BEGIN UPDATE "CredentialEpoch" SET "value" = "value" + 1, "salt" = ("salt" + 1 + (random() & 2147483647)) % 1099511627776 WHERE "id" = 0; END;
CREATE TRIGGER "Organization_credentialEpoch_delete" AFTER DELETE ON "Organization" BEGIN UPDATE "CredentialEpoch" SET "value" = "value" + 1, "salt" = ("salt" + 1 + (random() & 2147483647)) % 1099511627776 WHERE "id" = 0; END;
CREATE TRIGGER "RevokedToken_credentialEpoch_insert" AFTER INSERT ON "RevokedToken" BEGIN UPDATE "CredentialEpoch" SET "value" = "value" + 1, "salt" = ("salt" + 1 + (random() & 2147483647)) % 1099511627776 WHERE "id" = 0; END;
CREATE TRIGGER "RevokedToken_credentialEpoch_update" AFTER UPDATE ON "RevokedToken" BEGIN UPDATE "CredentialEpoch" SET "value" = "value" + 1, "salt" = ("salt" + 1 + (random() & 2147483647)) % 1099511627776 WHERE "id" = 0; END;
CREATE TRIGGER "RevokedToken_credentialEpoch_delete" AFTER DELETE ON "RevokedToken" BEGIN UPDATE "CredentialEpoch" SET "value" = "value" + 1, "salt" = ("salt" + 1 + (random() & 2147483647)) % 1099511627776 WHERE "id" = 0; END;
