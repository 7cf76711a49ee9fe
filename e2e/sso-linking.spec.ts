import { expect, test } from "@playwright/test";
import { loginAtProvider, OWNER_STATE, uniqueName } from "./support/accounts";
import { freshOrg, inviteByLink } from "./support/console";

test.use({ storageState: OWNER_STATE });


test("an account registered in advance with someone's email never receives their SSO sign-in; its holder can link SSO after signing in", async ({ page, browser }) => {
  const slug = await freshOrg(page, "sso");
  const link = await inviteByLink(page, slug, "REVIEWER"); // no email: the holder types one
  const login = uniqueName("victim").replace("-", "");
  const email = `${login}@oidc.example.test`; // the address the provider vouches for

  // Someone holding the link signs up with that address and a password of their own.
  const squatter = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const squatterPage = await squatter.newPage();
  await squatterPage.goto(new URL(link).pathname);
  await squatterPage.getByLabel("Email").fill(email);
  await squatterPage.getByLabel("Password").fill("squatter password 1");
  await squatterPage.getByRole("button", { name: "Create account and join" }).click();
  await expect(squatterPage.getByTestId("current-role")).toHaveText("REVIEWER");

  // The address's owner signs in through SSO: refused, not handed the squatter's account.
  const owner = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const ownerPage = await owner.newPage();
  await ownerPage.goto("/sign-in");
  await ownerPage.getByRole("button", { name: "Continue with Test SSO" }).click();
  await loginAtProvider(ownerPage, login);
  await expect(ownerPage).toHaveURL(/\/sign-in\?error=SsoAccountExists/);
  await expect(ownerPage.getByText("An account with this email already exists. Sign in with its password")).toBeVisible();
  await ownerPage.goto(`/${slug}`);
  await expect(ownerPage).toHaveURL(/\/sign-in/);
  await owner.close();

  // Owners see that the squatter's address was never confirmed.
  await page.goto(`/${slug}/settings/members`);
  await expect(page.getByTestId(`member-${email}`)).toContainText("unverified email");

  // Whoever holds both the password and the provider account links them from the account menu.
  await squatterPage.getByRole("button", { name: "Account menu" }).click();
  await squatterPage.getByRole("menuitem", { name: "Link Test SSO" }).click();
  await loginAtProvider(squatterPage, login);
  await expect(squatterPage).toHaveURL(new RegExp(`/${slug}$`));
  await squatterPage.getByRole("button", { name: "Account menu" }).click();
  await expect(squatterPage.getByRole("menuitem", { name: "Link Test SSO" })).toHaveCount(0);
  await squatter.close();

  // From then on SSO alone signs in to that account, now verified.
  const later = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const laterPage = await later.newPage();
  await laterPage.goto("/sign-in");
  await laterPage.getByRole("button", { name: "Continue with Test SSO" }).click();
  await loginAtProvider(laterPage, login);
  await laterPage.goto(`/${slug}`);
  await expect(laterPage.getByTestId("current-role")).toHaveText("REVIEWER");
  await later.close();
  await page.goto(`/${slug}/settings/members`);
  await expect(page.getByTestId(`member-${email}`)).not.toContainText("unverified email");
});
