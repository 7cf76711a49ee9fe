import { describe, expect, it } from "vitest";
import { orgWithIntrospector, orgWithServiceAccount } from "../testing/service-account-fixtures";
import { introspect } from "../testing/oauth-client";
import { createApiKey } from "./create-api-key";
import { revokeApiKey } from "./revoke-api-key";
import { resolveApiKey } from "./resolve-api-key";
import { updateServiceAccount } from "../service-accounts/update-service-account";
import { activateServiceAccount, deactivateServiceAccount } from "../service-accounts/set-service-account-status";

describe("resolveApiKey", () => {
  it("returns the key, its account and organisation, and the account's audiences", async () => {
    const { org, actor, created } = await orgWithServiceAccount();
    const key = await createApiKey(actor, org.slug, created.clientId, { name: "ci" });
    const resolved = await resolveApiKey(key.apiKey, new Date());
    expect(resolved).toMatchObject({
      key: { id: key.id, name: "ci" },
      account: { clientId: created.clientId, name: "billing-job" },
      org: { id: org.id, slug: org.slug },
      scopes: ["billing:read", "billing:refund"],
      audiences: ["https://billing.example.com", "billing-api.example.com"],
    });
    expect(JSON.stringify(resolved)).not.toContain(key.apiKey);
  });

  it("cuts the key's listed scopes down to the account's current grants", async () => {
    const { org, actor, created } = await orgWithServiceAccount();
    const listed = await createApiKey(actor, org.slug, created.clientId, { name: "listed", scopes: ["billing:refund"] });
    const all = await createApiKey(actor, org.slug, created.clientId, { name: "all" });
    await updateServiceAccount(actor, org.slug, created.clientId, { scopes: ["billing:read"] });
    expect((await resolveApiKey(listed.apiKey, new Date()))?.scopes).toEqual([]);
    expect((await resolveApiKey(all.apiKey, new Date()))?.scopes).toEqual(["billing:read"]);
  });

  it("is null for unknown, malformed, expired or revoked keys and while the account is deactivated", async () => {
    const { org, actor, created } = await orgWithServiceAccount();
    const key = await createApiKey(actor, org.slug, created.clientId, { name: "k", expiresInDays: 1 });
    expect(await resolveApiKey("tak_nope", new Date())).toBeNull();
    expect(await resolveApiKey(key.apiKey.slice(0, -1) + (key.apiKey.endsWith("A") ? "B" : "A"), new Date())).toBeNull();
    expect(await resolveApiKey(key.apiKey, new Date(Date.now() + 2 * 86_400_000))).toBeNull();
    await deactivateServiceAccount(actor, org.slug, created.clientId);
    expect(await resolveApiKey(key.apiKey, new Date())).toBeNull();
    await activateServiceAccount(actor, org.slug, created.clientId);
    expect(await resolveApiKey(key.apiKey, new Date())).not.toBeNull();
    await revokeApiKey(actor, org.slug, key.id);
    expect(await resolveApiKey(key.apiKey, new Date())).toBeNull();
  });
});

describe("API key scopes never outlive the account's grants (issue 10, item 1)", () => {
  it("an explicit scope list is intersected with the account's current grants at introspection", async () => {
    const { org, actor, created, caller } = await orgWithIntrospector();
    const explicit = await createApiKey(actor, org.slug, created.clientId, { name: "refunds", scopes: ["billing:refund", "billing:read"] });
    const implicit = await createApiKey(actor, org.slug, created.clientId, { name: "all" });
    expect((await introspect(caller, explicit.apiKey)).body).toMatchObject({ active: true, scope: "billing:read billing:refund" });

    // After an incident the account loses billing:refund: every key loses it at once.
    await updateServiceAccount(actor, org.slug, created.clientId, { scopes: ["billing:read"] });
    expect((await introspect(caller, explicit.apiKey)).body).toMatchObject({ active: true, scope: "billing:read" });
    expect((await introspect(caller, implicit.apiKey)).body).toMatchObject({ active: true, scope: "billing:read" });
    expect((await resolveApiKey(explicit.apiKey, new Date()))?.scopes).toEqual(["billing:read"]);

    // Granting it back does not widen a key beyond its own list.
    await updateServiceAccount(actor, org.slug, created.clientId, { scopes: ["billing:read", "billing:refund"] });
    expect((await resolveApiKey(explicit.apiKey, new Date()))?.scopes).toEqual(["billing:read", "billing:refund"]);
    await updateServiceAccount(actor, org.slug, created.clientId, { scopes: [] });
    expect((await introspect(caller, explicit.apiKey)).body).toMatchObject({ active: true, scope: "" });
  });

  it("audiences are the account's current audiences", async () => {
    const { org, actor, created, caller } = await orgWithIntrospector();
    const key = await createApiKey(actor, org.slug, created.clientId, { name: "ci" });
    await updateServiceAccount(actor, org.slug, created.clientId, { audiences: ["https://new.example.com"] });
    expect((await introspect(caller, key.apiKey)).body).toMatchObject({ active: true, aud: ["https://new.example.com"] });
  });
});
