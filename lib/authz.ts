import { db, type Organization, type Role } from "./db";
import { AppError } from "./errors";
import type { Actor } from "./audit/types";
import { can, scopesGranting, type Capability, type Principal } from "./permissions";

export interface OrgContext {
  org: Organization;
  /** The acting user's role; the CLI operator acts with OWNER rights; null for an API principal. */
  role: Role | null;
  principal: Principal;
}

const NOT_FOUND = () => new AppError("not_found", "Not found");

/**
 * The one authorisation rule for organisation-scoped work: resolve who the
 * actor is in this organisation, then ask the permission map. A user must be
 * a member; an API principal (service account or API key, through the
 * management API) acts only in the organisation its credential belongs to.
 * An organisation the actor cannot see answers exactly like one that does
 * not exist (404); a known organisation with too little permission is 403.
 * The CLI operator already holds the database, so it may do everything.
 */
export async function authorizeOrg(actor: Actor, orgSlug: string, capability: Capability): Promise<OrgContext> {
  const org = await db().organization.findUnique({ where: { slug: String(orgSlug).toLowerCase() } });
  const { role, principal } = await resolvePrincipal(actor, org, orgSlug);
  if (!can(principal, capability)) {
    const message =
      principal.kind === "api"
        ? `This credential lacks the scope for this (needs ${scopesGranting(capability).join(" or ") || "a person"})`
        : "Your role does not allow this";
    throw new AppError("forbidden", message, { internal: `${actor.type} ${actor.id} cannot ${capability} in ${org!.slug}` });
  }
  return { org: org!, role, principal };
}

async function resolvePrincipal(actor: Actor, org: Organization | null, orgSlug: string): Promise<{ role: Role | null; principal: Principal }> {
  if (actor.type === "cli" || actor.type === "system") {
    if (!org) throw new AppError("not_found", `Organisation "${orgSlug}" not found`);
    return { role: "OWNER", principal: { kind: "operator" } };
  }
  if (!org || !actor.id) throw NOT_FOUND();
  if (actor.type === "user") {
    const membership = await db().membership.findUnique({ where: { orgId_userId: { orgId: org.id, userId: actor.id } } });
    if (!membership) throw NOT_FOUND();
    return { role: membership.role, principal: { kind: "member", role: membership.role } };
  }
  // service_account / api_key: only with a grant the API adapter resolved from
  // the credential, and only in that credential's own organisation.
  if (!actor.grant || actor.grant.orgId !== org.id) throw NOT_FOUND();
  return { role: null, principal: { kind: "api", scopes: actor.grant.scopes } };
}
