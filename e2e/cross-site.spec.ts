import { createServer, type Server } from "node:http";
import Database from "better-sqlite3";
import { expect, test } from "@playwright/test";
import { OWNER, uniqueName } from "./support/accounts";
import { api, API_AUDIENCE, BASE, cli, createAccount, tokenFor } from "./support/api-client";
import { signInCookie } from "./support/isolation-world";
import { actionRef, callAction, formData } from "./support/server-actions";
import { serverActions } from "./support/surface";

// Cookie-authenticated requests from another site are refused: every
// Server Action (Next.js compares Origin with Host), the audit export and
// Auth.js's own POSTs. Requests authenticated by a token or client
// credentials are not cookie-bound, so they stay open to servers and never
// send CORS headers.

const APP_PORT = Number(process.env.E2E_PORT ?? 3100);
const ATTACKER_PORT = APP_PORT + 20;
/** Same site as the console (another port of localhost): SameSite=Lax still sends the cookie. */
const SIBLING = `http://localhost:${ATTACKER_PORT}`;
const FOREIGN_ORIGINS = ["https://evil.example", "null", SIBLING];

let slug: string;
let clientId: string;
/** A closed access review of the organisation: its CSV export is the other cookie-authenticated POST. */
let reviewId: string;
test.beforeAll(async () => {
  slug = uniqueName("xsite");
  await cli(["orgs", "create", "--slug", slug, "--name", slug, "--owner-email", OWNER.email]);
  clientId = (await createAccount(slug, "xsite-job", [])).clientId;
  reviewId = ((await cli(["reviews", "start", "--org", slug])) as { id: string }).id;
  await cli(["reviews", "close", reviewId, "--org", slug]);
});

/** Arguments that make each action answer something when it runs (most fail validation, which is an answer). */
function argsFor(key: string): unknown[] {
  const name = key.split("#")[1]!;
  const special: Record<string, unknown[]> = {
    signInWithPasswordAction: [{}, formData({ email: "nobody@e2e.example.test", password: "not the password" })],
    signInWithOidcAction: [formData({ callbackUrl: "/" })],
    reauthenticateWithSsoAction: [formData({ returnTo: "/" })],
    reauthenticateAction: [""],
    acceptInvitationAction: ["not-a-token", null],
    signUpWithInvitationAction: ["not-a-token", {}, formData({})],
    completeSetupAction: ["not-a-token", {}, formData({})],
    createOrganizationAction: [null, formData({})],
    setAuditRetentionAction: [slug, null, formData({ mode: "keep" })],
    inviteMemberAction: [slug, formData({ role: "NOBODY" })],
  };
  return special[name] ?? [slug, clientId];
}

/** Whether the action ran: it returned a value, or redirected (sign-in, SSO, sign-out). */
function ran(answer: Awaited<ReturnType<typeof callAction>>): boolean {
  return answer.result !== null || Boolean(answer.headers.get("x-action-redirect"));
}

const sessionAlive = async (cookie: string) => (await fetch(`${BASE}/${slug}`, { headers: { Cookie: cookie }, redirect: "manual" })).status === 200;

test("every Server Action refuses a foreign Origin, Origin: null and a sibling port, and runs from the console's own origin", async () => {
  const cookie = await signInCookie(OWNER.email, OWNER.password);
  const params = { org: slug, clientId, token: "not-a-token", id: reviewId };
  const actions = serverActions();
  expect(actions.length).toBeGreaterThan(25);
  for (const action of actions) {
    for (const origin of FOREIGN_ORIGINS) {
      const answer = await callAction(action.key, argsFor(action.key), { cookie, params, headers: { Origin: origin } });
      expect(ran(answer), `${action.key} ran from Origin ${origin}: ${answer.text.slice(0, 200)}`).toBe(false);
      expect(answer.headers.get("set-cookie") ?? "", `${action.key} from ${origin} touched the session`).not.toContain("tessera.session");
    }
  }
  expect(await sessionAlive(cookie)).toBe(true); // sign-out from another origin did nothing

  // Controls: the same calls from the console's origin run (so the refusals above were refusals).
  for (const action of actions.filter((a) => !a.key.endsWith("#signOutAction"))) {
    const answer = await callAction(action.key, argsFor(action.key), { cookie, params });
    expect(ran(answer), `${action.key} from the console's origin: ${answer.httpStatus} ${answer.text.slice(0, 200)}`).toBe(true);
  }
  const throwaway = await signInCookie(OWNER.email, OWNER.password);
  await callAction("app/(auth)/actions.ts#signOutAction", [], { cookie: throwaway, params });
  expect(await sessionAlive(throwaway)).toBe(false);
});

test("a refused cross-origin Server Action changes nothing", async () => {
  const cookie = await signInCookie(OWNER.email, OWNER.password);
  const name = `csrf:${uniqueName("x")}`;
  for (const origin of FOREIGN_ORIGINS) {
    await callAction("app/(console)/[org]/scopes/actions.ts#createScopeAction", [slug, { name }], { cookie, params: { org: slug }, headers: { Origin: origin } });
  }
  const scopes = await api<{ items: { name: string }[] }>(await tokenFor(await createAccount(slug, uniqueName("reader"), ["tessera:scopes:write"])), "GET", "/scopes");
  expect(scopes.status).toBe(200);
  expect(scopes.body.items.map((s) => s.name)).not.toContain(name);
});

test("the audit and access review exports and Auth.js's POSTs refuse another origin even with the session cookie", async () => {
  const cookie = await signInCookie(OWNER.email, OWNER.password);
  const exports = [`/${slug}/audit/export`, `/${slug}/reviews/${reviewId}/export`];
  const exportWith = (path: string, headers: Record<string, string>) =>
    fetch(`${BASE}${path}`, { method: "POST", headers: { Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded", ...headers }, body: "format=jsonl" });
  const attempts: Record<string, string>[] = [{ Origin: "https://evil.example" }, { Origin: "null" }, { Origin: SIBLING }, { "Sec-Fetch-Site": "cross-site" }, { "Sec-Fetch-Site": "same-site", Origin: BASE }, {}];
  for (const path of exports) {
    for (const headers of attempts) {
      const r = await exportWith(path, headers);
      expect(r.status, `${path} ${JSON.stringify(headers)}`).toBe(403);
      expect(await r.text()).toBe("Cross-origin request refused");
    }
    expect((await exportWith(path, { Origin: BASE })).status, path).toBe(200);
  }

  // Auth.js: a sign-out posted from elsewhere carries no CSRF token and ends nothing.
  const signOut = await fetch(`${BASE}/api/auth/signout`, { method: "POST", headers: { Cookie: cookie, Origin: "https://evil.example", "Content-Type": "application/x-www-form-urlencoded" }, body: "", redirect: "manual" });
  expect(signOut.status).toBeLessThan(500);
  expect(await sessionAlive(cookie)).toBe(true);
});

test("forms posted from another site in Chromium are refused: the audit export, a Server Action (sign-out), and through a redirect (Origin: null)", async ({ browser }) => {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const cookie = await signInCookie(OWNER.email, OWNER.password);
  const [name, value] = cookie.split("=") as [string, string];
  await context.addCookies([{ name, value, domain: "localhost", path: "/", httpOnly: true, sameSite: "Lax" }]);
  const signOutId = actionRef("app/(auth)/actions.ts#signOutAction").id;
  const exportForm = `<form id="export" method="POST" action="${BASE}/${slug}/audit/export"><input name="format" value="jsonl"></form>`;
  const html = `<!doctype html><title>cute cats</title>
    ${exportForm}
    <form id="action" method="POST" action="${BASE}/${slug}" enctype="multipart/form-data"><input name="$ACTION_ID_${signOutId}" value=""></form>
    <form id="bounce" method="POST" action="/bounce"><input name="format" value="jsonl"></form>`;
  let server: Server | undefined;
  try {
    server = await new Promise<Server>((resolve) => {
      // A 307 keeps the POST and its body; after a cross-origin redirect the browser sends Origin: null.
      const s = createServer((req, res) =>
        req.url === "/bounce" ? res.writeHead(307, { Location: `${BASE}/${slug}/audit/export` }).end() : res.writeHead(200, { "Content-Type": "text/html" }).end(html),
      ).listen(ATTACKER_PORT, "127.0.0.1", () => resolve(s));
    });
    const page = await context.newPage();
    const audited = () => auditCount(slug, "audit.exported");
    const before = audited();

    const originOf = async (r: import("@playwright/test").Response) => (await r.request().allHeaders())["origin"];
    await page.goto(`${SIBLING}/`);
    const [bounced] = await Promise.all([
      page.waitForResponse(async (r) => r.url().endsWith("/audit/export") && (await originOf(r)) === "null"),
      page.evaluate(() => (document.getElementById("bounce") as HTMLFormElement).submit()),
    ]);
    expect(bounced.status()).toBe(403);
    await page.waitForURL(/\/audit\/export$/);

    await page.goto(`${SIBLING}/`);

    const [exported] = await Promise.all([
      page.waitForResponse(async (r) => r.url().endsWith("/audit/export") && (await originOf(r)) === SIBLING),
      page.evaluate(() => (document.getElementById("export") as HTMLFormElement).submit()),
    ]);
    const sent = await exported.request().allHeaders();
    expect(sent["sec-fetch-site"]).toBe("same-site");
    expect(sent["cookie"]).toContain("tessera.session="); // SameSite=Lax lets the cookie go along to a same-site POST
    expect(exported.status()).toBe(403);
    await page.waitForURL(/\/audit\/export$/);

    await page.goto(`${SIBLING}/`);
    const [signedOut] = await Promise.all([page.waitForResponse((r) => r.url() === `${BASE}/${slug}` && r.request().method() === "POST"), page.evaluate(() => (document.getElementById("action") as HTMLFormElement).submit())]);
    expect(signedOut.status()).not.toBe(200);
    expect(await sessionAlive(cookie)).toBe(true);
    expect(audited()).toBe(before);
  } finally {
    server?.close();
    await context.close();
  }
});

function auditCount(orgSlug: string, action: string): number {
  const db = new Database(process.env.E2E_DATABASE_URL!.replace(/^file:/, ""), { readonly: true });
  try {
    return (db.prepare(`SELECT count(*) AS n FROM "AuditEvent" e JOIN "Organization" o ON o.id = e."orgId" WHERE o.slug = ? AND e.action = ?`).get(orgSlug, action) as { n: number }).n;
  } finally {
    db.close();
  }
}

test("token-authenticated API and OAuth requests work without Origin and with a foreign one, and never answer with CORS headers", async () => {
  const account = await createAccount(slug, uniqueName("server"), ["tessera:scopes:write", "tessera:introspect"], [API_AUDIENCE]);
  const basic = `Basic ${Buffer.from(`${account.clientId}:${account.clientSecret}`).toString("base64")}`;
  const noCors = (r: Response, what: string) => {
    for (const h of ["access-control-allow-origin", "access-control-allow-credentials", "access-control-allow-methods", "access-control-allow-headers"]) expect(r.headers.get(h), `${what}: ${h}`).toBeNull();
  };
  for (const origin of [undefined, "https://evil.example", "null"]) {
    const headers: Record<string, string> = origin ? { Origin: origin } : {};
    const tokenResponse = await fetch(`${BASE}/oauth/token`, { method: "POST", headers: { ...headers, Authorization: basic, "Content-Type": "application/x-www-form-urlencoded" }, body: `grant_type=client_credentials&audience=${encodeURIComponent(API_AUDIENCE)}` });
    expect(tokenResponse.status, `token with Origin ${origin}`).toBe(200);
    noCors(tokenResponse, `token, Origin ${origin}`);
    const { access_token } = (await tokenResponse.json()) as { access_token: string };
    const introspection = await fetch(`${BASE}/oauth/introspect`, { method: "POST", headers: { ...headers, Authorization: basic, "Content-Type": "application/x-www-form-urlencoded" }, body: `token=${access_token}` });
    expect(await introspection.json()).toMatchObject({ active: true });
    noCors(introspection, `introspect, Origin ${origin}`);
    const scopes = await api(access_token, "GET", "/scopes", { headers });
    expect(scopes.status, `API with Origin ${origin}`).toBe(200);
    noCors(new Response(null, { headers: scopes.headers }), `API, Origin ${origin}`);
  }
  // Preflights get no permission either: a browser page elsewhere cannot read these answers.
  for (const path of ["/oauth/token", "/api/v1/scopes", "/oauth/introspect"]) {
    const preflight = await fetch(`${BASE}${path}`, { method: "OPTIONS", headers: { Origin: "https://evil.example", "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "authorization" } });
    noCors(preflight, `OPTIONS ${path}`);
  }
});

// CVE-2025-29927: Next.js skipped middleware for requests carrying its own
// subrequest marker. Tessera's server strips framework-internal headers; the
// pages authorise themselves anyway. Both doors are tried: Tessera's server
// and plain `next start` on the same build.
const INTERNAL_HEADERS: Record<string, string>[] = [
  ...["middleware", "middleware:middleware:middleware:middleware:middleware", "src/middleware:src/middleware:src/middleware:src/middleware:src/middleware", "proxy:proxy:proxy:proxy:proxy", "src/proxy:src/proxy:src/proxy:src/proxy:src/proxy", "pages/_middleware"].map((v) => ({ "x-middleware-subrequest": v })),
  { "x-middleware-subrequest-id": "1", "x-middleware-subrequest": "proxy:proxy:proxy:proxy:proxy" },
  { "x-invoke-path": "/api/health", "x-invoke-query": "{}", "x-invoke-output": "/api/health" },
  { "x-now-route-matches": "org=default" },
  { "x-middleware-prefetch": "1", "x-nextjs-data": "1" },
  { "x-middleware-rewrite": "/api/health", "x-middleware-next": "1", "x-matched-path": "/sign-in" },
  { "x-tessera-client-ip": "10.0.0.1", "x-tessera-proof": "forged" },
];

test("x-middleware-subrequest and other framework-internal headers bypass nothing, through Tessera's server and through next start", async () => {
  const doors = [BASE, `http://localhost:${APP_PORT + 2}`];
  for (const door of doors) {
    for (const headers of INTERNAL_HEADERS) {
      const what = `${door} ${JSON.stringify(headers)}`;
      /**
       * Through Tessera's server the answer is the ordinary one. Plain `next
       * start` honours its own prefetch marker and answers `{}` without
       * running anything (no page, no proxy.ts): that serves nothing either.
       */
      const refused = async (response: Response, expected: (r: Response) => void, part: string) => {
        const body = await response.text();
        expect(body, `${what}: ${part}`).not.toContain("xsite-job"); // the account's name: nothing of it served
        if (door !== BASE && response.status === 200 && response.headers.get("x-middleware-skip") === "1") expect(body, `${what}: ${part}`).toBe("{}");
        else expected(response);
      };
      await refused(await fetch(`${door}/${slug}/service-accounts/${clientId}`, { headers, redirect: "manual" }), (r) => {
        expect(r.status, `${what}: a protected page`).toBe(307);
        expect(r.headers.get("location"), what).toContain("/sign-in");
        expect(r.headers.get("content-security-policy"), `${what}: proxy.ts ran`).toContain("frame-ancestors 'none'");
      }, "a protected page");
      await refused(await fetch(`${door}/api/v1/service-accounts`, { headers }), (r) => expect(r.status, `${what}: the API`).toBe(401), "the API");
      const exported = await fetch(`${door}/${slug}/audit/export`, { method: "POST", headers: { ...headers, Origin: door, "Content-Type": "application/x-www-form-urlencoded" }, body: "format=jsonl" });
      await refused(exported, (r) => expect([401, 403], `${what}: the export`).toContain(r.status), "the export");
      const token = await fetch(`${door}/oauth/token`, { method: "POST", headers: { ...headers, "Content-Type": "application/x-www-form-urlencoded" }, body: "grant_type=client_credentials" });
      await refused(token, (r) => expect(r.status, `${what}: the token endpoint`).toBe(401), "the token endpoint");
    }
  }
});
