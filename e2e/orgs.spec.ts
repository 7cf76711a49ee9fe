import { expect, test } from "@playwright/test";
import { FIRST_ORG, OWNER_STATE, uniqueName } from "./support/accounts";

test.use({ storageState: OWNER_STATE });

test("create a second organisation and switch between them", async ({ page }) => {
  const name = uniqueName("Second Org");
  await page.goto(`/${FIRST_ORG}`);
  await page.getByRole("button", { name: "Switch organisation" }).click();
  await page.getByRole("menuitem", { name: "Create organisation" }).click();
  await expect(page).toHaveURL(/\/orgs\/new$/);

  // A reserved slug is refused with a field-level error.
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel("URL slug").fill("api");
  await page.getByRole("button", { name: "Create organisation" }).click();
  await expect(page.getByText("This name is reserved; choose another")).toBeVisible();

  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, "-");
  await page.getByLabel("URL slug").fill(slug);
  await page.getByRole("button", { name: "Create organisation" }).click();
  await expect(page).toHaveURL(new RegExp(`/${slug}$`));
  await expect(page.getByRole("heading", { name })).toBeVisible();
  await expect(page.getByTestId("current-role")).toHaveText("OWNER");

  await page.getByRole("button", { name: "Switch organisation" }).click();
  await page.getByRole("menuitem", { name: "Default organisation" }).click();
  await expect(page).toHaveURL(new RegExp(`/${FIRST_ORG}$`));
  await expect(page.getByRole("heading", { name: "Default organisation" })).toBeVisible();
});
