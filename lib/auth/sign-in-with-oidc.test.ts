import { describe, expect, it } from "vitest";
import { db } from "../db";
import { actorFor, makeOrg, makeUser, unique } from "../testing/factories";
import { createInvitation } from "../members/create-invitation";
import { signUpWithInvitation } from "../members/sign-up-with-invitation";
import { listMembers } from "../members/list-members";
import { OidcSignInRefused, signInWithOidc } from "./sign-in-with-oidc";
import { signInWithPassword } from "./sign-in-with-password";

const tokenOf = (url: string) => url.split("/invite/")[1]!;
const ip = () => `10.9.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;
const sso = (email: string, subject = unique("sub")) => ({ provider: "oidc", subject, email, emailVerified: true, name: "Victim" });

async function inviteLink(email?: string) {
  const owner = await makeUser();
  const org = await makeOrg([{ userId: owner.id, role: "OWNER" }]);
  const invite = await createInvitation(actorFor(owner), org.slug, { role: "REVIEWER", ...(email ? { email } : {}) });
  return { org, owner, token: tokenOf(invite.url) };
}

describe("SSO sign-in and accounts registered in advance", () => {
  it("never links an SSO identity to a password account someone else registered with that email", async () => {
    const victim = `${unique("victim")}@corp.example.test`;
    // The attacker holds an invitation without an email and signs up as the victim.
    const { org, token } = await inviteLink();
    await signUpWithInvitation(token, { email: victim, password: "attacker password 1" });
    const squatter = await db().user.findUniqueOrThrow({ where: { email: victim } });
    expect(squatter.emailVerifiedAt).toBeNull();

    // Later the real owner of the address signs in through SSO.
    const error = await signInWithOidc(sso(victim), { clientIp: ip() }).catch((e: unknown) => e);
    expect(await db().identity.count({ where: { userId: squatter.id } })).toBe(0);
    expect(error).toMatchObject({ reason: "account_exists", code: "conflict" });
    expect(error).toBeInstanceOf(OidcSignInRefused);
    // The refusal is on record where the account's organisations can see it.
    const refused = await db().auditEvent.findFirstOrThrow({ where: { actorId: squatter.id, action: "user.signed_in", outcome: "failure" } });
    expect(refused).toMatchObject({ orgId: org.id, reason: "account_exists" });
  });

  it("marks sign-ups through an invitation without an email as unverified, and those bound to one as verified", async () => {
    const open = await inviteLink();
    const openEmail = `${unique("self")}@example.test`;
    await signUpWithInvitation(open.token, { email: openEmail, password: "long enough password" });
    const boundEmail = `${unique("named")}@example.test`;
    const bound = await inviteLink(boundEmail);
    await signUpWithInvitation(bound.token, { email: boundEmail, password: "long enough password" });

    expect((await db().user.findUniqueOrThrow({ where: { email: openEmail } })).emailVerifiedAt).toBeNull();
    expect((await db().user.findUniqueOrThrow({ where: { email: boundEmail } })).emailVerifiedAt).toBeInstanceOf(Date);
    const { members } = await listMembers(actorFor(open.owner), open.org.slug);
    expect(members.find((m) => m.email === openEmail)).toMatchObject({ emailVerified: false });
  });

  it("refuses to link even a verified password account unless its holder is signed in to it", async () => {
    const email = `${unique("named")}@example.test`;
    const { token } = await inviteLink(email);
    const { user } = await signUpWithInvitation(token, { email, password: "long enough password" });
    await expect(signInWithOidc(sso(email))).rejects.toMatchObject({ reason: "account_exists" });
    // Signed in as someone else does not count either.
    const other = await makeUser();
    await expect(signInWithOidc(sso(email), { signedInUserId: other.id })).rejects.toMatchObject({ reason: "account_exists" });
    expect(await db().identity.count({ where: { userId: user.id } })).toBe(0);
  });

  it("links the identity when the account's holder is signed in, keeps their password, and signs them in by SSO from then on", async () => {
    const { token } = await inviteLink();
    const email = `${unique("self")}@example.test`;
    const { user } = await signUpWithInvitation(token, { email, password: "long enough password" });
    const subject = unique("sub");
    const linked = await signInWithOidc(sso(email, subject), { signedInUserId: user.id });
    expect(linked.id).toBe(user.id);
    const after = await db().user.findUniqueOrThrow({ where: { id: user.id } });
    expect(after.emailVerifiedAt).toBeInstanceOf(Date); // the provider vouched for it
    expect((await signInWithPassword({ email, password: "long enough password" }, { clientIp: ip() })).ok).toBe(true);
    // Next time, no session needed: the identity is known.
    expect((await signInWithOidc(sso(email, subject))).id).toBe(user.id);
  });

  it("creates a new, verified account for an unknown email, and refuses an email the provider did not verify", async () => {
    const email = `${unique("new")}@example.test`;
    const created = await signInWithOidc(sso(email));
    expect(await db().user.findUniqueOrThrow({ where: { id: created.id } })).toMatchObject({ email, passwordHash: null });
    expect((await db().user.findUniqueOrThrow({ where: { id: created.id } })).emailVerifiedAt).toBeInstanceOf(Date);
    await expect(signInWithOidc({ ...sso(`${unique("nv")}@example.test`), emailVerified: false })).rejects.toMatchObject({ reason: "email_unverified" });
  });
});
