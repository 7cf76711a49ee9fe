-- CreateTable
CREATE TABLE "CredentialEpoch" (
    "id" INTEGER NOT NULL,
    "value" BIGINT NOT NULL DEFAULT 0,
    "salt" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "CredentialEpoch_pkey" PRIMARY KEY ("id")
);

-- The base row (hand-written): what the rows of departed connections are folded into.
INSERT INTO "CredentialEpoch" ("id", "value") VALUES (0, 0);

-- Triggers (hand-written): every change to a row an OAuth answer reads moves
-- the epoch (the sum of "value", with a random "salt") in the same transaction, whoever makes it,
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
-- rows into row 0 in one statement, which leaves both sums as they were.
--
-- Row triggers (logical replication's apply fires only those), enabled
-- ALWAYS (also under session_replication_role = replica), plus a statement
-- trigger for TRUNCATE. The epoch moves once per transaction: what commits
-- together needs one move, and a batch of revocations would otherwise update
-- the same row once per token. The flag holds the transaction's id, so a
-- setting made for a session or role cannot switch moves off. The table is
-- named with the schema of the table that changed, so neither a search_path
-- nor a temporary table can take the move elsewhere. "CredentialEpoch"
-- itself belongs in no publication.
CREATE FUNCTION "CredentialEpoch_move"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  tx TEXT := txid_current()::text;
BEGIN
  IF current_setting('tessera.credential_epoch_moved', true) IS DISTINCT FROM tx THEN
    EXECUTE format(
      'INSERT INTO %I."CredentialEpoch" ("id", "value", "salt") VALUES (pg_backend_pid(), 1, $1) '
      'ON CONFLICT ("id") DO UPDATE SET "value" = "CredentialEpoch"."value" + 1, "salt" = ("CredentialEpoch"."salt" + $1) %% 1099511627776',
      TG_TABLE_SCHEMA
    ) USING (1 + floor(random() * 2147483646))::BIGINT;
    PERFORM set_config('tessera.credential_epoch_moved', tx, true);
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER "ServiceAccount_credentialEpoch" AFTER INSERT OR UPDATE OF "id", "orgId", "clientId", "name", "description", "audiences", "tokenTtlSeconds", "status", "createdById", "createdByLabel", "updatedById", "updatedByLabel", "createdAt", "updatedAt", "tokensValidAfter", "ownerUserId" OR DELETE ON "ServiceAccount"
FOR EACH ROW EXECUTE FUNCTION "CredentialEpoch_move"();
ALTER TABLE "ServiceAccount" ENABLE ALWAYS TRIGGER "ServiceAccount_credentialEpoch";
CREATE TRIGGER "ServiceAccount_credentialEpoch_truncate" AFTER TRUNCATE ON "ServiceAccount"
FOR EACH STATEMENT EXECUTE FUNCTION "CredentialEpoch_move"();
ALTER TABLE "ServiceAccount" ENABLE ALWAYS TRIGGER "ServiceAccount_credentialEpoch_truncate";
CREATE TRIGGER "ClientSecret_credentialEpoch" AFTER INSERT OR UPDATE OF "id", "serviceAccountId", "hash", "hint", "createdAt", "expiresAt", "revokedAt" OR DELETE ON "ClientSecret"
FOR EACH ROW EXECUTE FUNCTION "CredentialEpoch_move"();
ALTER TABLE "ClientSecret" ENABLE ALWAYS TRIGGER "ClientSecret_credentialEpoch";
CREATE TRIGGER "ClientSecret_credentialEpoch_truncate" AFTER TRUNCATE ON "ClientSecret"
FOR EACH STATEMENT EXECUTE FUNCTION "CredentialEpoch_move"();
ALTER TABLE "ClientSecret" ENABLE ALWAYS TRIGGER "ClientSecret_credentialEpoch_truncate";
CREATE TRIGGER "ServiceAccountScope_credentialEpoch" AFTER INSERT OR UPDATE OF "serviceAccountId", "scopeId", "grantedAt", "expiresAt" OR DELETE ON "ServiceAccountScope"
FOR EACH ROW EXECUTE FUNCTION "CredentialEpoch_move"();
ALTER TABLE "ServiceAccountScope" ENABLE ALWAYS TRIGGER "ServiceAccountScope_credentialEpoch";
CREATE TRIGGER "ServiceAccountScope_credentialEpoch_truncate" AFTER TRUNCATE ON "ServiceAccountScope"
FOR EACH STATEMENT EXECUTE FUNCTION "CredentialEpoch_move"();
ALTER TABLE "ServiceAccountScope" ENABLE ALWAYS TRIGGER "ServiceAccountScope_credentialEpoch_truncate";
CREATE TRIGGER "Scope_credentialEpoch" AFTER INSERT OR UPDATE OR DELETE ON "Scope"
FOR EACH ROW EXECUTE FUNCTION "CredentialEpoch_move"();
ALTER TABLE "Scope" ENABLE ALWAYS TRIGGER "Scope_credentialEpoch";
CREATE TRIGGER "Scope_credentialEpoch_truncate" AFTER TRUNCATE ON "Scope"
FOR EACH STATEMENT EXECUTE FUNCTION "CredentialEpoch_move"();
ALTER TABLE "Scope" ENABLE ALWAYS TRIGGER "Scope_credentialEpoch_truncate";
CREATE TRIGGER "ApiKey_credentialEpoch" AFTER INSERT OR UPDATE OF "id", "orgId", "serviceAccountId", "name", "hash", "hint", "scopes", "createdAt", "expiresAt", "revokedAt" OR DELETE ON "ApiKey"
FOR EACH ROW EXECUTE FUNCTION "CredentialEpoch_move"();
ALTER TABLE "ApiKey" ENABLE ALWAYS TRIGGER "ApiKey_credentialEpoch";
CREATE TRIGGER "ApiKey_credentialEpoch_truncate" AFTER TRUNCATE ON "ApiKey"
FOR EACH STATEMENT EXECUTE FUNCTION "CredentialEpoch_move"();
ALTER TABLE "ApiKey" ENABLE ALWAYS TRIGGER "ApiKey_credentialEpoch_truncate";
CREATE TRIGGER "Organization_credentialEpoch" AFTER INSERT OR UPDATE OR DELETE ON "Organization"
FOR EACH ROW EXECUTE FUNCTION "CredentialEpoch_move"();
ALTER TABLE "Organization" ENABLE ALWAYS TRIGGER "Organization_credentialEpoch";
CREATE TRIGGER "Organization_credentialEpoch_truncate" AFTER TRUNCATE ON "Organization"
FOR EACH STATEMENT EXECUTE FUNCTION "CredentialEpoch_move"();
ALTER TABLE "Organization" ENABLE ALWAYS TRIGGER "Organization_credentialEpoch_truncate";
CREATE TRIGGER "RevokedToken_credentialEpoch" AFTER INSERT OR UPDATE OR DELETE ON "RevokedToken"
FOR EACH ROW EXECUTE FUNCTION "CredentialEpoch_move"();
ALTER TABLE "RevokedToken" ENABLE ALWAYS TRIGGER "RevokedToken_credentialEpoch";
CREATE TRIGGER "RevokedToken_credentialEpoch_truncate" AFTER TRUNCATE ON "RevokedToken"
FOR EACH STATEMENT EXECUTE FUNCTION "CredentialEpoch_move"();
ALTER TABLE "RevokedToken" ENABLE ALWAYS TRIGGER "RevokedToken_credentialEpoch_truncate";
