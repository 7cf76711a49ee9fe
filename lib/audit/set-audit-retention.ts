import { z } from "zod";
import { transaction } from "../db";
import { recordAuditEvent } from "./record-audit-event";
import type { Actor } from "./types";
import { authorizeOrg } from "../authz";
import { parseInput } from "../validation";

export const RETENTION_CHANGED_ACTION = "audit.retention_changed";

export const auditRetentionSchema = z.object({
  /** null keeps everything (the default). */
  days: z.coerce
    .number({ message: "Enter a number of days" })
    .int("Enter whole days")
    .min(30, "Keep at least 30 days")
    .max(3650, "At most 3650 days (10 years)")
    .nullable(),
});

/**
 * Set how long an organisation keeps its audit events. Shortening it
 * destroys evidence, so only owners may change it, and the change is itself
 * an audit event that outlives the pruning it causes.
 */
export async function setAuditRetention(actor: Actor, orgSlug: string, input: z.input<typeof auditRetentionSchema>) {
  const { days } = parseInput(auditRetentionSchema, input);
  const { org } = await authorizeOrg(actor, orgSlug, "audit:retention");
  if (org.auditRetentionDays === days) return org;
  return transaction(async (tx) => {
    const updated = await tx.organization.update({ where: { id: org.id }, data: { auditRetentionDays: days } });
    await recordAuditEvent(tx, {
      orgId: org.id,
      action: RETENTION_CHANGED_ACTION,
      actor,
      target: { type: "organization", id: org.id, label: org.slug },
      metadata: { before: { retentionDays: org.auditRetentionDays }, after: { retentionDays: days } },
    });
    return updated;
  });
}
