import { describe, expect, inject, it } from "vitest";
import { orgWithServiceAccount } from "./testing/service-account-fixtures";
import { token } from "./testing/oauth-client";
import { getServiceAccount } from "./service-accounts/get-service-account";
import { updateServiceAccount } from "./service-accounts/update-service-account";
import { deactivateServiceAccount } from "./service-accounts/set-service-account-status";
import { updateScope } from "./scopes/update-scope";
import { listScopes } from "./scopes/list-scopes";
import { accountVersion, scopeVersion } from "./resource-version";
import { raceBehindAccountRow } from "./testing/row-lock-holder";

async function versionOf(actor: Parameters<typeof getServiceAccount>[0], slug: string, clientId: string) {
  const { account } = await getServiceAccount(actor, slug, clientId);
  return accountVersion({ ...account, scopes: account.scopes.map((s) => s.name) });
}

describe("resource versions (ETag / If-Match)", () => {
  it("apply a change only at the version it was read at; a stale one is 412 and changes nothing", async () => {
    const { org, actor, created } = await orgWithServiceAccount();
    const v1 = await versionOf(actor, org.slug, created.clientId);
    await updateServiceAccount(actor, org.slug, created.clientId, { description: "first" }, { ifVersion: [v1] });
    const v2 = await versionOf(actor, org.slug, created.clientId);
    expect(v2).not.toBe(v1);
    await expect(updateServiceAccount(actor, org.slug, created.clientId, { description: "second" }, { ifVersion: [v1] })).rejects.toMatchObject({
      code: "precondition_failed",
      status: 412,
    });
    await expect(deactivateServiceAccount(actor, org.slug, created.clientId, { ifVersion: [v1] })).rejects.toMatchObject({ code: "precondition_failed" });
    expect((await getServiceAccount(actor, org.slug, created.clientId)).account).toMatchObject({ description: "first", status: "ACTIVE" });
    await deactivateServiceAccount(actor, org.slug, created.clientId, { ifVersion: ["*"] });
  });

  it("do not change when the account is merely used (a token request moves updatedAt)", async () => {
    const { org, actor, created } = await orgWithServiceAccount();
    const before = await versionOf(actor, org.slug, created.clientId);
    const issued = await token({ grant_type: "client_credentials" }, { basic: [created.clientId, created.clientSecret] });
    expect(issued.status).toBe(200);
    expect(await versionOf(actor, org.slug, created.clientId)).toBe(before);
    await updateServiceAccount(actor, org.slug, created.clientId, { tokenTtlSeconds: 600 }, { ifVersion: [before] });
  });

  it("guard scopes the same way", async () => {
    const { org, actor } = await orgWithServiceAccount();
    const scope = (await listScopes(actor, org.slug)).find((s) => s.name === "billing:read")!;
    const v = scopeVersion(scope);
    await updateScope(actor, org.slug, "billing:read", { description: "Read invoices" }, { ifVersion: [v] });
    await expect(updateScope(actor, org.slug, "billing:read", { highRisk: true }, { ifVersion: [v] })).rejects.toMatchObject({ code: "precondition_failed" });
  });
});

describe.skipIf(inject("testDbProvider") !== "postgresql")("resource versions under concurrent changes (PostgreSQL)", () => {
  it("let only one of two changes read at the same version through, when both wait for the account's row", async () => {
    const { org, actor, created } = await orgWithServiceAccount();
    const version = await versionOf(actor, org.slug, created.clientId);
    // Two clients PATCH with the same If-Match; another process holds the row meanwhile.
    const outcomes = await raceBehindAccountRow(created.clientId, () =>
      ["first", "second"].map((description) => updateServiceAccount(actor, org.slug, created.clientId, { description }, { ifVersion: [version] })),
    );
    expect(outcomes.map((o) => o.status).sort()).toEqual(["fulfilled", "rejected"]);
    expect((outcomes.find((o) => o.status === "rejected") as PromiseRejectedResult).reason).toMatchObject({ code: "precondition_failed", status: 412 });
  });
});
