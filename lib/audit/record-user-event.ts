import type { Tx } from "../db";
import { recordAuditEvents } from "./record-audit-event";
import type { AuditEventInput } from "./types";

/**
 * Record an event about a user account itself (sign-in, sign-out), which
 * belongs to no single organisation: one copy in the trail of every
 * organisation the user is a member of, so each organisation's reviewers
 * see it, or in the instance trail for an unknown email or a user without
 * organisations.
 */
export async function recordUserEvent(tx: Tx, userId: string | null, input: Omit<AuditEventInput, "orgId">): Promise<void> {
  const memberships = userId ? await tx.membership.findMany({ where: { userId }, select: { orgId: true } }) : [];
  const orgIds = memberships.length ? memberships.map((m) => m.orgId) : [null];
  await recordAuditEvents(tx, orgIds.map((orgId) => ({ ...input, orgId })));
}
