import { expect, test } from "@playwright/test";
import { FIRST_ORG, OWNER, expectSignedInAt, signIn } from "./support/accounts";

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
