import { describe, expect, it } from "vitest";
import { decodeJwt } from "jose";
import { db } from "../db";
import { createApiKey } from "../api-keys/create-api-key";
import { resolveApiKey } from "../api-keys/resolve-api-key";
import { orgWithIntrospector } from "../testing/service-account-fixtures";
import { introspect, token } from "../testing/oauth-client";

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
