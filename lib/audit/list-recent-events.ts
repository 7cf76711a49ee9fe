import { db } from "../db";
import type { Actor } from "./types";
import { authorizeOrg } from "../authz";

/** The newest events of an organisation, for the org home page. */
export async function listRecentAuditEvents(actor: Actor, orgSlug: string, take = 10) {
  const { org } = await authorizeOrg(actor, orgSlug, "audit:read");
  return db().auditEvent.findMany({
    where: { orgId: org.id },
    orderBy: [{ seq: "desc" }],
    take: Math.min(Math.max(take, 1), 50),
    select: {
      id: true, seq: true, occurredAt: true, actorType: true, actorLabel: true, action: true,
      targetType: true, targetLabel: true, outcome: true,
    },
  });
}
