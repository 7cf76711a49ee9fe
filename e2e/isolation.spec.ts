import Database from "better-sqlite3";
import { expect, test } from "@playwright/test";
import { api, cli } from "./support/api-client";
import { callAction, formData } from "./support/server-actions";
import { buildWorld, type World } from "./support/isolation-world";
import { expandKey, ISOLATION_CASES } from "./support/isolation-cases";
import { REFUSED, UNAUTHENTICATED, type Attempt, type Credential } from "./support/isolation-probes";
import { serverActions, serverActionsInSource, surface } from "./support/surface";

// Tenant isolation, generated from the code: every page, route handler,
// Server Action and management API operation is tried with organisation B's
// ids (in the path, body, query, filters, cursors and export) by organisation
// A's owner session, A's API token and A's API key, and by nobody. Every
// answer is a refusal (or A's own, B-free view where the table says so), and
// none carries B's names, ids, secrets, keys or tokens.

// One world per worker: the cases run in order in one worker.
test.describe.configure({ mode: "default" });

let world: World;
/** B's pending change request as its row stood before the matrix ran. */
let bRequest: unknown;
/**
 * What was tried, printed when the file ends: entry points, attempts, and
 * answers that carried B's data. Counted per worker: a failed case restarts
 * the worker (with a new world), so the line covers the whole matrix only
 * when every case passed.
 */
const tally = { cases: 0, attempts: 0, leaks: 0 };
test.afterAll(() => {
  process.stdout.write(`isolation matrix: ${tally.cases} entry points, ${tally.attempts} attempts, ${tally.leaks} carried B's data\n`);
});
test.beforeAll(async () => {
  test.setTimeout(120_000);
  world = await buildWorld();
  const db = new Database(process.env.E2E_DATABASE_URL!.replace(/^file:/, ""), { readonly: true });
  try {
    bRequest = db.prepare(`SELECT * FROM "ChangeRequest" WHERE id = ?`).get(world.b.changeRequestId);
  } finally {
    db.close();
  }
  expect(bRequest).toMatchObject({ orgId: world.b.orgId, status: "pending", decidedAt: null });
});

test("every entry point in the code has an isolation case, and every case an entry point", () => {
  const code = surface();
  const cases = Object.keys(ISOLATION_CASES).flatMap(expandKey);
  expect(code.length).toBeGreaterThan(60);
  const missing = code.filter((k) => !cases.includes(k));
  expect(missing, "entry points without an isolation case: add one to e2e/support/isolation-cases.ts").toEqual([]);
  expect(cases.filter((k) => !code.includes(k)), "cases for entry points the code no longer has").toEqual([]);
  // The build the matrix calls is the code it read: every "use server" export is a Server Action in it.
  const built = new Set(serverActions().map((a) => a.key));
  expect(serverActionsInSource().filter((k) => !built.has(k)), "Server Actions missing from the build (rebuild)").toEqual([]);
});

function credentialsFor(attempt: Attempt, w: World): Credential[] {
  const signedIn: Credential[] =
    attempt.via === "session"
      ? [{ kind: "session", cookie: w.a.cookie }]
      : attempt.via === "bearer"
        ? [
            { kind: "bearer", label: "token", value: w.a.token },
            { kind: "bearer", label: "API key", value: w.a.apiKey },
          ]
        : [{ kind: "bearer", label: "token", value: "" }]; // OAuth: A's client credentials, built by the attempt
  if (attempt.anonymousOnly) return [{ kind: "anonymous" }];
  return attempt.signedInOnly ? signedIn : [...signedIn, { kind: "anonymous" }];
}

const describe = (c: Credential) => (c.kind === "anonymous" ? "nobody" : c.kind === "session" ? "A's session" : `A's ${c.label}`);

for (const [key, makeAttempts] of Object.entries(ISOLATION_CASES)) {
  test(`isolation: ${key}`, async () => {
    const tried: string[] = [];
    for (const attempt of makeAttempts(world)) {
      for (const credential of credentialsFor(attempt, world)) {
        const label = `${key} · ${attempt.what} · as ${describe(credential)}`;
        const reply = await attempt.send(credential, world);
        const outcome = credential.kind === "anonymous" ? (attempt.anonymous ?? UNAUTHENTICATED) : (attempt.signedIn ?? REFUSED);
        if ("statuses" in outcome) expect.soft(outcome.statuses, `${label}: answered ${reply.status} ${reply.text.slice(0, 300)}`).toContain(reply.status);
        else expect.soft(await outcome.check(reply, world), `${label} (${outcome.why})`).toBeNull();
        const leaked = [...world.bData, ...world.bIds].filter((v) => !reply.sent.includes(v) && reply.text.includes(v));
        expect.soft(leaked, `${label}: carries B's data`).toEqual([]);
        tally.attempts++;
        if (leaked.length) tally.leaks++;
        tried.push(`${reply.status} ${attempt.what} as ${describe(credential)}`);
      }
    }
    expect(tried.length).toBeGreaterThan(0);
    tally.cases += expandKey(key).length;
    test.info().annotations.push({ type: "tried", description: tried.join("; ") });
  });
}

test("after the whole matrix, B is as it was", async () => {
  const account = await api<{ name: string; description: string; status: string; scopes: string[] }>(world.b.token, "GET", `/service-accounts/${world.b.clientId}`);
  expect(account.status).toBe(200);
  expect(account.body).toMatchObject({ status: "ACTIVE", scopes: [world.b.scope] });
  expect(world.bData).toContain(account.body.name);
  expect(world.bData).toContain(account.body.description);
  const secrets = await api<{ items: { id: string; status: string }[] }>(world.b.token, "GET", `/service-accounts/${world.b.clientId}/secrets`);
  expect(secrets.body.items.filter((s) => s.status === "active").map((s) => s.id).sort()).toEqual([...world.b.secretIds].sort());
  const keys = await api<{ items: { id: string; status: string }[] }>(world.b.token, "GET", `/service-accounts/${world.b.clientId}/api-keys`);
  expect(keys.body.items.map((k) => [k.id, k.status])).toEqual([[world.b.keyId, "active"]]);
  const scope = await api<{ description: string }>(world.b.token, "GET", `/scopes/${encodeURIComponent(world.b.scope)}`);
  expect(world.bData).toContain(scope.body.description);
  // B's account keeps its owner; B's open review is open with its grant undecided, the closed one is there.
  expect((await api<{ ownerEmail: string | null }>(world.b.token, "GET", `/service-accounts/${world.b.clientId}`)).body.ownerEmail).toBe(world.b.memberEmail);
  type Review = { status: string; accounts: { grants: { itemId: string; decision: string | null }[] }[] };
  const open = await api<Review>(world.b.token, "GET", `/access-reviews/${world.b.openReviewId}`);
  expect(open.body.status).toBe("open");
  expect(open.body.accounts.flatMap((a) => a.grants).find((g) => g.itemId === world.b.itemId)).toMatchObject({ decision: null });
  expect((await api<Review>(world.b.token, "GET", `/access-reviews/${world.b.closedReviewId}`)).body.status).toBe("closed");
  // B's change request, as B's own client reads it: still pending, undecided.
  const request = await api<{ status: string }>(world.b.token, "GET", `/change-requests/${world.b.changeRequestId}`);
  expect(request.body).toMatchObject({ status: "pending", decidedBy: null, decidedAt: null, comment: null });
  // B's webhook endpoint: still there, still disabled, same address, its secret never rotated, no test sent.
  const hooks = await api<{ items: { id: string; url: string; enabled: boolean; previousSecretExpiresAt: string | null }[] }>(world.b.token, "GET", "/webhooks");
  expect(hooks.body.items).toEqual([expect.objectContaining({ id: world.b.webhookId, url: world.b.webhookUrl, enabled: false, previousSecretExpiresAt: null })]);
  expect((await api<{ items: unknown[] }>(world.b.token, "GET", `/webhooks/${world.b.webhookId}/deliveries`)).body.items).toEqual([]);
  // B's member keeps their role, B's invitation is still open, and no one joined B.
  const db = new Database(process.env.E2E_DATABASE_URL!.replace(/^file:/, ""), { readonly: true });
  try {
    expect(db.prepare(`SELECT role FROM "Membership" WHERE id = ?`).get(world.b.membershipId)).toEqual({ role: "ADMIN" });
    expect(db.prepare(`SELECT "revokedAt" FROM "Invitation" WHERE id = ?`).get(world.b.invitationId)).toEqual({ revokedAt: null });
    expect(db.prepare(`SELECT count(*) AS n FROM "Membership" WHERE "orgId" = ?`).get(world.b.orgId)).toEqual({ n: 1 });
    expect(db.prepare(`SELECT "auditRetentionDays" AS d FROM "Organization" WHERE id = ?`).get(world.b.orgId)).toEqual({ d: null });
    // B's change request waits exactly as asked (no decision, comment or lost credential), B still
    // requires approval, and no one opened another request in B (turning approval off would).
    expect(db.prepare(`SELECT * FROM "ChangeRequest" WHERE id = ?`).get(world.b.changeRequestId)).toEqual(bRequest);
    expect(db.prepare(`SELECT "requireApproval" AS r FROM "Organization" WHERE id = ?`).get(world.b.orgId)).toEqual({ r: 1 });
    expect(db.prepare(`SELECT count(*) AS n FROM "ChangeRequest" WHERE "orgId" = ?`).get(world.b.orgId)).toEqual({ n: 1 });
  } finally {
    db.close();
  }
});

/** Fields no client may set: where a record lives, what it is called internally, when things happened, its hashes. */
const forgedFields = (w: World) => ({
  orgId: w.b.orgId,
  id: "forged-id-0000000000000",
  clientId: w.b.clientId,
  serviceAccountId: "forged-account-id",
  createdAt: "2001-01-01T00:00:00.000Z",
  updatedAt: "2001-01-01T00:00:00.000Z",
  lastUsedAt: "2001-01-01T00:00:00.000Z",
  tokensValidAfter: "2099-01-01T00:00:00.000Z",
  hash: "forged-hash",
  hint: "FRGD",
  tokenHash: "forged-hash",
  createdById: "forged-user",
  reserved: true,
  role: "OWNER",
});

test("fields a client must not set are ignored by Server Actions and refused by the API: orgId, ids, timestamps, hashes, lastUsedAt, a role", async () => {
  const forged = forgedFields(world);
  const as = { cookie: world.a.cookie, params: { org: world.a.slug, clientId: world.a.clientId } };
  const tag = Math.random().toString(36).slice(2, 8);
  const recent = (iso: string) => Math.abs(Date.now() - new Date(iso).getTime()) < 10 * 60_000;
  const db = new Database(process.env.E2E_DATABASE_URL!.replace(/^file:/, ""), { readonly: true });
  const row = <T>(sql: string, ...args: unknown[]) => db.prepare(sql).get(...args) as T;
  type Account = { id: string; orgId: string; clientId: string; createdAt: string; lastUsedAt: string | null; status: string; createdById: string; tokensValidAfter: string | null; description: string };
  try {
    const created = await callAction("app/(console)/[org]/service-accounts/actions.ts#createServiceAccountAction", [world.a.slug, { name: `forger-${tag}`, audiences: ["https://forger.example.com"], ...forged }], as);
    expect(created.result).toMatchObject({ ok: true });
    const clientId = (created.result!.data as { clientId: string }).clientId;
    const account = row<Account>(`SELECT * FROM "ServiceAccount" WHERE "clientId" = ?`, clientId);
    expect(account).toMatchObject({ orgId: world.a.orgId, status: "ACTIVE", lastUsedAt: null, tokensValidAfter: null });
    expect([account.id, account.clientId, account.createdById]).not.toContain(forged.id);
    expect(clientId).not.toBe(world.b.clientId);
    expect(recent(account.createdAt)).toBe(true);
    const secret = row<{ hash: string; hint: string; lastUsedAt: string | null }>(`SELECT hash, hint, "lastUsedAt" FROM "ClientSecret" WHERE "serviceAccountId" = ?`, account.id);
    expect(secret.hash).not.toBe(forged.hash);
    expect(secret.hint).not.toBe(forged.hint);
    expect(secret.lastUsedAt).toBeNull();

    const updated = await callAction("app/(console)/[org]/service-accounts/[clientId]/actions.ts#updateServiceAccountAction", [world.a.slug, clientId, { description: `updated ${tag}`, ...forged }], as);
    expect(updated.result).toMatchObject({ ok: true });
    const after = row<Account>(`SELECT * FROM "ServiceAccount" WHERE id = ?`, account.id);
    expect(after).toMatchObject({ orgId: world.a.orgId, clientId, createdAt: account.createdAt, lastUsedAt: null, status: "ACTIVE", tokensValidAfter: null, description: `updated ${tag}` });

    const key = await callAction("app/(console)/[org]/service-accounts/[clientId]/actions.ts#createApiKeyAction", [world.a.slug, clientId, { name: `forged-key-${tag}`, ...forged }], as);
    expect(key.result).toMatchObject({ ok: true });
    const keyRow = row<{ orgId: string; serviceAccountId: string; hash: string; lastUsedAt: string | null; createdAt: string }>(`SELECT * FROM "ApiKey" WHERE name = ?`, `forged-key-${tag}`);
    expect(keyRow).toMatchObject({ orgId: world.a.orgId, serviceAccountId: account.id, lastUsedAt: null });
    expect(keyRow.hash).not.toBe(forged.hash);
    expect(recent(keyRow.createdAt)).toBe(true);

    const scope = await callAction("app/(console)/[org]/scopes/actions.ts#createScopeAction", [world.a.slug, { name: `forged:${tag}`, ...forged }], { ...as, params: { org: world.a.slug } });
    expect(scope.result).toMatchObject({ ok: true });
    expect(row(`SELECT "orgId", reserved FROM "Scope" WHERE name = ?`, `forged:${tag}`)).toEqual({ orgId: world.a.orgId, reserved: 0 });

    // A role outside member management: an invitation as REVIEWER stays REVIEWER, whatever the sign-up form adds.
    const invited = (await cli(["members", "add", "--org", world.a.slug, "--email", `joiner-${tag}@e2e.example.test`, "--role", "REVIEWER"])) as { invitationUrl: string };
    const token = new URL(invited.invitationUrl).pathname.split("/").pop()!;
    await callAction("app/invite/[token]/actions.ts#signUpWithInvitationAction", [token, {}, formData({ name: "Joiner", email: `joiner-${tag}@e2e.example.test`, password: `joiner password ${tag}`, role: "OWNER", orgId: world.b.orgId })], { params: { token } });
    const memberships = db.prepare(`SELECT m."orgId", m.role FROM "Membership" m JOIN "User" u ON u.id = m."userId" WHERE u.email = ?`).all(`joiner-${tag}@e2e.example.test`);
    expect(memberships).toEqual([{ orgId: world.a.orgId, role: "REVIEWER" }]);
  } finally {
    db.close();
  }

  // The management API's bodies are strict: such a field is a 422 naming it, and nothing changes.
  for (const credential of [world.a.token, world.a.apiKey]) {
    const refused = await api<{ error: { details: { fields?: Record<string, string[]> } } }>(credential, "POST", "/service-accounts", { body: { name: `api-forger-${tag}`, audiences: ["https://forger.example.com"], ...forged } });
    expect(refused.status).toBe(422);
    expect(refused.text).not.toContain(world.b.name);
    const patch = await api(credential, "PATCH", `/service-accounts/${world.a.clientId}`, { body: { lastUsedAt: forged.lastUsedAt, orgId: world.b.orgId } });
    expect(patch.status).toBe(422);
  }
  const list = await api<{ items: { name: string; lastUsedAt: string | null }[] }>(world.a.token, "GET", `/service-accounts?q=api-forger-${tag}`);
  expect(list.body.items).toEqual([]);
});
