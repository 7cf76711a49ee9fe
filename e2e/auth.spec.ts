import { expect, test, type BrowserContext } from "@playwright/test";
import { FIRST_ORG, OWNER, OWNER_STATE, expectSignedInAt, loginAtProvider, signIn } from "./support/accounts";
import { setSessionClock } from "./support/database";

const sessionCookie = async (context: BrowserContext) => (await context.cookies()).find((c) => c.name === "tessera.session");
const MINUTE = 60_000;
const IDLE_MS = 8 * 60 * MINUTE; // TESSERA_SESSION_IDLE_MINUTES default

test("sign in, session cookie flags, sign out ends the session server-side", async ({ page, context, browser }) => {
  await signIn(page, OWNER.email, OWNER.password);
  await expectSignedInAt(page, FIRST_ORG);

  const cookies = await context.cookies();
  const session = cookies.find((c) => c.name === "tessera.session");
  expect(session, "session cookie").toBeTruthy();
  expect(session!.httpOnly).toBe(true);
  expect(session!.sameSite).toBe("Lax");
  expect(session!.path).toBe("/");
  expect(Buffer.from(session!.value, "base64url").length * 8).toBeGreaterThanOrEqual(128);

  await page.getByRole("button", { name: "Account menu" }).click();
  await page.getByRole("menuitem", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);

  // Replaying the old cookie after sign-out gets nowhere.
  const replay = await browser.newContext();
  await replay.addCookies([session!]);
  const replayPage = await replay.newPage();
  await replayPage.goto(`/${FIRST_ORG}`);
  await expect(replayPage).toHaveURL(/\/sign-in/);
  await replay.close();
});

test("a wrong password shows a clear error and signs nobody in", async ({ page }) => {
  await signIn(page, OWNER.email, "not the password");
  await expect(page.getByText("Wrong email or password.")).toBeVisible();
  await expect(page).toHaveURL(/\/sign-in/);
  await expect(page.getByLabel("Email")).toHaveValue(OWNER.email);
});

test("pages need a session", async ({ page }) => {
  await page.goto(`/${FIRST_ORG}/settings/members`);
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=/);
});

test("another organisation's slug answers 404", async ({ browser }) => {
  const context = await browser.newContext({ storageState: ".tmp/e2e/owner-state.json" });
  const page = await context.newPage();
  const response = await page.goto("/some-org-that-is-not-mine");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
  await context.close();
});

test("health endpoints answer", async ({ request }) => {
  const ready = await request.get("/api/health");
  expect(ready.status()).toBe(200);
  expect(await ready.json()).toMatchObject({ status: "ok", database: "up" });
  expect((await request.get("/api/health/live")).status()).toBe(200);
});

test("OIDC sign-in through a real OpenID provider", async ({ page }) => {
  const login = `alice${Math.random().toString(36).slice(2, 7)}`;
  await page.goto("/sign-in");
  await page.getByRole("button", { name: "Continue with Test SSO" }).click();
  await loginAtProvider(page, login);

  // A new person with no organisation lands on "create an organisation".
  await expect(page).toHaveURL(/\/orgs\/new$/);
  await expect(page.getByRole("heading", { name: "Create an organisation" })).toBeVisible();
  // The slug follows the name once the form is hydrated; a fill that lands before hydration is typed again.
  await expect(async () => {
    await page.getByLabel("Name", { exact: true }).fill(`SSO ${login}`);
    await expect(page.getByLabel("URL slug")).toHaveValue(`sso-${login}`, { timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
  await page.getByRole("button", { name: "Create organisation" }).click();
  await expect(page).toHaveURL(new RegExp(`/sso-${login}$`));
  await page.getByRole("button", { name: "Account menu" }).click();
  await expect(page.getByText(`${login}@oidc.example.test`).first()).toBeVisible();
});

test("sign-in never sends anyone to another origin, however the callback URL is dressed up", async ({ browser, baseURL }) => {
  const payloads = ["/\t/evil.example", "/%09%5Cevil.example", "/\\evil.example", "//evil.example", "/%2F%2Fevil.example", "https://evil.example/"];
  // Every request that leaves the console's origin is recorded (and answered locally, not by the network).
  const left: string[] = [];
  const trap = async (context: BrowserContext) => {
    context.on("request", (r) => {
      if (new URL(r.url()).origin !== baseURL) left.push(r.url());
    });
    await context.route((url) => url.origin !== baseURL, (route) => route.fulfill({ contentType: "text/html", body: "<h1>evil</h1>" }));
  };

  // Already signed in: the sign-in page forwards to the callback at once.
  const signedIn = await browser.newContext({ storageState: OWNER_STATE });
  await trap(signedIn);
  const page = await signedIn.newPage();
  for (const payload of payloads) {
    await page.goto(`/sign-in?callbackUrl=${encodeURIComponent(payload)}`);
    await expect(page.getByRole("navigation", { name: "Console" })).toBeVisible();
    expect(new URL(page.url()).origin, JSON.stringify(payload)).toBe(baseURL);
  }
  await signedIn.close();

  // Signing in through the form with the callback it was given.
  const fresh = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  await trap(fresh);
  const guest = await fresh.newPage();
  await guest.goto(`/sign-in?callbackUrl=${encodeURIComponent(payloads[0]!)}`);
  await guest.getByLabel("Email").fill(OWNER.email);
  await guest.getByLabel("Password").fill(OWNER.password);
  await guest.getByRole("button", { name: "Sign in" }).click();
  await expect(guest.getByRole("navigation", { name: "Console" })).toBeVisible();
  expect(new URL(guest.url()).origin).toBe(baseURL);
  await fresh.close();
  expect(left).toEqual([]);
});

test("Auth.js's own POST /api/auth/signout ends the session in the database, not just the cookie", async ({ browser }) => {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await signIn(page, OWNER.email, OWNER.password);
  await expectSignedInAt(page, FIRST_ORG);
  const session = (await sessionCookie(context))!;

  // The sign-out Auth.js documents: its CSRF token, posted as a form.
  const { csrfToken } = (await (await page.request.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const out = await page.request.post("/api/auth/signout", { form: { csrfToken }, maxRedirects: 0 });
  expect(out.status()).toBe(302);
  expect(await sessionCookie(context)).toBeUndefined();

  // The old cookie, replayed from anywhere, is refused.
  const replay = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  await replay.addCookies([session]);
  const replayPage = await replay.newPage();
  await replayPage.goto(`/${FIRST_ORG}`);
  await expect(replayPage).toHaveURL(/\/sign-in/);
  await replay.close();
  await context.close();
});

test("the session cookie slides with activity, and never outlives the session's absolute end", async ({ browser }) => {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await signIn(page, OWNER.email, OWNER.password);
  await expectSignedInAt(page, FIRST_ORG);
  const session = (await sessionCookie(context))!;
  const expiresInMs = async () => ((await sessionCookie(context))!.expires * 1000 - Date.now());

  // A cookie the browser would drop in 5 minutes, and a session last seen 10 minutes ago (activity moves
  // lastSeenAt at most once a minute): the next page view must carry the cookie on for a full idle period.
  await context.addCookies([{ ...session, expires: Math.floor((Date.now() + 5 * MINUTE) / 1000) }]);
  setSessionClock(session.value, { lastSeenAt: new Date(Date.now() - 10 * MINUTE) });
  const renewed = await page.goto(`/${FIRST_ORG}/scopes`);
  expect(await renewed!.headerValue("set-cookie")).toContain("tessera.session=");
  expect(await expiresInMs()).toBeGreaterThan(IDLE_MS - 5 * MINUTE);
  expect(await expiresInMs()).toBeLessThanOrEqual(IDLE_MS + MINUTE);

  // Half an hour before the absolute end, activity cannot carry the cookie past it.
  setSessionClock(session.value, { lastSeenAt: new Date(Date.now() - 10 * MINUTE), expiresAt: new Date(Date.now() + 30 * MINUTE) });
  const capped = await page.goto(`/${FIRST_ORG}/service-accounts`);
  expect(await capped!.headerValue("set-cookie")).toContain("tessera.session=");
  expect(await expiresInMs()).toBeGreaterThan(25 * MINUTE);
  expect(await expiresInMs()).toBeLessThanOrEqual(30 * MINUTE);
  await context.close();
});
