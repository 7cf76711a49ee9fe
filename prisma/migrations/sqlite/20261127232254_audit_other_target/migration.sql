-- DropIndex
DROP INDEX "AuditEvent_orgId_targetId_occurredAt_id_idx";

-- AlterTable
ALTER TABLE "AuditEvent" ADD COLUMN "otherTargetId" TEXT;

-- Backfill (hand-written): events recorded before this column existed
UPDATE "AuditEvent" SET "otherTargetId" = "targetId" WHERE "targetId" IS NOT NULL AND "targetId" IS NOT "actorId";

-- CreateIndex
CREATE INDEX "AuditEvent_orgId_otherTargetId_occurredAt_id_idx" ON "AuditEvent"("orgId", "otherTargetId", "occurredAt", "id");

-- Trigger (hand-written): a writer that predates the column (an older instance
-- during a rolling deploy) leaves it NULL; the database derives it instead, as
-- record-audit-event does, so such events stay listed and verify. Current
-- writers set it, and then the WHEN clause is false and nothing runs.
CREATE TRIGGER "AuditEvent_otherTargetId" AFTER INSERT ON "AuditEvent"
WHEN NEW."otherTargetId" IS NOT (CASE WHEN NEW."targetId" IS NOT NEW."actorId" THEN NEW."targetId" END)
BEGIN
  UPDATE "AuditEvent" SET "otherTargetId" = (CASE WHEN NEW."targetId" IS NOT NEW."actorId" THEN NEW."targetId" END) WHERE "id" = NEW."id";
END;
