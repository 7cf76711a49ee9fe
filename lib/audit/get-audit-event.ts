import { db } from "../db";
import type { Actor } from "./types";
import { authorizeOrg } from "../authz";
import { auditEventRefSchema } from "../schemas/references";
import { parseInput } from "../validation";
import { toAuditEventView, type AuditEventView } from "./list-audit-events";

/**
 * One event of an organisation's trail by id, shaped like a listed event; null
 * when there is none in this organisation. Lets a link to an event (from the
 * org home, or shared) open it wherever it sits in the trail.
 */
export async function getAuditEvent(actor: Actor, orgSlug: string, input: string): Promise<AuditEventView | null> {
  const { id } = parseInput(auditEventRefSchema, { id: input });
  const { org } = await authorizeOrg(actor, orgSlug, "audit:read");
  if (!id || id.length > 100) return null;
  const event = await db().auditEvent.findFirst({ where: { id, orgId: org.id } });
  return event ? toAuditEventView(event) : null;
}
