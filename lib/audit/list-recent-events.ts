import { db } from "../db";
import type { Actor } from "./types";
import { authorizeOrg } from "../authz";
import { listRecentAuditEventsSchema } from "../schemas/references";
import { parseInput } from "../validation";

/** The newest events of an organisation, for the org home page. */
export async function listRecentAuditEvents(actor: Actor, orgSlug: string, count?: number) {
  const { take } = parseInput(listRecentAuditEventsSchema, { take: count });
  const { org } = await authorizeOrg(actor, orgSlug, "audit:read");
  return db().auditEvent.findMany({
    where: { orgId: org.id },
    orderBy: [{ seq: "desc" }],
    take,
    select: {
      id: true, seq: true, occurredAt: true, actorType: true, actorLabel: true, action: true,
      targetType: true, targetLabel: true, outcome: true,
    },
  });
}
