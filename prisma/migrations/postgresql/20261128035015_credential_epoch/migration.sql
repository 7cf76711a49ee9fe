-- CreateTable
CREATE TABLE "CredentialEpoch" (
    "id" INTEGER NOT NULL,
    "value" BIGINT NOT NULL DEFAULT 0,
    "movedAt" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "CredentialEpoch_pkey" PRIMARY KEY ("id")
);

-- The base row (hand-written): what the rows of departed connections are folded into.
INSERT INTO "CredentialEpoch" ("id", "value") VALUES (0, 0);

-- Triggers (hand-written): every change to a row an OAuth answer reads moves
-- the epoch (the sum of "value") in the same transaction, whoever makes it,
-- so a reader that finds the sum unchanged knows the rows it read before
-- still hold. Updates of lastUsedAt / lastRequestedAt alone leave it: they
-- record use, not a decision. lib/credentials/remembered-reads.test.ts holds
-- these column lists to EPOCH_WATCHED in lib/credentials/remembered-reads.ts.
--
-- Each connection moves a row of its own (id = its backend pid): a
-- connection runs one transaction at a time, so no writer ever waits on
-- another for the epoch, and none can deadlock through it (a revocation
-- batch holds its chain head, a console change its account row). The sum
-- only grows, and grows by every commit that moved it, in whatever order
-- they commit. foldCredentialEpoch (maintenance) folds departed connections'
-- rows into row 0 in one statement, which leaves the sum as it was.
-- TRUNCATE moves it too, and the triggers fire ALWAYS (also where
-- session_replication_role = replica, as in logical replication apply).
-- Its search_path is the migration's, so a session with another one cannot
-- move some other schema's "CredentialEpoch" instead.
CREATE FUNCTION "CredentialEpoch_move"() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
  moved_at BIGINT := (extract(epoch FROM clock_timestamp()) * 1000000)::BIGINT;
BEGIN
  -- Once per transaction: what commits together needs one move, and a batch
  -- of revocations would otherwise update the same row once per token.
  IF current_setting('tessera.credential_epoch_moved', true) IS DISTINCT FROM 'on' THEN
    INSERT INTO "CredentialEpoch" ("id", "value", "movedAt") VALUES (pg_backend_pid(), 1, moved_at)
    ON CONFLICT ("id") DO UPDATE SET "value" = "CredentialEpoch"."value" + 1, "movedAt" = moved_at;
    PERFORM set_config('tessera.credential_epoch_moved', 'on', true);
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER "ServiceAccount_credentialEpoch" AFTER INSERT OR UPDATE OF "id", "orgId", "clientId", "name", "description", "audiences", "tokenTtlSeconds", "status", "createdById", "createdByLabel", "updatedById", "updatedByLabel", "createdAt", "updatedAt", "tokensValidAfter", "ownerUserId" OR DELETE OR TRUNCATE ON "ServiceAccount"
FOR EACH STATEMENT EXECUTE FUNCTION "CredentialEpoch_move"();
ALTER TABLE "ServiceAccount" ENABLE ALWAYS TRIGGER "ServiceAccount_credentialEpoch";
CREATE TRIGGER "ClientSecret_credentialEpoch" AFTER INSERT OR UPDATE OF "id", "serviceAccountId", "hash", "hint", "createdAt", "expiresAt", "revokedAt" OR DELETE OR TRUNCATE ON "ClientSecret"
FOR EACH STATEMENT EXECUTE FUNCTION "CredentialEpoch_move"();
ALTER TABLE "ClientSecret" ENABLE ALWAYS TRIGGER "ClientSecret_credentialEpoch";
CREATE TRIGGER "ServiceAccountScope_credentialEpoch" AFTER INSERT OR UPDATE OF "serviceAccountId", "scopeId", "grantedAt", "expiresAt" OR DELETE OR TRUNCATE ON "ServiceAccountScope"
FOR EACH STATEMENT EXECUTE FUNCTION "CredentialEpoch_move"();
ALTER TABLE "ServiceAccountScope" ENABLE ALWAYS TRIGGER "ServiceAccountScope_credentialEpoch";
CREATE TRIGGER "Scope_credentialEpoch" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "Scope"
FOR EACH STATEMENT EXECUTE FUNCTION "CredentialEpoch_move"();
ALTER TABLE "Scope" ENABLE ALWAYS TRIGGER "Scope_credentialEpoch";
CREATE TRIGGER "ApiKey_credentialEpoch" AFTER INSERT OR UPDATE OF "id", "orgId", "serviceAccountId", "name", "hash", "hint", "scopes", "createdAt", "expiresAt", "revokedAt" OR DELETE OR TRUNCATE ON "ApiKey"
FOR EACH STATEMENT EXECUTE FUNCTION "CredentialEpoch_move"();
ALTER TABLE "ApiKey" ENABLE ALWAYS TRIGGER "ApiKey_credentialEpoch";
CREATE TRIGGER "Organization_credentialEpoch" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "Organization"
FOR EACH STATEMENT EXECUTE FUNCTION "CredentialEpoch_move"();
ALTER TABLE "Organization" ENABLE ALWAYS TRIGGER "Organization_credentialEpoch";
CREATE TRIGGER "RevokedToken_credentialEpoch" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "RevokedToken"
FOR EACH STATEMENT EXECUTE FUNCTION "CredentialEpoch_move"();
ALTER TABLE "RevokedToken" ENABLE ALWAYS TRIGGER "RevokedToken_credentialEpoch";
