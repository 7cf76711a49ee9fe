import { expect, test } from "@playwright/test";
import { OWNER, OWNER_STATE } from "./support/accounts";
import { e2eCli } from "./support/prepare";

test.use({ storageState: OWNER_STATE });

const newSlug = (prefix: string) => `${prefix}-${Math.random().toString(36).slice(2, 8)}`;

test("the org home charts tokens issued and denied, ranks the account and links a high-risk change to the audit trail", async ({ page, request }) => {
  const slug = newSlug("dash");
  e2eCli(["orgs", "create", "--slug", slug, "--name", "Org home dashboard", "--owner-email", OWNER.email]);
  const account = e2eCli([
    "service-accounts", "create", "--org", slug, "--name", "ledger-sync", "--audience", "https://ledger.example.com",
  ]) as { clientId: string; clientSecret: string };

  // Real token requests: two issued, one denied for a wrong secret.
  const tokenRequest = (secret: string) =>
    request.post("/oauth/token", { form: { grant_type: "client_credentials", client_id: account.clientId, client_secret: secret } });
  expect((await tokenRequest(account.clientSecret)).status()).toBe(200);
  expect((await tokenRequest(account.clientSecret)).status()).toBe(200);
  expect((await tokenRequest("tss_not-the-secret")).status()).toBe(401);
  e2eCli(["service-accounts", "rotate-secret", account.clientId, "--org", slug, "--grace", "0"]);

  await page.goto(`/${slug}`);
  const chart = page.getByRole("region", { name: "Token activity chart" });
  await expect(chart).toBeVisible();
  const table = chart.getByRole("table", { name: /Tokens issued and denied per day/ });
  await expect(table.locator("tbody tr")).toHaveCount(14);
  const today = new Date().toISOString().slice(0, 10);
  const todayRow = table.getByRole("row", { name: new RegExp(`^${today}`) });
  await expect(todayRow.getByRole("cell")).toHaveText(["2", "1"]);
  // The other 13 days are there, with nothing in them.
  for (const row of (await table.locator("tbody tr").all()).slice(0, 13)) await expect(row.getByRole("cell")).toHaveText(["0", "0"]);

  const top = page.getByRole("list", { name: "Top accounts" });
  await expect(top.getByRole("listitem")).toHaveCount(1);
  await expect(top.getByRole("listitem")).toContainText("2 tokens");
  await expect(top.getByRole("link", { name: "ledger-sync" })).toHaveAttribute("href", `/${slug}/service-accounts/${account.clientId}`);

  const changes = page.getByRole("list", { name: "Recent high-risk changes" });
  await expect(changes.getByRole("link", { name: /^Open event token\./ })).toHaveCount(0);
  await expect(changes.getByRole("link", { name: /^Open event service_account\.created/ })).toHaveCount(0); // no high-risk scope
  await changes.getByRole("link", { name: /^Open event service_account\.secret_rotated #\d+$/ }).click();
  await expect(page).toHaveURL(new RegExp(`/${slug}/audit\\?event=`));
  const dialog = page.getByRole("dialog", { name: /^Event #\d+$/ });
  await expect(dialog).toContainText("service_account.secret_rotated");
  await expect(dialog).toContainText("ledger-sync");
});

test("an organisation without tokens shows empty states instead of a chart", async ({ page }) => {
  const slug = newSlug("quiet");
  e2eCli(["orgs", "create", "--slug", slug, "--name", "Quiet org", "--owner-email", OWNER.email]);
  await page.goto(`/${slug}`);
  const chart = page.getByRole("region", { name: "Token activity chart" });
  await expect(chart.getByRole("heading", { name: "No tokens yet" })).toBeVisible();
  await expect(chart.getByRole("table")).toHaveCount(0);
  await expect(page.getByRole("heading", { name: "No tokens issued" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "No high-risk changes" })).toBeVisible();
});
