import { describe, expect, it } from "vitest";
import { decodeJwt } from "jose";
import { db } from "../db";
import { createApiKey } from "../api-keys/create-api-key";
import { resolveApiKey } from "../api-keys/resolve-api-key";
import { orgWithIntrospector } from "../testing/service-account-fixtures";
import { introspect, token } from "../testing/oauth-client";
import { eventsOf, orgWithApproval, scopesOf } from "../testing/approval-fixtures";
import { updateServiceAccount } from "../service-accounts/update-service-account";
import { runAuditMaintenance } from "../audit/run-audit-maintenance";
import { approveChangeRequest } from "./approve-change-request";
import { removeExpiredGrants } from "./remove-expired-grants";

const cc = { grant_type: "client_credentials" };

/** Time-box one of the fixture account's grants directly, as an approval with a duration would. */
async function timeBox(clientId: string, scope: string, expiresAt: Date) {
  const { count } = await db().serviceAccountScope.updateMany({ where: { serviceAccount: { clientId }, scope: { name: scope } }, data: { expiresAt } });
  expect(count).toBe(1);
}

describe("time-boxed grants on the hot path", () => {
  it("a token carrying a time-boxed scope never outlives it: exp and expires_in are bounded by the grant's end", async () => {
    const { created } = await orgWithIntrospector();
    const now = new Date("2030-01-01T10:00:00.000Z");
    const grantEnd = new Date(now.getTime() + 600_500); // 10 min and a half second: exp rounds down, never past the grant
    await timeBox(created.clientId, "billing:refund", grantEnd);
    const auth = { basic: [created.clientId, created.clientSecret] as [string, string], now };

    const carrying = await token(cc, auth);
    expect(carrying.status).toBe(200);
    expect(carrying.body.scope).toBe("billing:read billing:refund");
    const claims = decodeJwt(carrying.body.access_token as string);
    expect(claims.exp).toBe(Math.floor(grantEnd.getTime() / 1000));
    expect(carrying.body.expires_in).toBe(600);
    expect(claims.exp! - claims.iat!).toBe(600);

    // Without the time-boxed scope, the account's own lifetime applies.
    const without = await token({ ...cc, scope: "billing:read" }, auth);
    expect(without.body.expires_in).toBe(3600);
    expect(decodeJwt(without.body.access_token as string).exp! - decodeJwt(without.body.access_token as string).iat!).toBe(3600);
  });

  it("an ended grant is absent at once, before any cleanup: token, introspection and API keys", async () => {
    const { org, actor, created, caller } = await orgWithIntrospector();
    const start = new Date(Date.now() - 60_000);
    const grantEnd = new Date(start.getTime() + 30_000);
    await timeBox(created.clientId, "billing:refund", grantEnd);
    const auth = { basic: [created.clientId, created.clientSecret] as [string, string] };
    const key = await createApiKey(actor, org.slug, created.clientId, { name: "listed", scopes: ["billing:read", "billing:refund"] });

    // Before the end: the token carries it, introspection and the key see it.
    const early = await token(cc, { ...auth, now: start });
    expect(early.body.scope).toBe("billing:read billing:refund");
    const issued = early.body.access_token as string;
    expect((await introspect(caller, issued, new Date(start.getTime() + 1000))).body.scope).toBe("billing:read billing:refund");
    expect((await resolveApiKey(key.apiKey, new Date(start.getTime() + 1000)))?.scopes).toEqual(["billing:read", "billing:refund"]);

    // After it (the row is still there: no maintenance ran).
    const after = new Date(grantEnd.getTime() + 1000);
    expect(await db().serviceAccountScope.count({ where: { serviceAccount: { clientId: created.clientId } } })).toBe(2);
    const asked = await token({ ...cc, scope: "billing:refund" }, { ...auth, now: after });
    expect(asked.body.error).toBe("invalid_scope");
    expect((await token(cc, { ...auth, now: after })).body.scope).toBe("billing:read");
    // The earlier token ended with the grant; the key no longer carries the scope.
    expect((await introspect(caller, issued, after)).body).toEqual({ active: false });
    expect((await resolveApiKey(key.apiKey, after))?.scopes).toEqual(["billing:read"]);
  });

  it("an introspector whose tessera:introspect grant has ended is refused", async () => {
    const { introspector, jwt } = await orgWithIntrospector();
    await timeBox(introspector.clientId, "tessera:introspect", new Date(Date.now() - 1000));
    const r = await introspect([introspector.clientId, introspector.clientSecret], jwt);
    expect(r.status).toBe(403);
    expect(r.body.error).toBe("unauthorized_client");
  });
});

describe("time-boxed grants in the domain", () => {
  it("an update grants its new scopes for a duration; the maintenance loop removes them at their end and records it", async () => {
    const { org, requester, account } = await orgWithApproval({ approval: false });
    const t0 = new Date();
    await updateServiceAccount(requester, org.slug, account.clientId, { scopes: ["billing:read", "billing:write"], grantForSeconds: 8 * 3600 }, { now: t0 });
    const grants = await db().serviceAccountScope.findMany({ where: { serviceAccount: { clientId: account.clientId } }, include: { scope: true } });
    // Only the scope this change added is time-boxed; the one held before keeps no end.
    expect(grants.map((g) => [g.scope.name, g.expiresAt?.toISOString() ?? null]).sort()).toEqual([
      ["billing:read", null],
      ["billing:write", new Date(t0.getTime() + 8 * 3600_000).toISOString()],
    ]);
    const [updated] = await eventsOf(org.id, ["service_account.updated"]);
    expect(updated!.meta).toMatchObject({ highRiskScopes: ["billing:write"], grantExpiresAt: new Date(t0.getTime() + 8 * 3600_000).toISOString() });

    // Other tests' grants may end meanwhile (one database): this account's is the one to watch.
    expect((await runAuditMaintenance({ now: new Date(t0.getTime() + 3600_000) })).approvals).toBeDefined();
    expect(await scopesOf(account.clientId)).toEqual(["billing:read", "billing:write"]);
    const end = new Date(t0.getTime() + 8 * 3600_000 + 1000);
    expect((await runAuditMaintenance({ now: end })).approvals?.removedGrants).toBeGreaterThanOrEqual(1);
    expect(await scopesOf(account.clientId)).toEqual(["billing:read"]);
    const [expired] = await eventsOf(org.id, ["service_account.grant_expired"]);
    expect(expired).toMatchObject({
      actorType: "system",
      targetId: account.clientId,
      meta: { scopes: ["billing:write"], before: { scopes: ["billing:read", "billing:write"] }, after: { scopes: ["billing:read"] } },
    });
    // A second run (another instance) finds nothing more to do for this account.
    await removeExpiredGrants(end);
    expect((await eventsOf(org.id, ["service_account.grant_expired"])).length).toBe(1);
  });

  it("an approved time-boxed grant counts its duration from the approval", async () => {
    const { org, requester, approver, account } = await orgWithApproval();
    const asked = new Date(Date.now() - 3 * 3600_000);
    const { changeRequest } = await updateServiceAccount(requester, org.slug, account.clientId, { scopes: ["billing:read", "billing:write"], grantForSeconds: 8 * 3600 }, { now: asked });
    expect(changeRequest).toMatchObject({ grantForSeconds: 28_800 });
    const approvedAt = new Date();
    await approveChangeRequest(approver, org.slug, changeRequest!.id, approvedAt);
    const grant = await db().serviceAccountScope.findFirstOrThrow({ where: { serviceAccount: { clientId: account.clientId }, scope: { name: "billing:write" } } });
    expect(grant.expiresAt?.toISOString()).toBe(new Date(approvedAt.getTime() + 8 * 3600_000).toISOString());
    const [applied] = await eventsOf(org.id, ["change_request.applied"]);
    expect(applied!.meta.grantExpiresAt).toBe(grant.expiresAt!.toISOString());
  });

  it("refuses a duration below the deployment's minimum, naming it", async () => {
    const { org, requester, account } = await orgWithApproval({ approval: false });
    await expect(updateServiceAccount(requester, org.slug, account.clientId, { scopes: ["billing:read", "billing:write"], grantForSeconds: 30 })).rejects.toMatchObject({
      code: "validation_failed",
      fieldErrors: { grantForSeconds: ["A time-boxed grant lasts at least 60 seconds"] },
    });
    await expect(updateServiceAccount(requester, org.slug, account.clientId, { scopes: ["billing:read", "billing:write"], grantForSeconds: 91 * 86_400 })).rejects.toMatchObject({
      code: "validation_failed",
      fieldErrors: { grantForSeconds: ["A time-boxed grant lasts at most 90 days"] },
    });
    expect(await scopesOf(account.clientId)).toEqual(["billing:read"]);
  });
});
