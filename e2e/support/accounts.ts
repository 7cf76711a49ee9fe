import { expect, type Page } from "@playwright/test";

export const OWNER = { email: "owner@e2e.example.test", password: "owner password 123" };
export const OWNER_STATE = ".tmp/e2e/owner-state.json";
export const FIRST_ORG = "default";

export async function signIn(page: Page, email: string, password: string) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/**
 * Signing in lands on the person's first organisation by name: an organisation
 * another spec makes the OWNER join must sort after FIRST_ORG's name,
 * "Default organisation", or every spec that signs in lands elsewhere.
 */
export async function expectSignedInAt(page: Page, orgSlug: string) {
  await expect(page).toHaveURL(new RegExp(`/${orgSlug}$`));
  await expect(page.getByRole("navigation", { name: "Console" })).toBeVisible();
}

export const uniqueName = (prefix: string) => `${prefix}-${Math.random().toString(36).slice(2, 8)}`;

/**
 * Signs the owner in afresh in this page's context. Rotating a secret or
 * deleting an account needs a sign-in younger than 15 minutes, and the saved
 * owner session (OWNER_STATE) is as old as the run.
 */
export async function signInAgain(page: Page) {
  await page.context().clearCookies(); // a signed-in browser is sent past the sign-in form
  await signIn(page, OWNER.email, OWNER.password);
  await expectSignedInAt(page, FIRST_ORG);
}

/** node-oidc-provider's development login (any password) and consent screens. */
export async function loginAtProvider(page: Page, login: string) {
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill("any password");
  await page.locator('button[type="submit"]').click();
  const consent = page.locator('button[type="submit"]', { hasText: /continue/i });
  if (await consent.isVisible({ timeout: 5_000 }).catch(() => false)) await consent.click();
}
