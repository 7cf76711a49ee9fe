import { db } from "../db";
import type { Actor } from "../audit/types";
import { createScope } from "../scopes/create-scope";
import { createServiceAccount } from "../service-accounts/create-service-account";
import { updateOrganizationSettings } from "../orgs/update-organization-settings";
import { actorFor, makeOrg, makeUser } from "./factories";

/**
 * An organisation with four-eyes approval on: an OWNER, two ADMINs and a
 * REVIEWER; billing:read and the high-risk billing:write; an account
 * holding billing:read. `requester` and `approver` are the two ADMINs.
 */
export async function orgWithApproval(options: { approval?: boolean } = {}) {
  const [owner, admin1, admin2, reviewer] = await Promise.all([makeUser(), makeUser(), makeUser(), makeUser()]);
  const org = await makeOrg([
    { userId: owner.id, role: "OWNER" },
    { userId: admin1.id, role: "ADMIN" },
    { userId: admin2.id, role: "ADMIN" },
    { userId: reviewer.id, role: "REVIEWER" },
  ]);
  const ownerActor = actorFor(owner);
  await createScope(ownerActor, org.slug, { name: "billing:read" });
  await createScope(ownerActor, org.slug, { name: "billing:write", highRisk: true });
  const account = await createServiceAccount(ownerActor, org.slug, { name: "billing-job", scopes: ["billing:read"], audiences: ["https://billing.example.com"] });
  if (options.approval !== false) await updateOrganizationSettings(ownerActor, org.slug, { requireApproval: true });
  return { org, owner: ownerActor, requester: actorFor(admin1), approver: actorFor(admin2), reviewer: actorFor(reviewer), account };
}

/** The scope names an account holds, straight from the table. */
export async function scopesOf(clientId: string): Promise<string[]> {
  const grants = await db().serviceAccountScope.findMany({ where: { serviceAccount: { clientId } }, include: { scope: true } });
  return grants.map((g) => g.scope.name).sort();
}

/** The org's events of these actions, oldest first, with parsed metadata. */
export async function eventsOf(orgId: string, actions: string[]) {
  const rows = await db().auditEvent.findMany({ where: { orgId, action: { in: actions } }, orderBy: { seq: "asc" } });
  return rows.map((r) => ({ ...r, meta: JSON.parse(r.metadata ?? "{}") as Record<string, unknown> }));
}

/** A management API principal as the API adapter builds it (a service account's token). */
export function apiActor(clientId: string, orgId: string, scopes: string[]): Actor {
  return { type: "service_account", id: clientId, label: clientId, grant: { orgId, scopes } };
}
