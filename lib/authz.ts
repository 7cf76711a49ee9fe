import { db, type Organization, type Role } from "./db";
import { AppError } from "./errors";
import type { Actor } from "./audit/types";

const rank: Record<Role, number> = { REVIEWER: 1, ADMIN: 2, OWNER: 3 };

export function roleAtLeast(role: Role, minimum: Role): boolean {
  return rank[role] >= rank[minimum];
}

export interface OrgContext {
  org: Organization;
  /** The acting user's role; the CLI operator acts with OWNER rights. */
  role: Role;
}

/**
 * The one authorisation rule for organisation-scoped work. A user must be a
 * member with at least `minimum`; an organisation the user does not belong
 * to answers exactly like one that does not exist (404). The CLI operator
 * already holds the database, so it acts as an owner of every organisation.
 */
export async function authorizeOrg(actor: Actor, orgSlug: string, minimum: Role): Promise<OrgContext> {
  const org = await db().organization.findUnique({ where: { slug: String(orgSlug).toLowerCase() } });
  if (actor.type === "cli" || actor.type === "system") {
    if (!org) throw new AppError("not_found", `Organisation "${orgSlug}" not found`);
    return { org, role: "OWNER" };
  }
  if (actor.type !== "user" || !actor.id || !org) throw new AppError("not_found", "Not found");
  const membership = await db().membership.findUnique({
    where: { orgId_userId: { orgId: org.id, userId: actor.id } },
  });
  if (!membership) throw new AppError("not_found", "Not found");
  if (!roleAtLeast(membership.role, minimum)) {
    throw new AppError("forbidden", "Your role does not allow this", {
      internal: `${actor.id} is ${membership.role}, needs ${minimum} in ${org.slug}`,
    });
  }
  return { org, role: membership.role };
}
