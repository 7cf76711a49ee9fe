import { describe, expect, it } from "vitest";
import { orgWithIntrospector } from "../testing/service-account-fixtures";
import { introspect } from "../testing/oauth-client";
import { updateServiceAccount } from "../service-accounts/update-service-account";
import { createApiKey } from "./create-api-key";
import { resolveApiKey } from "./resolve-api-key";

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
