import { expect, test, type APIResponse, type Page } from "@playwright/test";
import { FIRST_ORG, OWNER_STATE } from "./support/accounts";
import { createAccountViaUi, createScopeViaUi, freshOrg, inviteByLink } from "./support/console";

test.use({ storageState: OWNER_STATE });

type Headers = Record<string, string>;

/**
 * The headers every page and route answers with, errors and redirects
 * included. What Tessera's server answers itself (the OAuth endpoints) is
 * never a page: its CSP allows nothing at all.
 */
function expectSecurityHeaders(headers: Headers, what: string, kind: "page" | "api" = "page") {
  const csp = headers["content-security-policy"] ?? "";
  if (kind === "api") {
    expect(csp, `${what}: CSP`).toMatch(/^default-src 'none'(;|$)/);
  } else {
    expect(csp, `${what}: CSP`).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{22,}' 'strict-dynamic'(;|$)/);
    expect(csp, `${what}: no eval in production`).not.toContain("unsafe-eval");
    expect(csp, `${what}: no inline scripts`).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    expect(csp).toContain("object-src 'none'");
  }
  expect(csp, `${what}: never framed`).toContain("frame-ancestors 'none'");
  expect(csp).toContain("base-uri 'none'");
  expect(headers["x-content-type-options"], what).toBe("nosniff");
  expect(headers["referrer-policy"], what).toBe("no-referrer");
  expect(headers["cross-origin-opener-policy"], what).toBe("same-origin");
  expect(headers["permissions-policy"], what).toMatch(/(^|, )camera=\(\)/);
  expect(headers["permissions-policy"], what).toMatch(/(^|, )geolocation=\(\)/);
  // The e2e console runs on http://localhost: HSTS is for https deployments only.
  expect(headers["strict-transport-security"], what).toBeUndefined();
}

const nonceOf = (response: APIResponse) => /'nonce-([^']+)'/.exec(response.headers()["content-security-policy"] ?? "")?.[1];

test("every kind of response carries the security headers, with a fresh nonce on each page", async ({ page, browser }) => {
  const slug = await freshOrg(page, "hdr");
  const request = page.request;
  const anonymous = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const get = (path: string) => request.get(path, { maxRedirects: 0 });
  const cases: [string, APIResponse, number, ("page" | "api")?][] = [
    ["console page", await get(`/${slug}/service-accounts`), 200],
    ["sign-in page", await anonymous.request.get("/sign-in"), 200],
    ["redirect to sign-in", await anonymous.request.get(`/${slug}`, { maxRedirects: 0 }), 307],
    ["404 page", await get("/this-org-does-not-exist"), 404],
    ["unknown route", await get("/api/no-such-route"), 404],
    ["405 from a route", await get(`/${slug}/audit/export?format=csv`), 405],
    ["JSON route", await get("/api/health"), 200],
    ["OAuth metadata", await get("/.well-known/oauth-authorization-server"), 200, "api"],
    ["OAuth error", await request.post("/oauth/token", { form: { grant_type: "client_credentials" } }), 401, "api"],
    ["Auth.js route", await get("/api/auth/csrf"), 200],
  ];
  for (const [what, response, status, kind] of cases) {
    expect(response.status(), what).toBe(status);
    expectSecurityHeaders(response.headers(), what, kind);
  }

  // Each response has its own nonce, and Next.js puts it on every script it renders.
  const [first, second] = [await get(`/${slug}/scopes`), await get(`/${slug}/scopes`)];
  expect(nonceOf(first)).toBeTruthy();
  expect(nonceOf(first)).not.toBe(nonceOf(second));
  const scripts = [...(await first.text()).matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
  expect(scripts.length).toBeGreaterThan(0);
  for (const tag of scripts) expect(tag).toContain(`nonce="${nonceOf(first)}"`);

  // Build assets, which skip the proxy, still are not sniffed or framed.
  const asset = /\/_next\/static\/[^"]+\.js/.exec(await first.text())![0];
  const assetResponse = await get(asset);
  expect(assetResponse.status()).toBe(200);
  expect(assetResponse.headers()["x-content-type-options"]).toBe("nosniff");
  expect(assetResponse.headers()["x-frame-options"]).toBe("DENY");
  await anonymous.close();
});

/** Records console errors, uncaught errors and CSP violations of a page from now on. */
function collectProblems(page: Page) {
  const problems: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error" || /Content.Security.Policy|Permissions-Policy/i.test(m.text())) problems.push(`console: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
  return problems;
}

async function cspViolations(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __csp?: string[] }).__csp ?? []);
}

test("the CSP breaks no console page: theme script, charts, dialogs, menus and toasts all work", async ({ page, browser }) => {
  test.setTimeout(120_000);
  // A listener installed before any page script: every violation is recorded, reported or not.
  await page.addInitScript(() => {
    const seen: string[] = ((window as unknown as { __csp: string[] }).__csp = []);
    document.addEventListener("securitypolicyviolation", (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const problems = collectProblems(page);
  const slug = await freshOrg(page, "csp");
  await createScopeViaUi(page, slug, "reports:read"); // a toast (sonner) and a dialog (radix)
  const account = await createAccountViaUi(page, slug, { scopes: [{ name: "reports:read" }] });
  // Token activity for the chart (recharts) on the org home.
  const token = await page.request.post("/oauth/token", {
    form: { grant_type: "client_credentials", client_id: account.clientId, client_secret: account.secret },
  });
  expect(token.status()).toBe(200);

  const pages = [
    `/${slug}`,
    `/${slug}/service-accounts`,
    `/${slug}/service-accounts/new`,
    `/${slug}/service-accounts/${account.clientId}`,
    `/${slug}/scopes`,
    `/${slug}/audit`,
    `/${slug}/insights`,
    `/${slug}/settings/members`,
    `/${slug}/settings/audit`,
    "/orgs/new",
    `/${FIRST_ORG}`,
  ];
  for (const path of pages) {
    await page.goto(path);
    await expect(page.getByRole("heading").first()).toBeVisible();
    // Hydrated: client components answer (the theme menu is one on every console page).
    expect(await cspViolations(page), path).toEqual([]);
  }
  await page.goto(`/${slug}`);
  await expect(page.locator(".recharts-surface").first()).toBeVisible();

  // The theme switch (next-themes' inline script and its class change) works under the CSP.
  await page.getByRole("button", { name: "Toggle theme" }).click();
  await page.getByRole("menuitemradio", { name: "Dark" }).click();
  await expect(page.locator("html")).toHaveClass(/\bdark\b/);
  await page.reload();
  await expect(page.locator("html")).toHaveClass(/\bdark\b/); // applied by the nonce'd theme script before hydration

  // An audit event's dialog, the invitation dialog and the account menu (radix portals).
  await page.goto(`/${slug}/audit`);
  await page.getByRole("link", { name: /^Open event scope\.created/ }).click();
  await expect(page.getByRole("dialog")).toBeVisible();
  const link = await inviteByLink(page, slug, "REVIEWER");
  await page.getByRole("button", { name: "Account menu" }).click();
  await expect(page.getByRole("menuitem", { name: "Sign out" })).toBeVisible();
  await page.keyboard.press("Escape");
  expect(await cspViolations(page)).toEqual([]);

  // Pages outside the console: sign-in, an invitation, a spent setup link, a 404.
  const anonymous = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const guest = await anonymous.newPage();
  await guest.addInitScript(() => {
    const seen: string[] = ((window as unknown as { __csp: string[] }).__csp = []);
    document.addEventListener("securitypolicyviolation", (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const guestProblems = collectProblems(guest);
  for (const path of ["/sign-in", new URL(link).pathname, "/setup/not-a-real-token", "/no-such-org-anywhere"]) {
    await guest.goto(path);
    await expect(guest.getByRole("heading").first()).toBeVisible();
    expect(await cspViolations(guest), path).toEqual([]);
  }
  await guest.goto("/sign-in");
  await guest.getByLabel("Email").fill("nobody@e2e.example.test");
  await guest.getByLabel("Password").fill("not a password");
  await guest.getByRole("button", { name: "Sign in" }).click();
  await expect(guest.getByText("Wrong email or password.")).toBeVisible(); // a Server Action, hydrated
  await anonymous.close();

  // 404s of pages are expected console errors of the browser itself ("Failed to load resource"), not of the CSP.
  const unexpected = [...problems, ...guestProblems].filter((p) => !/Failed to load resource: the server responded with a status of 404/.test(p));
  expect(unexpected).toEqual([]);
});
