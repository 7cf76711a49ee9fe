import { expect, test } from "@playwright/test";
import { api, cli, API_AUDIENCE, BASE, createAccount, expiredCopyOf, tokenFor, type Account } from "./support/api-client";

// Black-box: the production server's /api/v1, driven over HTTP with fetch, as
// a CI job would. Accounts are seeded with the real CLI.
test.describe.configure({ mode: "serial" });

const suffix = Math.random().toString(36).slice(2, 8);
const ORG = `api-${suffix}`;
const OTHER = `api-other-${suffix}`;
type Created = { clientId: string; clientSecret: string; secretId: string; name: string; audiences: string[]; scopes: string[]; tokenTtlSeconds: number };
type Item = Record<string, unknown>;

let automation: Account;
let token: string;
let target: Created;

test.beforeAll(async () => {
  for (const slug of [ORG, OTHER]) {
    await cli(["orgs", "create", "--slug", slug, "--name", `API ${slug}`]);
    await cli(["scopes", "create", "billing:read", "--org", slug]);
  }
  automation = await createAccount(ORG, "ci-provisioner", ["tessera:service-accounts:write", "tessera:audit:read", "tessera:scopes:write"]);
  token = await tokenFor(automation);
});

test("an automation account creates an account, rotates its secret, creates an API key, and reads those events as itself", async () => {
  const created = await api<Created>(token, "POST", "/service-accounts", {
    body: { name: "billing-sync", scopes: ["billing:read"], audiences: ["https://billing.example.com"], tokenTtlSeconds: 900 },
  });
  expect(created.status).toBe(201);
  expect(created.headers.get("cache-control")).toBe("no-store");
  expect(created.body).toMatchObject({ name: "billing-sync", scopes: ["billing:read"], audiences: ["https://billing.example.com"], tokenTtlSeconds: 900, status: "ACTIVE" });
  expect(created.body.clientSecret).toMatch(/^tss_/);
  target = created.body;

  // The new account's secret really works at the token endpoint.
  await expect(tokenFor(target, "https://billing.example.com")).resolves.toMatch(/^eyJ/);

  const rotated = await api(token, "POST", `/service-accounts/${target.clientId}/secrets`, { body: { graceSeconds: 3600 } });
  expect(rotated.status).toBe(201);
  expect(rotated.body).toMatchObject({ clientId: target.clientId, clientSecret: expect.stringMatching(/^tss_/), previousSecretExpiresAt: expect.any(String) });
  const secrets = await api<{ items: Item[] }>(token, "GET", `/service-accounts/${target.clientId}/secrets`);
  expect(secrets.body.items.map((s) => s.status)).toEqual(["active", "active"]);
  expect(secrets.text).not.toContain(String(rotated.body.clientSecret));

  const key = await api(token, "POST", `/service-accounts/${target.clientId}/api-keys`, { body: { name: "ci", expiresInDays: 30 } });
  expect(key.status).toBe(201);
  expect(key.body.apiKey).toMatch(/^tak_/);
  const keys = await api(token, "GET", `/service-accounts/${target.clientId}/api-keys`);
  expect(keys.text).not.toContain(String(key.body.apiKey));

  const events = await api<{ items: Item[] }>(token, "GET", `/audit-events?actor=${automation.clientId}&limit=50`);
  expect(events.status).toBe(200);
  const mine = events.body.items.filter((e) => ["service_account.created", "service_account.secret_rotated", "api_key.created"].includes(String(e.action)));
  expect(mine.map((e) => e.action).sort()).toEqual(["api_key.created", "service_account.created", "service_account.secret_rotated"]);
  for (const e of mine) expect(e).toMatchObject({ actorType: "service_account", actorId: automation.clientId, actorLabel: "ci-provisioner" });
  expect(JSON.stringify(events.body)).not.toContain(target.clientSecret);
});

test("with only the :read scope, every write answers 403 and reads work", async () => {
  const reader = await createAccount(ORG, "reader", ["tessera:service-accounts:read"]);
  const t = await tokenFor(reader);
  expect((await api(t, "GET", "/service-accounts")).status).toBe(200);
  expect((await api(t, "GET", `/service-accounts/${target.clientId}`)).status).toBe(200);
  const writes: [string, string, unknown?][] = [
    ["POST", "/service-accounts", { name: "nope", audiences: ["https://x.example.com"] }],
    ["PATCH", `/service-accounts/${target.clientId}`, { description: "changed" }],
    ["DELETE", `/service-accounts/${target.clientId}`],
    ["POST", `/service-accounts/${target.clientId}/secrets`, {}],
    ["DELETE", `/service-accounts/${target.clientId}/secrets/${target.secretId}`],
    ["POST", `/service-accounts/${target.clientId}/api-keys`, { name: "nope" }],
    ["DELETE", `/service-accounts/${target.clientId}/api-keys/anything`],
    ["POST", "/scopes", { name: "orders:read" }],
    ["PATCH", "/scopes/billing:read", { description: "x" }],
    ["DELETE", "/scopes/billing:read"],
  ];
  for (const [method, path, body] of writes) {
    const r = await api(t, method, path, { body });
    expect(r.status, `${method} ${path}`).toBe(403);
    expect(r.body).toMatchObject({ error: { code: "forbidden", message: expect.stringContaining("tessera:"), details: { requestId: expect.any(String) } } });
  }
  expect((await api(t, "GET", "/audit-events")).status).toBe(403);
  expect((await api(token, "GET", `/service-accounts/${target.clientId}`)).body).toMatchObject({ description: "" });
});

test("another organisation's token sees 404 for this organisation's ids", async () => {
  const stranger = await createAccount(OTHER, "stranger", ["tessera:service-accounts:write", "tessera:scopes:write"]);
  const t = await tokenFor(stranger);
  const keys = await api<{ items: Item[] }>(token, "GET", `/service-accounts/${target.clientId}/api-keys`);
  const keyId = String(keys.body.items[0]!.id);
  const requests: [string, string, unknown?][] = [
    ["GET", `/service-accounts/${target.clientId}`],
    ["PATCH", `/service-accounts/${target.clientId}`, { description: "mine now" }],
    ["DELETE", `/service-accounts/${target.clientId}`],
    ["GET", `/service-accounts/${target.clientId}/secrets`],
    ["POST", `/service-accounts/${target.clientId}/secrets`, {}],
    ["DELETE", `/service-accounts/${target.clientId}/secrets/${target.secretId}`],
    ["GET", `/service-accounts/${target.clientId}/api-keys`],
    ["DELETE", `/service-accounts/${target.clientId}/api-keys/${keyId}`],
  ];
  for (const [method, path, body] of requests) {
    const r = await api(t, method, path, { body });
    expect(r.status, `${method} ${path}`).toBe(404);
    expect(r.body).toMatchObject({ error: { code: "not_found" } });
  }
  // Its own list never shows this organisation's accounts.
  const list = await api<{ items: Item[] }>(t, "GET", "/service-accounts");
  expect(list.body.items.map((a) => a.clientId)).not.toContain(target.clientId);
  // And the account is untouched.
  expect((await api(token, "GET", `/service-accounts/${target.clientId}`)).body).toMatchObject({ status: "ACTIVE", description: "" });
});

test("a token for another audience, an expired or revoked token and a token of a deactivated account answer 401", async () => {
  const both = await createAccount(ORG, "two-audiences", ["tessera:service-accounts:read"], [API_AUDIENCE, "https://billing.example.com"]);
  const wrongAudience = await tokenFor(both, "https://billing.example.com");
  const expired = await expiredCopyOf(await tokenFor(both));
  const doomed = await createAccount(ORG, "doomed", ["tessera:service-accounts:read"]);
  const doomedToken = await tokenFor(doomed);
  expect((await api(doomedToken, "GET", "/service-accounts")).status).toBe(200);
  const revoked = await tokenFor(both);
  expect((await api(revoked, "GET", "/service-accounts")).status).toBe(200);
  const revocation = await fetch(`${BASE}/oauth/revoke`, {
    method: "POST",
    headers: { Authorization: `Basic ${Buffer.from(`${both.clientId}:${both.clientSecret}`).toString("base64")}`, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ token: revoked }),
  });
  expect(revocation.status).toBe(200);
  const off = await api(token, "PATCH", `/service-accounts/${doomed.clientId}`, { body: { status: "DISABLED" } });
  expect(off.body).toMatchObject({ status: "DISABLED" });

  for (const [what, credential] of [["another audience", wrongAudience], ["expired", expired], ["revoked", revoked], ["deactivated", doomedToken], ["garbage", "eyJnope"], ["unknown key", "tak_unknown"]] as const) {
    const r = await api(credential, "GET", "/service-accounts");
    expect(r.status, what).toBe(401);
    expect(r.headers.get("www-authenticate"), what).toMatch(/^Bearer realm="tessera"/);
    expect(r.body, what).toMatchObject({ error: { code: "unauthenticated", details: { requestId: expect.any(String) } } });
  }
  const none = await api(null, "GET", "/service-accounts");
  expect(none.status).toBe(401);
  expect(none.headers.get("www-authenticate")).toMatch(/^Bearer/);
});

test("a retried create with the same Idempotency-Key returns the same account and secret, once", async () => {
  const body = { name: "idempotent-job", scopes: ["billing:read"], audiences: ["https://billing.example.com"] };
  const headers = { "Idempotency-Key": `ci-run-${suffix}-step-3` };
  const [first, concurrent] = await Promise.all([api<Created>(token, "POST", "/service-accounts", { body, headers }), api<Created>(token, "POST", "/service-accounts", { body, headers })]);
  const retry = await api<Created>(token, "POST", "/service-accounts", { body, headers });
  for (const r of [first, concurrent, retry]) {
    expect(r.status).toBe(201);
    expect(r.body).toEqual(first.body);
  }
  expect(retry.headers.get("idempotent-replayed")).toBe("true");
  const list = await api<{ items: Item[] }>(token, "GET", "/service-accounts?q=idempotent-job");
  expect(list.body.items).toHaveLength(1);
  const other = await api(token, "POST", "/service-accounts", { body: { ...body, name: "another-job" }, headers });
  expect(other.status).toBe(422);
  expect(other.body).toMatchObject({ error: { code: "validation_failed" } });
});

test("the seed's Scalekit-style body creates an account", async () => {
  // Scope names in the Scalekit article's and USSO's styles are valid scope-tokens.
  for (const name of ["billing.read", "read:users"]) expect((await api(token, "POST", "/scopes", { body: { name } })).status).toBe(201);
  // The body of ../shared/seeds/000 (POST /api/v1/organizations/{org}/clients), as it is.
  const seed = { name: "billing-job", description: "Nightly sync of invoices to ERP", scopes: ["billing.read"], audience: ["billing-api.yourapp.com"], expiry: 3600 };
  const r = await api<Created>(token, "POST", "/service-accounts", { body: seed });
  expect(r.status).toBe(201);
  expect(r.body).toMatchObject({ name: "billing-job", scopes: ["billing.read"], audiences: ["billing-api.yourapp.com"], tokenTtlSeconds: 3600, clientSecret: expect.stringMatching(/^tss_/) });
  await expect(tokenFor(r.body, "billing-api.yourapp.com")).resolves.toMatch(/^eyJ/);
  const single = await api<Created>(token, "POST", "/service-accounts", { body: { name: "single-audience", audience: "https://billing.example.com", expiry: 600 } });
  expect(single.body).toMatchObject({ audiences: ["https://billing.example.com"], tokenTtlSeconds: 600 });
  const both = await api(token, "POST", "/service-accounts", { body: { name: "both", audience: "a.example.com", audiences: ["b.example.com"] } });
  expect(both.status).toBe(422);
});

test("API keys with tessera scopes work as Bearer tak_… and act as api_key", async () => {
  // A key can only carry scopes its account holds (the automation account has no :read).
  const refused = await api(token, "POST", `/service-accounts/${automation.clientId}/api-keys`, { body: { name: "x", scopes: ["tessera:service-accounts:read"] } });
  expect(refused.status).toBe(422);
  const auditKey = await api(token, "POST", `/service-accounts/${automation.clientId}/api-keys`, { body: { name: "audit-only", scopes: ["tessera:audit:read"] } });
  const writeKey = await api(token, "POST", `/service-accounts/${automation.clientId}/api-keys`, { body: { name: "writer", scopes: ["tessera:service-accounts:write"] } });
  expect([auditKey.status, writeKey.status]).toEqual([201, 201]);
  const audit = String(auditKey.body.apiKey);
  const write = String(writeKey.body.apiKey);
  expect((await api(audit, "GET", "/audit-events?limit=1")).status).toBe(200);
  expect((await api(audit, "GET", "/service-accounts")).status).toBe(403);
  expect((await api(audit, "POST", "/service-accounts", { body: { name: "by-audit-key", audiences: ["https://x.example.com"] } })).status).toBe(403);
  const made = await api<Created>(write, "POST", "/service-accounts", { body: { name: "by-api-key", audiences: ["https://x.example.com"] } });
  expect(made.status).toBe(201);
  const events = await api<{ items: Item[] }>(token, "GET", `/audit-events?actorType=api_key&action=service_account.created`);
  expect(events.body.items.find((e) => e.targetId === made.body.clientId)).toMatchObject({ actorType: "api_key", actorId: writeKey.body.id });

  // A key of an account without the API audience is refused; a revoked key stops at once.
  const revoked = await api(token, "DELETE", `/service-accounts/${automation.clientId}/api-keys/${writeKey.body.id}`);
  expect(revoked.status).toBe(200);
  expect((await api(write, "GET", "/service-accounts")).status).toBe(401);
  const keyOfOther = await api(token, "POST", `/service-accounts/${target.clientId}/api-keys`, { body: { name: "no-api-audience" } });
  expect((await api(String(keyOfOther.body.apiKey), "GET", "/service-accounts")).status).toBe(401);
});

test("ETag and If-Match: a stale change answers 412; errors use one envelope; no CORS headers", async () => {
  const read = await api(token, "GET", `/service-accounts/${target.clientId}`, { headers: { Origin: "https://evil.example" } });
  const etag = read.headers.get("etag")!;
  expect(etag).toMatch(/^".+"$/);
  expect(read.headers.get("access-control-allow-origin")).toBeNull();
  // Using the account (a token request) is not a change to it: the version holds.
  await tokenFor(target, "https://billing.example.com");
  expect((await api(token, "GET", `/service-accounts/${target.clientId}`)).headers.get("etag")).toBe(etag);
  const changed = await api(token, "PATCH", `/service-accounts/${target.clientId}`, { body: { description: "first pipeline" }, headers: { "If-Match": etag } });
  expect(changed.status).toBe(200);
  expect(changed.headers.get("etag")).not.toBe(etag);
  const stale = await api(token, "PATCH", `/service-accounts/${target.clientId}`, { body: { description: "second pipeline" }, headers: { "If-Match": etag } });
  expect(stale.status).toBe(412);
  expect(stale.body).toMatchObject({ error: { code: "precondition_failed" } });
  expect((await api(token, "GET", `/service-accounts/${target.clientId}`)).body).toMatchObject({ description: "first pipeline" });

  const malformed = await api(token, "POST", "/service-accounts", { rawBody: "{not json" });
  expect(malformed.status).toBe(400);
  expect(malformed.body).toMatchObject({ error: { code: "bad_request" } });
  const invalid = await api(token, "POST", "/service-accounts", { body: { name: "", audiences: ["not a uri"], tokenTtlSeconds: 5 } });
  expect(invalid.status).toBe(422);
  expect(Object.keys((invalid.body as { error: { details: { fields: object } } }).error.details.fields)).toEqual(expect.arrayContaining(["name", "tokenTtlSeconds"]));
  const taken = await api(token, "POST", "/service-accounts", { body: { name: "billing-sync", audiences: ["https://x.example.com"] } });
  expect(taken.status).toBe(409);
});

test("audit events page by cursor and stream as JSON Lines", async () => {
  const first = await api<{ items: Item[]; nextCursor: string | null }>(token, "GET", "/audit-events?limit=2");
  expect(first.body.items).toHaveLength(2);
  expect(first.body.nextCursor).toEqual(expect.any(String));
  const second = await api<{ items: Item[] }>(token, "GET", `/audit-events?limit=2&cursor=${encodeURIComponent(first.body.nextCursor!)}`);
  expect(second.body.items[0]!.id).not.toBe(first.body.items[1]!.id);
  const stream = await fetch(`${BASE}/api/v1/audit-events?action=service_account.created`, { headers: { Authorization: `Bearer ${token}`, Accept: "application/x-ndjson" } });
  expect(stream.headers.get("content-type")).toMatch(/^application\/x-ndjson/);
  const lines = (await stream.text()).trim().split("\n").map((l) => JSON.parse(l) as Item);
  expect(lines.length).toBeGreaterThanOrEqual(3);
  expect(lines.every((l) => l.action === "service_account.created")).toBe(true);
});
