import Database from "better-sqlite3";
import { expect, test } from "@playwright/test";
import { api } from "./support/api-client";
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
test.beforeAll(async () => {
  test.setTimeout(120_000);
  world = await buildWorld();
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
        tried.push(`${reply.status} ${attempt.what} as ${describe(credential)}`);
      }
    }
    expect(tried.length).toBeGreaterThan(0);
    test.info().annotations.push({ type: "tried", description: tried.join("; ") });
  });
}

test("after the whole matrix, B is as it was", async () => {
  const account = await api<{ name: string; description: string; status: string }>(world.b.token, "GET", `/service-accounts/${world.b.clientId}`);
  expect(account.status).toBe(200);
  expect(account.body).toMatchObject({ status: "ACTIVE" });
  expect(world.bData).toContain(account.body.name);
  expect(world.bData).toContain(account.body.description);
  const secrets = await api<{ items: { id: string; status: string }[] }>(world.b.token, "GET", `/service-accounts/${world.b.clientId}/secrets`);
  expect(secrets.body.items.filter((s) => s.status === "active").map((s) => s.id).sort()).toEqual([...world.b.secretIds].sort());
  const keys = await api<{ items: { id: string; status: string }[] }>(world.b.token, "GET", `/service-accounts/${world.b.clientId}/api-keys`);
  expect(keys.body.items.map((k) => [k.id, k.status])).toEqual([[world.b.keyId, "active"]]);
  const scope = await api<{ description: string }>(world.b.token, "GET", `/scopes/${encodeURIComponent(world.b.scope)}`);
  expect(world.bData).toContain(scope.body.description);
  // B's member keeps their role, B's invitation is still open, and no one joined B.
  const db = new Database(process.env.E2E_DATABASE_URL!.replace(/^file:/, ""), { readonly: true });
  try {
    expect(db.prepare(`SELECT role FROM "Membership" WHERE id = ?`).get(world.b.membershipId)).toEqual({ role: "ADMIN" });
    expect(db.prepare(`SELECT "revokedAt" FROM "Invitation" WHERE id = ?`).get(world.b.invitationId)).toEqual({ revokedAt: null });
    expect(db.prepare(`SELECT count(*) AS n FROM "Membership" WHERE "orgId" = ?`).get(world.b.orgId)).toEqual({ n: 1 });
    expect(db.prepare(`SELECT "auditRetentionDays" AS d FROM "Organization" WHERE id = ?`).get(world.b.orgId)).toEqual({ d: null });
  } finally {
    db.close();
  }
});
