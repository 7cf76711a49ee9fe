import { expect, test } from "@playwright/test";
import { OWNER, OWNER_STATE } from "./support/accounts";
import { e2eCli } from "./support/prepare";

test.use({ storageState: OWNER_STATE });

test("insights list findings with a link to the fix, and the org home counts them", async ({ page }) => {
  const slug = `ins-${Math.random().toString(36).slice(2, 8)}`;
  e2eCli(["orgs", "create", "--slug", slug, "--name", "Insights org", "--owner-email", OWNER.email]);
  e2eCli(["scopes", "create", "data:purge", "--org", slug, "--high-risk"]);
  const account = e2eCli(["service-accounts", "create", "--org", slug, "--name", "night-batch", "--scope", "data:purge", "--audience", "https://api.example.com"]) as { clientId: string };

  await page.goto(`/${slug}`);
  await expect(page.getByRole("link", { name: "3 insights findings" })).toBeVisible(); // never used + high-risk scope + approval off
  await page.getByRole("link", { name: "3 insights findings" }).click();
  await expect(page).toHaveURL(new RegExp(`/${slug}/insights$`));
  const neverUsed = page.getByTestId("finding-account_never_used");
  await expect(neverUsed.getByRole("link", { name: "night-batch" })).toBeVisible();
  await expect(page.getByTestId("finding-high_risk_scope")).toContainText("data:purge");
  await neverUsed.getByRole("link", { name: "Deactivate or delete it" }).click();
  await expect(page).toHaveURL(new RegExp(`/${slug}/service-accounts/${account.clientId}$`));
});
