-- DropIndex
DROP INDEX "AuditEvent_orgId_action_occurredAt_idx";

-- CreateIndex
CREATE INDEX "AuditEvent_orgId_action_occurredAt_id_idx" ON "AuditEvent"("orgId", "action", "occurredAt", "id");

-- CreateIndex
CREATE INDEX "AuditEvent_orgId_actorId_occurredAt_id_idx" ON "AuditEvent"("orgId", "actorId", "occurredAt", "id");

-- CreateIndex
CREATE INDEX "AuditEvent_orgId_targetId_occurredAt_id_idx" ON "AuditEvent"("orgId", "targetId", "occurredAt", "id");
