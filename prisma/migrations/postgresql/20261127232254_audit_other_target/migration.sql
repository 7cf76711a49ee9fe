-- DropIndex
DROP INDEX "AuditEvent_orgId_targetId_occurredAt_id_idx";

-- AlterTable
ALTER TABLE "AuditEvent" ADD COLUMN     "otherTargetId" TEXT;

-- Backfill (hand-written): events recorded before this column existed
UPDATE "AuditEvent" SET "otherTargetId" = "targetId" WHERE "targetId" IS NOT NULL AND "targetId" IS DISTINCT FROM "actorId";

-- CreateIndex
CREATE INDEX "AuditEvent_orgId_otherTargetId_occurredAt_id_idx" ON "AuditEvent"("orgId", "otherTargetId", "occurredAt", "id");

-- Trigger (hand-written): a writer that predates the column (an older instance
-- during a rolling deploy) leaves it NULL; the database derives it instead, as
-- record-audit-event does, so such events stay listed and verify. Current
-- writers set it, and then the WHEN clause is false and the function never runs.
CREATE FUNCTION "AuditEvent_otherTargetId"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW."otherTargetId" := CASE WHEN NEW."targetId" IS DISTINCT FROM NEW."actorId" THEN NEW."targetId" END;
  RETURN NEW;
END
$$;

CREATE TRIGGER "AuditEvent_otherTargetId" BEFORE INSERT ON "AuditEvent" FOR EACH ROW
WHEN (NEW."otherTargetId" IS DISTINCT FROM CASE WHEN NEW."targetId" IS DISTINCT FROM NEW."actorId" THEN NEW."targetId" END)
EXECUTE FUNCTION "AuditEvent_otherTargetId"();
