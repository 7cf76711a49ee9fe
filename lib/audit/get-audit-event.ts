import { db } from "../db";
import type { Actor } from "./types";
import { authorizeOrg } from "../authz";
import { toAuditEventView } from "./list-audit-events";

/** One event of the organisation by id, or null; another org's event is simply not found. */
export async function getAuditEvent(actor: Actor, orgSlug: string, id: string) {
  const { org } = await authorizeOrg(actor, orgSlug, "REVIEWER");
  const event = await db().auditEvent.findFirst({ where: { id: String(id).slice(0, 100), orgId: org.id } });
  return event ? toAuditEventView(event) : null;
}
