import { db, type Role } from "../db";

export interface OrgSummary {
  id: string;
  slug: string;
  name: string;
  role: Role;
}

/** The organisations a user belongs to, with the user's role in each. */
export async function listOrganizationsForUser(userId: string): Promise<OrgSummary[]> {
  const memberships = await db().membership.findMany({
    where: { userId },
    include: { org: true },
    orderBy: { org: { name: "asc" } },
  });
  return memberships.map((m) => ({ id: m.org.id, slug: m.org.slug, name: m.org.name, role: m.role }));
}

/** Every organisation, for the operator's CLI. */
export async function listAllOrganizations() {
  const orgs = await db().organization.findMany({
    orderBy: { slug: "asc" },
    include: { _count: { select: { memberships: true } } },
  });
  return orgs.map((o) => ({ id: o.id, slug: o.slug, name: o.name, members: o._count.memberships, createdAt: o.createdAt }));
}
