import { describe, expect, it } from "vitest";
import { db } from "../db";
import { AppError } from "../errors";
import { cliActor } from "../audit/types";
import { actorFor, makeOrg, makeUser, TEST_PASSWORD } from "../testing/factories";
import { orgWithServiceAccount, validSecretIds } from "../testing/service-account-fixtures";
import { rotateClientSecret } from "../service-accounts/rotate-client-secret";
import { deleteServiceAccount } from "../service-accounts/delete-service-account";
import { createSession, resolveSession } from "./sessions";
import { reauthenticateWithPassword } from "./reauthenticate-with-password";
import { RECENT_AUTHENTICATION_MS, reauthenticationMethod } from "./recent-authentication";

const MINUTE = 60_000;
const ago = (ms: number, now = new Date()) => new Date(now.getTime() - ms);

async function refusal(promise: Promise<unknown>) {
  const e = await promise.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(AppError);
  return e as AppError;
}

async function auditCount(orgId: string, action: string) {
  return db().auditEvent.count({ where: { orgId, action } });
}

describe("recent authentication for rotating a secret and deleting an account", () => {
  it("is 15 minutes", () => {
    expect(RECENT_AUTHENTICATION_MS).toBe(15 * MINUTE);
  });

  it("a console session signed in 16 minutes ago cannot rotate: nothing is issued or recorded", async () => {
    const { org, owner, created } = await orgWithServiceAccount();
    const stale = actorFor(owner, ago(16 * MINUTE));
    const e = await refusal(rotateClientSecret(stale, org.slug, created.clientId, { graceSeconds: 60 }));
    expect(e.code).toBe("reauthentication_required");
    expect(e.status).toBe(401);
    expect(await validSecretIds(created.clientId)).toEqual([created.secretId]);
    expect(await auditCount(org.id, "service_account.secret_rotated")).toBe(0);

    const recent = actorFor(owner, ago(14 * MINUTE));
    const rotated = await rotateClientSecret(recent, org.slug, created.clientId, { graceSeconds: 60 });
    expect((await validSecretIds(created.clientId)).sort()).toEqual([created.secretId, rotated.secretId].sort());
  });

  it("a console session signed in 16 minutes ago cannot delete an account; a recent one can", async () => {
    const { org, owner, created } = await orgWithServiceAccount();
    const e = await refusal(deleteServiceAccount(actorFor(owner, ago(16 * MINUTE)), org.slug, created.clientId));
    expect(e.code).toBe("reauthentication_required");
    expect(await db().serviceAccount.count({ where: { clientId: created.clientId } })).toBe(1);
    await deleteServiceAccount(actorFor(owner), org.slug, created.clientId);
    expect(await db().serviceAccount.count({ where: { clientId: created.clientId } })).toBe(0);
  });

  it("a user actor that does not say when it authenticated is treated as long ago", async () => {
    const { org, owner, created } = await orgWithServiceAccount();
    const e = await refusal(rotateClientSecret(actorFor(owner, null), org.slug, created.clientId));
    expect(e.code).toBe("reauthentication_required");
  });

  it("asks nothing of the CLI operator or of API principals, which are not sessions", async () => {
    const { org, created } = await orgWithServiceAccount();
    await rotateClientSecret(cliActor(), org.slug, created.clientId, { graceSeconds: 60 });
    const api = { type: "service_account" as const, id: "sa_test", label: "api", grant: { orgId: org.id, scopes: ["tessera:service-accounts:write"] } };
    await rotateClientSecret(api, org.slug, created.clientId, { revokeOldest: true });
    await deleteServiceAccount(api, org.slug, created.clientId);
    expect(await db().serviceAccount.count({ where: { clientId: created.clientId } })).toBe(0);
  });

  it("another organisation's account is still 404 for a stale session, and a REVIEWER still 403: the re-authentication prompt reveals nothing", async () => {
    const { org, reviewer, created } = await orgWithServiceAccount();
    const outsider = await makeUser();
    await makeOrg([{ userId: outsider.id, role: "OWNER" }]);
    const stale = ago(60 * MINUTE);
    expect((await refusal(rotateClientSecret(actorFor(outsider, stale), org.slug, created.clientId))).code).toBe("not_found");
    expect((await refusal(deleteServiceAccount(actorFor(reviewer, stale), org.slug, created.clientId))).code).toBe("forbidden");
  });
});

describe("re-authenticating with a password", () => {
  it("a new session is authenticated at sign-in", async () => {
    const user = await makeUser();
    const t0 = new Date();
    const token = await createSession(user.id, { now: t0 });
    expect((await resolveSession(token))!.authenticatedAt?.toISOString()).toBe(t0.toISOString());
  });

  it("the right password moves only this session's authentication time; a wrong one moves nothing", async () => {
    const user = await makeUser();
    const signedIn = ago(30 * MINUTE);
    const token = await createSession(user.id, { now: signedIn });
    const other = await createSession(user.id, { now: signedIn });
    const session = (await resolveSession(token))!;

    const wrong = await refusal(reauthenticateWithPassword(session, { password: "not the password" }));
    expect(wrong.code).toBe("validation_failed");
    expect(wrong.fieldErrors).toEqual({ password: ["Wrong password."] });
    expect((await resolveSession(token))!.authenticatedAt?.toISOString()).toBe(signedIn.toISOString());

    const now = new Date();
    await reauthenticateWithPassword(session, { password: TEST_PASSWORD }, { now });
    expect((await resolveSession(token))!.authenticatedAt?.toISOString()).toBe(now.toISOString());
    expect((await resolveSession(other))!.authenticatedAt?.toISOString()).toBe(signedIn.toISOString());
    const events = await db().auditEvent.findMany({ where: { action: "user.reauthenticated", actorId: user.id }, orderBy: { occurredAt: "asc" } });
    expect(events.map((e) => e.outcome)).toEqual(["failure", "success"]);
  });

  it("counts guesses like sign-in: the sixth wrong password in 15 minutes is throttled, and then even the right one waits", async () => {
    const user = await makeUser();
    const session = (await resolveSession(await createSession(user.id)))!;
    for (let i = 0; i < 5; i++) {
      expect((await refusal(reauthenticateWithPassword(session, { password: `guess ${i}` }))).code).toBe("validation_failed");
    }
    expect((await refusal(reauthenticateWithPassword(session, { password: "guess 6" }))).code).toBe("too_many_requests");
    expect((await refusal(reauthenticateWithPassword(session, { password: TEST_PASSWORD }))).code).toBe("too_many_requests");
  });

  it("an SSO-only user is sent to SSO instead", async () => {
    const user = await makeUser({ password: null });
    const session = (await resolveSession(await createSession(user.id)))!;
    const e = await refusal(reauthenticateWithPassword(session, { password: "anything at all" }));
    expect(e.code).toBe("bad_request");
    expect(e.userMessage).toContain("single sign-on");
  });
});

describe("how a user re-authenticates", () => {
  it("with their password when they have one, through SSO otherwise", async () => {
    expect(await reauthenticationMethod((await makeUser()).id)).toBe("password");
    expect(await reauthenticationMethod((await makeUser({ password: null })).id)).toBe("sso");
  });
});
