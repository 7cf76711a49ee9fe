-- CreateTable
CREATE TABLE "CredentialEpoch" (
    "id" INTEGER NOT NULL,
    "value" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "CredentialEpoch_pkey" PRIMARY KEY ("id")
);

-- The base row (hand-written): what the rows of departed connections are folded into.
INSERT INTO "CredentialEpoch" ("id", "value") VALUES (0, 0);

-- Triggers (hand-written): every change to a row an OAuth answer reads moves
-- the epoch (the sum of "value") in the same transaction, whoever makes it,
-- so a reader that finds the sum unchanged knows the rows it read before
-- still hold. Updates of lastUsedAt / lastRequestedAt alone leave it: they
-- record use, not a decision. migrations.test.ts holds these column lists to
-- EPOCH_WATCHED in lib/credentials/remembered-reads.ts.
--
-- Each connection moves a row of its own (id = its backend pid): a
-- connection runs one transaction at a time, so no writer ever waits on
-- another for the epoch, and none can deadlock through it (a revocation
-- batch holds its chain head, a console change its account row). The sum
-- only grows, and grows by every commit that moved it, in whatever order
-- they commit. foldCredentialEpoch (maintenance) folds departed connections'
-- rows into row 0 in one statement, which leaves the sum as it was.
CREATE FUNCTION "CredentialEpoch_move"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "CredentialEpoch" ("id", "value") VALUES (pg_backend_pid(), 1)
  ON CONFLICT ("id") DO UPDATE SET "value" = "CredentialEpoch"."value" + 1;
  RETURN NULL;
END
$$;

CREATE TRIGGER "ServiceAccount_credentialEpoch" AFTER INSERT OR UPDATE OF "id", "orgId", "clientId", "name", "description", "audiences", "tokenTtlSeconds", "status", "createdById", "createdByLabel", "updatedById", "updatedByLabel", "createdAt", "updatedAt", "tokensValidAfter", "ownerUserId" OR DELETE ON "ServiceAccount"
FOR EACH STATEMENT EXECUTE FUNCTION "CredentialEpoch_move"();
CREATE TRIGGER "ClientSecret_credentialEpoch" AFTER INSERT OR UPDATE OF "id", "serviceAccountId", "hash", "hint", "createdAt", "expiresAt", "revokedAt" OR DELETE ON "ClientSecret"
FOR EACH STATEMENT EXECUTE FUNCTION "CredentialEpoch_move"();
CREATE TRIGGER "ServiceAccountScope_credentialEpoch" AFTER INSERT OR UPDATE OF "serviceAccountId", "scopeId", "grantedAt", "expiresAt" OR DELETE ON "ServiceAccountScope"
FOR EACH STATEMENT EXECUTE FUNCTION "CredentialEpoch_move"();
CREATE TRIGGER "Scope_credentialEpoch" AFTER INSERT OR UPDATE OR DELETE ON "Scope"
FOR EACH STATEMENT EXECUTE FUNCTION "CredentialEpoch_move"();
CREATE TRIGGER "ApiKey_credentialEpoch" AFTER INSERT OR UPDATE OF "id", "orgId", "serviceAccountId", "name", "hash", "hint", "scopes", "createdAt", "expiresAt", "revokedAt" OR DELETE ON "ApiKey"
FOR EACH STATEMENT EXECUTE FUNCTION "CredentialEpoch_move"();
CREATE TRIGGER "Organization_credentialEpoch" AFTER INSERT OR UPDATE OR DELETE ON "Organization"
FOR EACH STATEMENT EXECUTE FUNCTION "CredentialEpoch_move"();
CREATE TRIGGER "RevokedToken_credentialEpoch" AFTER INSERT OR UPDATE OR DELETE ON "RevokedToken"
FOR EACH STATEMENT EXECUTE FUNCTION "CredentialEpoch_move"();
