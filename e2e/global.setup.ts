import { expect, test as setup } from "@playwright/test";
import { FIRST_ORG, OWNER, OWNER_STATE, expectSignedInAt } from "./support/accounts";

// First run through the browser: the one-time setup link `npm start` prints
// creates the first owner and organisation, and signs them in.
setup("the setup link creates the first owner, once", async ({ page }) => {
  const setupUrl = process.env.E2E_SETUP_URL!;
  await page.goto(new URL(setupUrl).pathname);
  await expect(page.getByRole("heading", { name: "Set up Tessera" })).toBeVisible();
  await page.getByLabel("Your name").fill("First Owner");
  await page.getByLabel("Email").fill(OWNER.email);
  await page.getByLabel("Password").fill("short");
  await page.getByRole("button", { name: "Create owner and organisation" }).click();
  await expect(page.getByText("Use at least 12 characters")).toBeVisible();

  await page.getByLabel("Password").fill(OWNER.password);
  await page.getByLabel("Organisation URL slug").fill(FIRST_ORG);
  await page.getByRole("button", { name: "Create owner and organisation" }).click();
  await expectSignedInAt(page, FIRST_ORG);
  await page.context().storageState({ path: OWNER_STATE });

  // The link is spent.
  await page.goto(new URL(setupUrl).pathname);
  await expect(page.getByText("This setup link is not valid")).toBeVisible();
});
