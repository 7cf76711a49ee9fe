import { db } from "../db";
import type { Actor } from "../audit/types";
import { authorizeOrg } from "../authz";
import { at } from "../clock";

/** Members of an organisation and its open invitations (never their tokens). */
export async function listMembers(actor: Actor, orgSlug: string, now?: Date) {
  const { org, role } = await authorizeOrg(actor, orgSlug, "members:read");
  const [members, invitations] = await Promise.all([
    db().membership.findMany({
      where: { orgId: org.id },
      include: { user: { select: { id: true, email: true, name: true, emailVerifiedAt: true } } },
      orderBy: { createdAt: "asc" },
    }),
    db().invitation.findMany({
      where: { orgId: org.id, acceptedAt: null, revokedAt: null, expiresAt: { gt: at(now) } },
      select: { id: true, role: true, email: true, createdAt: true, expiresAt: true },
      orderBy: { createdAt: "desc" },
    }),
  ]);
  return {
    org,
    viewerRole: role,
    members: members.map((m) => ({
      membershipId: m.id,
      userId: m.user.id,
      email: m.user.email,
      name: m.user.name,
      // False when the member typed the address themself (an invitation without an email).
      emailVerified: m.user.emailVerifiedAt !== null,
      role: m.role,
      joinedAt: m.createdAt,
    })),
    invitations,
  };
}
