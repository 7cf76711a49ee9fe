import { describe, expect, it } from "vitest";
import { db } from "../db";
import { authorizeOrg } from "../authz";
import { actorFor, makeOrg, makeUser } from "../testing/factories";
import { createInvitation } from "./create-invitation";
import { describeInvitation } from "./describe-invitation";
import { acceptInvitation } from "./accept-invitation";
import { revokeInvitation } from "./revoke-invitation";
import { changeMemberRole } from "./change-member-role";
import { removeMember } from "./remove-member";
import { signUpWithInvitation } from "./sign-up-with-invitation";

const tokenOf = (url: string) => url.split("/invite/")[1]!;

async function orgWithOwner() {
  const owner = await makeUser();
  const org = await makeOrg([{ userId: owner.id, role: "OWNER" }]);
  return { owner, org, actor: actorFor(owner) };
}

describe("invitations", () => {
  it("a one-time link gives the chosen role, once", async () => {
    const { org, actor } = await orgWithOwner();
    const invite = await createInvitation(actor, org.slug, { role: "REVIEWER" });
    const token = tokenOf(invite.url);
    expect(Buffer.from(token, "base64url").length).toBe(32);
    expect(await describeInvitation(token)).toMatchObject({ status: "valid", role: "REVIEWER", org: { slug: org.slug } });
    const stored = await db().invitation.findUniqueOrThrow({ where: { id: invite.id } });
    expect(JSON.stringify(stored)).not.toContain(token);

    const bob = await makeUser();
    await acceptInvitation(actorFor(bob), bob.email, token);
    await expect(authorizeOrg(actorFor(bob), org.slug, "org:read")).resolves.toMatchObject({ role: "REVIEWER" });
    await expect(authorizeOrg(actorFor(bob), org.slug, "service-accounts:write")).rejects.toMatchObject({ code: "forbidden" });

    const carol = await makeUser();
    await expect(acceptInvitation(actorFor(carol), carol.email, token)).rejects.toMatchObject({ code: "conflict" });
    expect(await describeInvitation(token)).toMatchObject({ status: "used" });
  });

  it("expires, can be revoked, and can be bound to one email", async () => {
    const { org, actor } = await orgWithOwner();
    const t0 = new Date("2032-01-01T00:00:00Z");
    const short = await createInvitation(actor, org.slug, { role: "ADMIN", ttlHours: 1 }, t0);
    const late = new Date(t0.getTime() + 3_600_000);
    const bob = await makeUser();
    await expect(acceptInvitation(actorFor(bob), bob.email, tokenOf(short.url), late)).rejects.toMatchObject({ code: "bad_request" });

    const revoked = await createInvitation(actor, org.slug, { role: "ADMIN" });
    await revokeInvitation(actor, org.slug, revoked.id);
    await expect(acceptInvitation(actorFor(bob), bob.email, tokenOf(revoked.url))).rejects.toMatchObject({ code: "not_found" });

    const bound = await createInvitation(actor, org.slug, { role: "ADMIN", email: "Someone.Else@Example.test" });
    await expect(acceptInvitation(actorFor(bob), bob.email, tokenOf(bound.url))).rejects.toMatchObject({ code: "forbidden" });
  });

  it("signs a new person up and in one step, or not at all", async () => {
    const { org, actor } = await orgWithOwner();
    const invite = await createInvitation(actor, org.slug, { role: "REVIEWER", email: "new.person@example.test" });
    await expect(
      signUpWithInvitation(tokenOf(invite.url), { email: "intruder@example.test", password: "long enough password" }),
    ).rejects.toMatchObject({ code: "forbidden" });
    expect(await db().user.findUnique({ where: { email: "intruder@example.test" } })).toBeNull();
    await expect(
      signUpWithInvitation(tokenOf(invite.url), { email: "new.person@example.test", password: "short" }),
    ).rejects.toMatchObject({ code: "validation_failed", fieldErrors: { password: expect.any(Array) } });
    const { user } = await signUpWithInvitation(tokenOf(invite.url), { email: "new.person@example.test", password: "long enough password" });
    await expect(authorizeOrg(actorFor(user), org.slug, "org:read")).resolves.toBeTruthy();
  });

  it("only owners invite", async () => {
    const { org } = await orgWithOwner();
    const admin = await makeUser();
    await db().membership.create({ data: { orgId: org.id, userId: admin.id, role: "ADMIN" } });
    await expect(createInvitation(actorFor(admin), org.slug, { role: "OWNER" })).rejects.toMatchObject({ code: "forbidden" });
  });
});

describe("member management", () => {
  it("changes roles with an audit trail and keeps at least one owner", async () => {
    const { owner, org, actor } = await orgWithOwner();
    const ownerMembership = await db().membership.findFirstOrThrow({ where: { orgId: org.id, userId: owner.id } });
    await expect(changeMemberRole(actor, org.slug, { membershipId: ownerMembership.id, role: "ADMIN" })).rejects.toMatchObject({ code: "conflict" });

    const bob = await makeUser();
    const m = await db().membership.create({ data: { orgId: org.id, userId: bob.id, role: "REVIEWER" } });
    await changeMemberRole(actor, org.slug, { membershipId: m.id, role: "ADMIN" });
    const event = await db().auditEvent.findFirstOrThrow({ where: { orgId: org.id, action: "member.role_changed" } });
    expect(JSON.parse(event.metadata!)).toEqual({ before: { role: "REVIEWER" }, after: { role: "ADMIN" } });
  });

  it("a removed member's next request into the organisation is refused", async () => {
    const { org, actor } = await orgWithOwner();
    const bob = await makeUser();
    const m = await db().membership.create({ data: { orgId: org.id, userId: bob.id, role: "ADMIN" } });
    await expect(authorizeOrg(actorFor(bob), org.slug, "service-accounts:write")).resolves.toBeTruthy();
    await removeMember(actor, org.slug, m.id);
    await expect(authorizeOrg(actorFor(bob), org.slug, "org:read")).rejects.toMatchObject({ code: "not_found" });
  });

  it("cannot touch another organisation's members", async () => {
    const a = await orgWithOwner();
    const b = await orgWithOwner();
    const bMembership = await db().membership.findFirstOrThrow({ where: { orgId: b.org.id } });
    // a's owner names b's membership id inside a's org: unknown there
    await expect(removeMember(a.actor, a.org.slug, bMembership.id)).rejects.toMatchObject({ code: "not_found" });
    // and cannot reach b's org at all
    await expect(removeMember(a.actor, b.org.slug, bMembership.id)).rejects.toMatchObject({ code: "not_found" });
    expect(await db().membership.findUnique({ where: { id: bMembership.id } })).not.toBeNull();
  });
});
