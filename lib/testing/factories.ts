import { randomBytes } from "node:crypto";
import { db, transaction, type Role } from "../db";
import { ensureReservedScopes } from "../scopes/reserved-scopes";
import { hashPassword } from "../crypto/password";
import type { Actor } from "../audit/types";

/** Test data through the real tables; each test makes its own, uniquely named. */
export const unique = (prefix: string) => `${prefix}-${randomBytes(4).toString("hex")}`;

export const TEST_PASSWORD = "correct horse battery staple";

export async function makeUser(options: { email?: string; password?: string | null } = {}) {
  const email = options.email ?? `${unique("user")}@example.test`;
  const passwordHash = options.password === null ? null : await hashPassword(options.password ?? TEST_PASSWORD);
  return db().user.create({ data: { email, passwordHash } });
}

export async function makeOrg(members: { userId: string; role: Role }[] = []) {
  const slug = unique("org");
  // Like createOrganization: every organisation has the reserved tessera:* scopes.
  return transaction(async (tx) => {
    const org = await tx.organization.create({
      data: { slug, name: `Org ${slug}`, memberships: { create: members.map((m) => ({ userId: m.userId, role: m.role })) } },
    });
    await ensureReservedScopes(tx, org.id);
    return org;
  });
}

/** A console user who has just signed in (so verbs that ask for a recent sign-in accept them). */
export function actorFor(user: { id: string; email: string }, authenticatedAt: Date | null = new Date()): Actor & { type: "user"; id: string } {
  return { type: "user", id: user.id, label: user.email, clientIp: "127.0.0.1", userAgent: "vitest", authenticatedAt };
}
