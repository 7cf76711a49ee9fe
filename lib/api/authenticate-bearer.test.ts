import { describe, expect, it } from "vitest";
import { db } from "../db";
import { createServiceAccount } from "../service-accounts/create-service-account";
import { updateServiceAccount } from "../service-accounts/update-service-account";
import { deactivateServiceAccount } from "../service-accounts/set-service-account-status";
import { createApiKey } from "../api-keys/create-api-key";
import { orgWithServiceAccount } from "../testing/service-account-fixtures";
import { token } from "../testing/oauth-client";
import { apiAudience, authenticateBearer } from "./authenticate-bearer";

const ctx = { clientIp: null, userAgent: "vitest", requestId: "req-1" };
const bearer = (value: string) => new Request("http://tessera.test/api/v1/service-accounts", { headers: { authorization: `Bearer ${value}` } });

async function automation(audiences = [apiAudience()]) {
  const fixture = await orgWithServiceAccount();
  const account = await createServiceAccount(fixture.actor, fixture.org.slug, {
    name: "ci",
    scopes: ["tessera:service-accounts:write", "tessera:audit:read"],
    audiences,
  });
  return { ...fixture, account };
}

async function accessToken(account: { clientId: string; clientSecret: string }, audience = apiAudience()) {
  const { body } = await token({ grant_type: "client_credentials", audience }, { basic: [account.clientId, account.clientSecret] });
  return String(body.access_token);
}

describe("authenticateBearer", () => {
  it("accepts an access token for {issuer}/api: the actor is the service account, granted its scopes in its own organisation", async () => {
    const { org, account } = await automation();
    const caller = await authenticateBearer(bearer(await accessToken(account)), ctx, new Date());
    expect(caller).toMatchObject({
      orgSlug: org.slug,
      actor: { type: "service_account", id: account.clientId, label: "ci", requestId: "req-1", grant: { orgId: org.id } },
    });
    expect([...caller.actor.grant.scopes].sort()).toEqual(["tessera:audit:read", "tessera:service-accounts:write"]);
  });

  it("refuses (401) a token for another audience, a missing or malformed header, and a deactivated account's token", async () => {
    const { org, actor, account } = await automation([apiAudience(), "https://billing.example.com"]);
    const other = await accessToken(account, "https://billing.example.com");
    const good = await accessToken(account);
    for (const request of [bearer(other), new Request("http://tessera.test/x"), bearer("not a token"), bearer("eyJhbGciOiJub25lIn0.e30.")]) {
      await expect(authenticateBearer(request, ctx, new Date())).rejects.toMatchObject({ code: "unauthenticated", status: 401 });
    }
    await deactivateServiceAccount(actor, org.slug, account.clientId);
    await expect(authenticateBearer(bearer(good), ctx, new Date())).rejects.toMatchObject({ code: "unauthenticated" });
  });

  it("drops a scope taken from the account after the token was issued", async () => {
    const { org, actor, account } = await automation();
    const issued = await accessToken(account);
    await updateServiceAccount(actor, org.slug, account.clientId, { scopes: ["tessera:audit:read"] });
    const caller = await authenticateBearer(bearer(issued), ctx, new Date());
    expect(caller.actor.grant.scopes).toEqual(["tessera:audit:read"]);
  });

  it("drops a scope whose time-boxed grant has ended, before maintenance removes the grant", async () => {
    const { account } = await automation();
    const issued = await accessToken(account);
    const { count } = await db().serviceAccountScope.updateMany({
      where: { serviceAccount: { clientId: account.clientId }, scope: { name: "tessera:service-accounts:write" } },
      data: { expiresAt: new Date(Date.now() + 60_000) },
    });
    expect(count).toBe(1);
    expect([...(await authenticateBearer(bearer(issued), ctx, new Date())).actor.grant.scopes].sort()).toEqual(["tessera:audit:read", "tessera:service-accounts:write"]);
    const afterTheEnd = new Date(Date.now() + 120_000);
    expect((await authenticateBearer(bearer(issued), ctx, afterTheEnd)).actor.grant.scopes).toEqual(["tessera:audit:read"]);
  });

  it("accepts an API key of an account that lists {issuer}/api, acting as api_key with the key's effective scopes", async () => {
    const { org, actor, account } = await automation();
    const key = await createApiKey(actor, org.slug, account.clientId, { name: "reader", scopes: ["tessera:audit:read"] });
    const caller = await authenticateBearer(bearer(key.apiKey), ctx, new Date());
    expect(caller).toMatchObject({ orgSlug: org.slug, actor: { type: "api_key", id: key.id, label: `reader (${account.clientId})`, grant: { orgId: org.id, scopes: ["tessera:audit:read"] } } });

    const { created } = await orgWithServiceAccount(); // an account without the API's audience
    const elsewhere = await orgWithServiceAccount();
    const foreignKey = await createApiKey(elsewhere.actor, elsewhere.org.slug, elsewhere.created.clientId, { name: "no-api" });
    await expect(authenticateBearer(bearer(foreignKey.apiKey), ctx, new Date())).rejects.toMatchObject({ code: "unauthenticated", userMessage: expect.stringContaining("/api") });
    expect(created.clientId).toBeTruthy();
  });

  it("answers 429 after too many failures from one address", async () => {
    const request = () => bearer("tak_wrong");
    const from = { ...ctx, clientIp: `203.0.113.${Math.floor(Math.random() * 200)}` };
    const now = new Date();
    for (let i = 0; i < 60; i++) await authenticateBearer(request(), from, now).catch(() => undefined);
    await expect(authenticateBearer(request(), from, now)).rejects.toMatchObject({ code: "too_many_requests", status: 429, retryAfterSeconds: expect.any(Number) });
  });

  it("does not count requests that carry no credential at all: they guess nothing", async () => {
    const from = { ...ctx, clientIp: `198.51.100.${Math.floor(Math.random() * 200)}` };
    const now = new Date();
    const bare = () => new Request("http://tessera.test/api/v1/service-accounts");
    for (let i = 0; i < 100; i++) await expect(authenticateBearer(bare(), from, now)).rejects.toMatchObject({ code: "unauthenticated" });
    await expect(authenticateBearer(bearer("tak_wrong"), from, now)).rejects.toMatchObject({ code: "unauthenticated" });
  });
});
