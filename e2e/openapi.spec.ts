import { readdirSync, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { expect, test } from "@playwright/test";
import { dereference, validate } from "@readme/openapi-parser";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { api, cli, BASE, createAccount, tokenFor } from "./support/api-client";

// The document is the contract: it validates as OpenAPI 3.1, every route file
// under app/api/v1 is in it (and nothing else is), and every operation in it
// answers as it says, checked against its own schemas.
test.describe.configure({ mode: "serial" });

type Json = Record<string, unknown>;
interface Operation {
  operationId: string;
  parameters?: { name: string; in: string }[];
  requestBody?: { content: { "application/json": { schema: Json } } };
  responses: Record<string, { headers?: Json; content?: Record<string, { schema: Json }> }>;
}
type Doc = { openapi: string; paths: Record<string, Record<string, Operation>> };

const suffix = Math.random().toString(36).slice(2, 8);
const ORG = `openapi-${suffix}`;
const ROUTES = join(import.meta.dirname, "..", "app", "api", "v1");
const METHOD_ORDER = ["get", "post", "patch", "delete"];
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);

/** Every (path, method) the route files under app/api/v1 export, in OpenAPI's path syntax. */
function routeFileOperations(): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name === "route.ts") {
        const path = `/${relative(ROUTES, dir).split(sep).join("/")}`.replace(/\[(\w+)\]/g, "{$1}").replace(/\/$/, "");
        const source = readFileSync(full, "utf8");
        // The catch-all that answers unknown paths in the error shape is not an endpoint.
        if (path.includes("[...")) continue;
        for (const m of source.matchAll(/(?:export (?:const|async function|function)|\bas) (GET|POST|PUT|PATCH|DELETE)\b/g)) found.push(`${m[1]!.toLowerCase()} ${path}`);
      }
    }
  };
  walk(ROUTES);
  return found.sort();
}

let doc: Doc;
let token: string;
const state: Record<string, string> = {};

test.beforeAll(async () => {
  await cli(["orgs", "create", "--slug", ORG, "--name", "OpenAPI walk"]);
  await cli(["scopes", "create", `walk:read-${suffix}`, "--org", ORG]);
  token = await tokenFor(
    await createAccount(ORG, "walker", ["tessera:service-accounts:write", "tessera:scopes:write", "tessera:audit:read", "tessera:change-requests:approve"]),
  );
  const fixture = await api(token, "POST", "/service-accounts", { body: { name: "walk-fixture", audiences: ["https://walk.example.com"] } });
  state.account = String(fixture.body.clientId);
  state.firstSecret = String(fixture.body.secretId);
  state.scope = `walk:read-${suffix}`;
  // Change requests to decide: with approval on, granting a high-risk scope waits. Two asked by
  // another automation account (the walker approves one and rejects the other; not the CLI, which
  // holds the walker's secret and so may not be approved for by it), one by the walker itself (it
  // withdraws it), all on an account no other operation touches.
  // Made before approval is on: its write scope is high-risk and would wait too.
  const asker = await tokenFor(await createAccount(ORG, "asker", ["tessera:service-accounts:write"]));
  await cli(["scopes", "create", `walk:admin-${suffix}`, "--org", ORG, "--high-risk"]);
  await cli(["orgs", "settings", "--org", ORG, "--require-approval", "on"]);
  const target = (await cli(["service-accounts", "create", "--org", ORG, "--name", "walk-cr-target", "--audience", "https://walk.example.com"])) as { clientId: string };
  for (const key of ["approve", "reject"]) {
    const asked = await api<{ changeRequest: { id: string } }>(asker, "PATCH", `/service-accounts/${target.clientId}`, { body: { scopes: [`walk:admin-${suffix}`] } });
    expect(asked.status, JSON.stringify(asked.body)).toBe(202);
    state[key] = asked.body.changeRequest.id;
  }
  const mine = await api<{ changeRequest: { id: string } }>(token, "PATCH", `/service-accounts/${target.clientId}`, { body: { scopes: [`walk:admin-${suffix}`] } });
  state.withdraw = mine.body.changeRequest.id;
  // A campaign and an endpoint made ahead, for the GETs that run before any POST.
  const review = await api(token, "POST", "/access-reviews");
  state.review = String(review.body.id);
  await api(token, "POST", `/access-reviews/${state.review}/close`);
  const hook = await api(token, "POST", "/webhooks", { body: { url: "https://hooks.example.com/walk-fixture" } });
  state.webhook = String(hook.body.id);
});

test("the document is valid OpenAPI 3.1", async () => {
  const response = await fetch(`${BASE}/api/v1/openapi.json`);
  expect(response.status).toBe(200);
  const raw = (await response.json()) as Doc;
  expect(raw.openapi).toBe("3.1.0");
  const result = await validate(structuredClone(raw) as never);
  expect(result.valid ? [] : result.errors).toEqual([]);
  doc = (await dereference(structuredClone(raw) as never)) as unknown as Doc;
});

test("every route file under app/api/v1 is in the document, and the document names no other route", () => {
  const documented = Object.entries(doc.paths).flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m} ${path}`)).sort();
  const files = routeFileOperations().filter((op) => op !== "get /openapi.json");
  expect(files.length).toBeGreaterThan(10);
  expect(documented).toEqual(files);
});

test("a path under /api/v1 that is no endpoint answers 404 in the error shape", async () => {
  const r = await api(token, "GET", "/service-account");
  expect(r.status).toBe(404);
  expect(r.body).toMatchObject({ error: { code: "not_found", details: { requestId: expect.any(String) } } });
});

/** A real request for each operation; ids come from fixtures and from earlier operations' answers. */
type Planned = { path: string; body?: unknown; headers?: Record<string, string> };
const plan: Record<string, () => Planned | Promise<Planned>> = {
  listServiceAccounts: () => ({ path: "/service-accounts?limit=5&sort=createdAt&dir=desc" }),
  createServiceAccount: () => ({ path: "/service-accounts", body: { name: `walk-created-${suffix}`, audience: "https://walk.example.com", expiry: 600 }, headers: { "Idempotency-Key": `walk-${suffix}` } }),
  getServiceAccount: () => ({ path: `/service-accounts/${state.account}` }),
  updateServiceAccount: () => ({ path: `/service-accounts/${state.account}`, body: { description: "walked", tokenTtlSeconds: 1200 } }),
  deleteServiceAccount: () => ({ path: `/service-accounts/${state.created}` }),
  listClientSecrets: () => ({ path: `/service-accounts/${state.account}/secrets` }),
  rotateClientSecret: () => ({ path: `/service-accounts/${state.account}/secrets`, body: { graceSeconds: 60 } }),
  revokeClientSecret: () => ({ path: `/service-accounts/${state.account}/secrets/${state.firstSecret}` }),
  listApiKeys: () => ({ path: `/service-accounts/${state.account}/api-keys` }),
  createApiKey: () => ({ path: `/service-accounts/${state.account}/api-keys`, body: { name: "walk-key", expiresInDays: 7 } }),
  revokeApiKey: () => ({ path: `/service-accounts/${state.account}/api-keys/${state.key}` }),
  listScopes: () => ({ path: "/scopes" }),
  createScope: () => ({ path: "/scopes", body: { name: `walk.created-${suffix}`, description: "made by the walk" } }),
  getScope: () => ({ path: `/scopes/${encodeURIComponent(state.scope!)}` }),
  updateScope: () => ({ path: `/scopes/${encodeURIComponent(state.scope!)}`, body: { description: "changed by the walk" } }),
  deleteScope: () => ({ path: `/scopes/${encodeURIComponent(state.createdScope!)}` }),
  listAuditEvents: () => ({ path: "/audit-events?limit=3&outcome=success" }),
  listChangeRequests: () => ({ path: "/change-requests?status=pending&limit=5" }),
  getChangeRequest: () => ({ path: `/change-requests/${state.approve}` }),
  approveChangeRequest: () => ({ path: `/change-requests/${state.approve}/approve` }),
  rejectChangeRequest: () => ({ path: `/change-requests/${state.reject}/reject`, body: { comment: "walked" } }),
  withdrawChangeRequest: () => ({ path: `/change-requests/${state.withdraw}/withdraw` }),
  listAccessReviews: () => ({ path: "/access-reviews?status=open" }),
  startAccessReview: async () => {
    for (const id of await openReviews()) await api(token, "POST", `/access-reviews/${id}/close`);
    return { path: "/access-reviews" };
  },
  getAccessReview: () => ({ path: `/access-reviews/${state.review}` }),
  decideAccessReview: async () => {
    const id = await anOpenReview();
    const detail = await api(token, "GET", `/access-reviews/${id}`);
    const itemId = (detail.body.accounts as { grants: { itemId: string }[] }[]).flatMap((a) => a.grants)[0]!.itemId;
    return { path: `/access-reviews/${id}/decisions`, body: { itemId, decision: "keep" } };
  },
  closeAccessReview: async () => ({ path: `/access-reviews/${await anOpenReview()}/close` }),
  listWebhookEndpoints: () => ({ path: "/webhooks" }),
  createWebhookEndpoint: () => ({ path: "/webhooks", body: { url: "https://hooks.example.com/walk", events: ["credential.expiring"] } }),
  updateWebhookEndpoint: () => ({ path: `/webhooks/${state.webhook}`, body: { description: "walked", enabled: false } }),
  deleteWebhookEndpoint: () => ({ path: `/webhooks/${state.webhook}` }),
  rotateWebhookSecret: () => ({ path: `/webhooks/${state.webhook}/secret` }),
  sendTestWebhook: () => ({ path: `/webhooks/${state.webhook}/test` }),
  listWebhookDeliveries: () => ({ path: `/webhooks/${state.webhook}/deliveries?limit=5` }),
};
// The walk runs operations in the document's order by method: each campaign step makes the state it needs.
async function openReviews(): Promise<string[]> {
  const open = await api(token, "GET", "/access-reviews?status=open");
  return (open.body.items as { id: string }[]).map((r) => r.id);
}
async function anOpenReview(): Promise<string> {
  return (await openReviews())[0] ?? String((await api(token, "POST", "/access-reviews")).body.id);
}

const remember: Record<string, (body: Json) => void> = {
  createServiceAccount: (b) => (state.created = String(b.clientId)),
  createApiKey: (b) => (state.key = String(b.id)),
  createScope: (b) => (state.createdScope = String(b.name)),
  createWebhookEndpoint: (b) => (state.webhook = String(b.id)),
};

function check(schema: Json, value: unknown, what: string) {
  const valid = ajv.validate(schema, value);
  expect(valid ? null : ajv.errorsText(), what).toBeNull();
}

test("every operation answers as documented, and without a credential answers the documented 401", async () => {
  const operations = Object.entries(doc.paths)
    .flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ path, method, op })))
    .sort((a, b) => METHOD_ORDER.indexOf(a.method) - METHOD_ORDER.indexOf(b.method));
  for (const { path, method, op } of operations) {
    const what = `${method.toUpperCase()} ${path} (${op.operationId})`;
    const make = plan[op.operationId];
    expect(make, `${what} has no request in this test's plan`).toBeDefined();
    const request = await make!();
    const bodySchema = op.requestBody?.content["application/json"].schema;
    if (bodySchema) check(bodySchema, request.body, `${what}: our request against the documented body`);

    const response = await api(token, method.toUpperCase(), request.path, { body: request.body, headers: request.headers });
    const [status, documented] = Object.entries(op.responses).find(([s]) => s.startsWith("2"))!;
    expect(response.status, `${what}: ${response.text}`).toBe(Number(status));
    expect(response.headers.get("cache-control"), what).toBe("no-store");
    if (documented.headers?.ETag) expect(response.headers.get("etag"), `${what}: ETag`).toMatch(/^".+"$/);
    const schema = documented.content?.["application/json"]?.schema;
    if (schema) check(schema, response.body, `${what}: answer against the documented ${status} schema`);
    else expect(response.text, what).toBe("");
    remember[op.operationId]?.(response.body);

    const anonymous = await api(null, method.toUpperCase(), request.path, { body: request.body });
    expect(anonymous.status, `${what} without a credential`).toBe(401);
    check(op.responses["401"]!.content!["application/json"]!.schema, anonymous.body, `${what}: 401 against the Error schema`);
  }
});
