import { expect, test, type BrowserContext } from "@playwright/test";
import { FIRST_ORG, OWNER, OWNER_STATE, expectSignedInAt, signIn } from "./support/accounts";


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
  // node-oidc-provider's development login and consent screens
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill("any password");
  await page.locator('button[type="submit"]').click();
  const consent = page.locator('button[type="submit"]', { hasText: /continue/i });
  if (await consent.isVisible({ timeout: 5_000 }).catch(() => false)) await consent.click();

  // A new person with no organisation lands on "create an organisation".
  await expect(page).toHaveURL(/\/orgs\/new$/);
  await expect(page.getByRole("heading", { name: "Create an organisation" })).toBeVisible();
  await page.getByLabel("Name", { exact: true }).fill(`SSO ${login}`);
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
