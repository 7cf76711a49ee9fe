-- DropIndex
DROP INDEX "AuditEvent_orgId_targetId_occurredAt_id_idx";

-- AlterTable
ALTER TABLE "AuditEvent" ADD COLUMN     "otherTargetId" TEXT;

-- Backfill (hand-written): events recorded before this column existed
UPDATE "AuditEvent" SET "otherTargetId" = "targetId" WHERE "targetId" IS DISTINCT FROM "actorId";

-- CreateIndex
CREATE INDEX "AuditEvent_orgId_otherTargetId_occurredAt_id_idx" ON "AuditEvent"("orgId", "otherTargetId", "occurredAt", "id");
