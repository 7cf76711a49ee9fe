-- Revocations move an epoch of their own (hand-written): the rows of
-- "CredentialEpoch" below 0 (-1, the base, and -pid for each connection that
-- moved it), which the credential epoch's sums leave out (they add the rows
-- from 0 up). A revoked token id is the only thing an answer reads from
-- "RevokedToken", and a revocation used to move the one epoch every
-- remembered read stands on, so each batch of revocations emptied what every
-- instance remembered of accounts, secrets, grants and keys too. Now it
-- empties only what was remembered of revoked token ids
-- (lib/credentials/remembered-reads.ts, REVOCATIONS_WATCHED). Moves work as
-- "CredentialEpoch_move"'s do (see the credential_epoch migration), with a
-- flag of their own, so a transaction that changes both kinds moves both.
-- An instance still running the build before this one folds the rows below 0
-- into row 0 at its maintenance: safe (the revocation epoch's rows are gone,
-- so its reads are made afresh, and the credential epoch moves, so its cache
-- empties) but it undoes the split until every instance runs this build.
INSERT INTO "CredentialEpoch" ("id", "value") VALUES (-1, 0);

CREATE FUNCTION "RevocationEpoch_move"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  tx TEXT := txid_current()::text;
BEGIN
  IF current_setting('tessera.revocation_epoch_moved', true) IS DISTINCT FROM tx THEN
    EXECUTE format(
      'INSERT INTO %I."CredentialEpoch" ("id", "value", "salt") VALUES (-pg_backend_pid(), 1, $1) '
      'ON CONFLICT ("id") DO UPDATE SET "value" = "CredentialEpoch"."value" + 1, "salt" = ("CredentialEpoch"."salt" + $1) %% 1099511627776',
      TG_TABLE_SCHEMA
    ) USING (1 + floor(random() * 2147483646))::BIGINT;
    PERFORM set_config('tessera.revocation_epoch_moved', tx, true);
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER "RevokedToken_revocationEpoch" AFTER INSERT OR UPDATE OR DELETE ON "RevokedToken"
FOR EACH ROW EXECUTE FUNCTION "RevocationEpoch_move"();
ALTER TABLE "RevokedToken" ENABLE ALWAYS TRIGGER "RevokedToken_revocationEpoch";
CREATE TRIGGER "RevokedToken_revocationEpoch_truncate" AFTER TRUNCATE ON "RevokedToken"
FOR EACH STATEMENT EXECUTE FUNCTION "RevocationEpoch_move"();
ALTER TABLE "RevokedToken" ENABLE ALWAYS TRIGGER "RevokedToken_revocationEpoch_truncate";

-- The old triggers go last: while both are in place a revocation moves both epochs, which is harmless.
DROP TRIGGER "RevokedToken_credentialEpoch" ON "RevokedToken";
DROP TRIGGER "RevokedToken_credentialEpoch_truncate" ON "RevokedToken";
