import { existsSync, readFileSync } from "node:fs";
import Database from "better-sqlite3";
import { expect, test } from "@playwright/test";
import { OWNER_STATE, signInAgain, uniqueName } from "./support/accounts";
import { api, API_AUDIENCE, BASE, cli } from "./support/api-client";
import { createAccountViaUi, createScopeViaUi, freshOrg, readAndCloseSecretDialog } from "./support/console";
import { E2E_SERVER_LOG } from "./support/prepare";

// Canaries: every credential Tessera hands out, issued through every door
// (console, CLI, management API with Idempotency-Key, OAuth), then used,
// introspected, revoked, exported and sent back wrong. None may appear in a
// rendered page, an RSC payload, an error answer, an audit row, the database
// files or the server's log. The log itself is one JSON line per request.

test.use({ storageState: OWNER_STATE });

const dbFile = () => process.env.E2E_DATABASE_URL!.replace(/^file:/, "");
/** The canary, and a recognisable part of it (the random part, without the prefix and the hint at the end). */
const fragments = (c: string) => [c, c.slice(4, 24)];

test("canary: secrets, API keys and access tokens from every flow appear in no page, RSC payload, error answer, audit row, database file or log line", async ({ page }) => {
  test.setTimeout(120_000);
  const tag = uniqueName("canary");
  const rid = (n: string) => `${tag}-${n}`; // request ids we set, to find our own log lines
  const canaries: Record<string, string> = {};
  const answers: { what: string; text: string }[] = [];
  // The answers that hand a credential out carry it, once, by design; every other answer is searched.
  const issuing = new Set(["token", "token2", "api-create", "api-replay", "api-rotate", "api-key"]);

  // Console: a secret at creation, one at rotation, an API key.
  await signInAgain(page); // rotation needs a recent sign-in
  const slug = await freshOrg(page, "canary");
  await createScopeViaUi(page, slug, "canary:read");
  const consoleAccount = await createAccountViaUi(page, slug, { scopes: [{ name: "canary:read" }], audiences: [API_AUDIENCE] });
  canaries.consoleSecret = consoleAccount.secret;
  await page.getByRole("button", { name: "Rotate secret" }).click();
  await page.getByRole("dialog", { name: "Rotate the client secret" }).getByRole("button", { name: "Rotate secret" }).click();
  canaries.consoleRotated = (await readAndCloseSecretDialog(page.getByRole("dialog", { name: "New client secret" }), ["Client secret"]))["Client secret"]!;
  await page.getByRole("button", { name: "Create API key" }).click();
  const keyForm = page.getByRole("dialog", { name: "Create an API key" });
  await keyForm.getByLabel("Key name").fill("canary-key");
  await keyForm.getByRole("button", { name: "Create key" }).click();
  canaries.consoleApiKey = (await readAndCloseSecretDialog(page.getByRole("dialog", { name: "API key “canary-key”" }), ["API key"], "I have stored the API key"))["API key"]!;

  // CLI: an automation account (the API's caller), its API key, a rotation.
  const automation = (await cli(["service-accounts", "create", "--org", slug, "--name", "canary-automation", "--scope", "tessera:service-accounts:write tessera:audit:read tessera:introspect", "--audience", API_AUDIENCE])) as { clientId: string; clientSecret: string };
  canaries.cliSecret = automation.clientSecret;
  canaries.cliApiKey = ((await cli(["api-keys", "create", automation.clientId, "--name", "canary-cli-key"])) as { apiKey: string }).apiKey;
  const cliRotated = (await cli(["service-accounts", "rotate-secret", automation.clientId, "--grace", "1h"])) as { clientSecret: string };
  canaries.cliRotated = cliRotated.clientSecret;

  // OAuth: a token for the API, introspected; another one revoked.
  const basic = `Basic ${Buffer.from(`${automation.clientId}:${cliRotated.clientSecret}`).toString("base64")}`;
  const oauth = async (path: string, body: string, n: string, authorization = basic) => {
    const r = await fetch(`${BASE}${path}`, { method: "POST", headers: { Authorization: authorization, "Content-Type": "application/x-www-form-urlencoded", "X-Request-Id": rid(n) }, body });
    const text = await r.text();
    if (!issuing.has(n)) answers.push({ what: `${path} (${n})`, text });
    return { status: r.status, text };
  };
  const issued = await oauth("/oauth/token", `grant_type=client_credentials&audience=${encodeURIComponent(API_AUDIENCE)}`, "token");
  expect(issued.status).toBe(200);
  canaries.accessToken = (JSON.parse(issued.text) as { access_token: string }).access_token;
  expect((await oauth("/oauth/introspect", `token=${canaries.accessToken}`, "introspect")).text).toContain('"active":true');
  const doomed = JSON.parse((await oauth("/oauth/token", `grant_type=client_credentials&audience=${encodeURIComponent(API_AUDIENCE)}`, "token2")).text) as { access_token: string };
  canaries.revokedToken = doomed.access_token;
  expect((await oauth("/oauth/revoke", `token=${doomed.access_token}`, "revoke")).status).toBe(200);

  // Management API: a create with Idempotency-Key (its answer is stored, encrypted, for replays), replayed; a rotation; an API key.
  const call = async (credential: string, method: string, path: string, n: string, body?: unknown, headers: Record<string, string> = {}) => {
    const r = await api(credential, method, path, { body, headers: { "X-Request-Id": rid(n), ...headers } });
    if (!issuing.has(n)) answers.push({ what: `${method} ${path} (${n})`, text: r.text });
    return r;
  };
  const idempotent = { "Idempotency-Key": `${tag}-create` };
  const created = await call(canaries.accessToken, "POST", "/service-accounts", "api-create", { name: "canary-api-created", audiences: [API_AUDIENCE] }, idempotent);
  expect(created.status).toBe(201);
  canaries.apiSecret = String(created.body.clientSecret);
  const replayed = await call(canaries.accessToken, "POST", "/service-accounts", "api-replay", { name: "canary-api-created", audiences: [API_AUDIENCE] }, idempotent);
  expect(replayed.headers.get("idempotent-replayed")).toBe("true");
  expect(replayed.body.clientSecret).toBe(canaries.apiSecret); // the stored answer really holds the secret (sealed)
  const apiClientId = String(created.body.clientId);
  canaries.apiRotated = String((await call(canaries.cliApiKey, "POST", `/service-accounts/${apiClientId}/secrets`, "api-rotate", { graceSeconds: 60 }, { "Idempotency-Key": `${tag}-rotate` })).body.clientSecret);
  canaries.apiKey = String((await call(canaries.accessToken, "POST", `/service-accounts/${apiClientId}/api-keys`, "api-key", { name: "canary-api-key" })).body.apiKey);
  for (const c of Object.values(canaries)) expect(c.length).toBeGreaterThan(30);

  // Used, and sent back wrong: error answers must not echo what they were given.
  expect((await call(canaries.apiKey, "GET", "/service-accounts", "api-use")).status).toBe(403); // no tessera:* scope on that account
  const wrongSecret = `${canaries.apiSecret.slice(0, -6)}XXXXXX`;
  const wrongKey = `${canaries.apiKey.slice(0, -6)}XXXXXX`;
  const refusals = [
    await oauth("/oauth/token", "grant_type=client_credentials", "wrong-secret", `Basic ${Buffer.from(`${apiClientId}:${wrongSecret}`).toString("base64")}`),
    await oauth("/oauth/token", `grant_type=client_credentials&client_id=${apiClientId}&client_secret=${wrongSecret}`, "wrong-secret-body", ""),
    await call(wrongKey, "GET", "/service-accounts", "wrong-key"),
    await call(canaries.revokedToken, "GET", "/service-accounts", "revoked-token"),
  ];
  for (const r of refusals) expect(r.status).toBe(401);
  canaries.wrongSecret = wrongSecret;
  canaries.wrongKey = wrongKey;

  // Exports: the console's (a form POST) and the API's NDJSON.
  const consoleExport = await page.request.post(`/${slug}/audit/export`, { form: { format: "jsonl" }, headers: { Origin: BASE } });
  expect(consoleExport.status()).toBe(200);
  answers.push({ what: "console export", text: await consoleExport.text() });
  const apiExport = await call(canaries.accessToken, "GET", "/audit-events", "api-export", undefined, { Accept: "application/x-ndjson" });
  expect(apiExport.status).toBe(200);
  expect(apiExport.text).toContain("service_account.secret_rotated"); // a real export of this organisation's trail

  // Rendered pages and RSC payloads of everything the organisation shows.
  const paths = [`/${slug}`, `/${slug}/service-accounts`, `/${slug}/service-accounts/${consoleAccount.clientId}`, `/${slug}/service-accounts/${automation.clientId}`, `/${slug}/service-accounts/${apiClientId}`, `/${slug}/audit`, `/${slug}/insights`, `/${slug}/api`, `/${slug}/scopes`];
  for (const path of paths) {
    for (const headers of [{}, { RSC: "1" }] as Record<string, string>[]) {
      const r = await page.request.get(path, { headers });
      expect(r.status(), path).toBe(200);
      answers.push({ what: `${path} ${JSON.stringify(headers)}`, text: await r.text() });
    }
  }
  expect(answers.find((a) => a.what.startsWith(`/${slug}/service-accounts/${apiClientId} {}`))?.text).toContain("canary-api-created");

  for (const [name, canary] of Object.entries(canaries)) {
    for (const f of fragments(canary)) {
      for (const a of answers) expect(a.text.includes(f), `${name} in ${a.what}`).toBe(false);
    }
  }

  // Audit rows, read directly: no column of any event of this organisation holds a canary.
  const db = new Database(dbFile(), { readonly: true });
  try {
    const rows = db.prepare(`SELECT e.* FROM "AuditEvent" e JOIN "Organization" o ON o.id = e."orgId" WHERE o.slug = ?`).all(slug);
    expect(rows.length).toBeGreaterThan(10);
    const trail = JSON.stringify(rows);
    for (const [name, canary] of Object.entries(canaries)) for (const f of fragments(canary)) expect(trail.includes(f), `${name} in an audit row`).toBe(false);
    // The idempotency record holds the create's answer sealed, not as JSON.
    const stored = db.prepare(`SELECT response FROM "IdempotencyRecord" WHERE key = ?`).get(`${tag}-create`) as { response: string } | undefined;
    expect(stored?.response).toBeTruthy();
    expect(stored!.response).not.toContain("clientId");
  } finally {
    db.close();
  }

  // Every byte written to disk: the database, its write-ahead log, and the server's log.
  const files = [dbFile(), `${dbFile()}-wal`, E2E_SERVER_LOG].filter((f) => existsSync(f));
  expect(files).toContain(E2E_SERVER_LOG);
  for (const file of files) {
    const bytes = readFileSync(file);
    for (const [name, canary] of Object.entries(canaries)) for (const f of fragments(canary)) expect(bytes.includes(Buffer.from(f)), `${name} in ${file}`).toBe(false);
  }
  expect(files.some((f) => f !== E2E_SERVER_LOG && readFileSync(f).includes(Buffer.from(apiClientId)))).toBe(true);

  // The log: one JSON line per request, with its id, route, status and latency; the OAuth lines name the client.
  const lines = readFileSync(E2E_SERVER_LOG, "utf8")
    .split("\n")
    .filter((l) => l.includes(tag))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  const byId = (n: string) => lines.filter((l) => l.requestId === rid(n) && l.msg === "request");
  for (const n of ["token", "introspect", "revoke", "wrong-secret", "api-create", "api-replay", "api-rotate", "api-key", "wrong-key", "api-export"]) {
    expect(byId(n), `one access-log line for ${n}`).toHaveLength(1);
    expect(byId(n)[0]).toMatchObject({ level: 30, service: "tessera", route: expect.stringMatching(/^\/(oauth|api\/v1)\//), status: expect.any(Number), ms: expect.any(Number), method: expect.any(String) });
  }
  expect(byId("token")[0]).toMatchObject({ route: "/oauth/token", status: 200, clientId: automation.clientId });
  expect(byId("wrong-secret")[0]).toMatchObject({ route: "/oauth/token", status: 401 });
  expect(byId("api-create")[0]).toMatchObject({ route: "/api/v1/service-accounts", status: 201, method: "POST" });
});
