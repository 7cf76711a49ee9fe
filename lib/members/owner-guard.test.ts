import { describe, expect, it } from "vitest";
import { db } from "../db";
import { actorFor, makeOrg, makeUser } from "../testing/factories";
import { changeMemberRole } from "./change-member-role";
import { removeMember } from "./remove-member";

/** An organisation with two owners, each acting as themselves. */
async function orgWithTwoOwners() {
  const [a, b] = await Promise.all([makeUser({ password: null }), makeUser({ password: null })]);
  const org = await makeOrg([
    { userId: a.id, role: "OWNER" },
    { userId: b.id, role: "OWNER" },
  ]);
  const memberships = await db().membership.findMany({ where: { orgId: org.id } });
  const of = (userId: string) => memberships.find((m) => m.userId === userId)!.id;
  return { org, a: { actor: actorFor(a), membershipId: of(a.id) }, b: { actor: actorFor(b), membershipId: of(b.id) } };
}

const ROUNDS = 25;

async function race(attempts: (o: Awaited<ReturnType<typeof orgWithTwoOwners>>) => Promise<unknown>[]) {
  for (let round = 0; round < ROUNDS; round++) {
    const o = await orgWithTwoOwners();
    const results = await Promise.allSettled(attempts(o));
    const owners = await db().membership.count({ where: { orgId: o.org.id, role: "OWNER" } });
    expect(owners, `round ${round}: the organisation kept no owner`).toBe(1);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const refused = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(refused.reason).toMatchObject({ code: "conflict", userMessage: expect.stringMatching(/at least one owner/) });
    // Exactly one change was made, and exactly one was audited.
    const audited = await db().auditEvent.count({ where: { orgId: o.org.id, action: { in: ["member.role_changed", "member.removed"] } } });
    expect(audited).toBe(1);
  }
}

describe("an organisation never loses its last owner, even under concurrent changes", () => {
  it("two owners demoting each other at once: one succeeds, the other is refused", async () => {
    await race(({ org, a, b }) => [
      changeMemberRole(a.actor, org.slug, { membershipId: b.membershipId, role: "ADMIN" }),
      changeMemberRole(b.actor, org.slug, { membershipId: a.membershipId, role: "REVIEWER" }),
    ]);
  });

  it("two owners removing each other at once: one succeeds, the other is refused", async () => {
    await race(({ org, a, b }) => [removeMember(a.actor, org.slug, b.membershipId), removeMember(b.actor, org.slug, a.membershipId)]);
  });

  it("a demotion racing a removal: one succeeds, the other is refused", async () => {
    await race(({ org, a, b }) => [
      changeMemberRole(a.actor, org.slug, { membershipId: a.membershipId, role: "ADMIN" }),
      removeMember(a.actor, org.slug, b.membershipId),
    ]);
  });
});
