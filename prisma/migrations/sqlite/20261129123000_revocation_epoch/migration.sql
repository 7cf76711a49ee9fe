-- Revocations move an epoch of their own (hand-written): row -1 of
-- "CredentialEpoch", which the credential epoch's sums leave out (they add
-- the rows from 0 up). A revoked token id is the only thing an answer reads
-- from "RevokedToken", and a revocation used to move the one epoch every
-- remembered read stands on, so each batch of revocations emptied what every
-- instance remembered of accounts, secrets, grants and keys too. Now it
-- empties only what was remembered of revoked token ids
-- (lib/credentials/remembered-reads.ts, REVOCATIONS_WATCHED).
INSERT INTO "CredentialEpoch" ("id", "value") VALUES (-1, 0);

CREATE TRIGGER "RevokedToken_revocationEpoch_insert" AFTER INSERT ON "RevokedToken" BEGIN UPDATE "CredentialEpoch" SET "value" = "value" + 1, "salt" = ("salt" + 1 + (random() & 2147483647)) % 1099511627776 WHERE "id" = -1; END;
CREATE TRIGGER "RevokedToken_revocationEpoch_update" AFTER UPDATE ON "RevokedToken" BEGIN UPDATE "CredentialEpoch" SET "value" = "value" + 1, "salt" = ("salt" + 1 + (random() & 2147483647)) % 1099511627776 WHERE "id" = -1; END;
CREATE TRIGGER "RevokedToken_revocationEpoch_delete" AFTER DELETE ON "RevokedToken" BEGIN UPDATE "CredentialEpoch" SET "value" = "value" + 1, "salt" = ("salt" + 1 + (random() & 2147483647)) % 1099511627776 WHERE "id" = -1; END;

-- The old triggers go last: while both are in place a revocation moves both epochs, which is harmless.
DROP TRIGGER "RevokedToken_credentialEpoch_insert";
DROP TRIGGER "RevokedToken_credentialEpoch_update";
DROP TRIGGER "RevokedToken_credentialEpoch_delete";
