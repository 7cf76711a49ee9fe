import { readFileSync } from "node:fs";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { OWNER_STATE } from "./support/accounts";
import { createScopeViaUi, freshOrg, inviteByLink, signUpThroughLink } from "./support/console";

test.use({ storageState: OWNER_STATE });

/** The export as the console's form sends it: a same-origin POST. */
const exportAs = (request: APIRequestContext, pageUrl: string, slug: string, format = "csv") => {
  const origin = new URL(pageUrl).origin;
  return request.post(`${origin}/${slug}/audit/export`, { form: { format }, headers: { origin } });
};

const exportEvents = async (page: Page, slug: string) => {
  await page.goto(`/${slug}/audit?action=audit.exported`);
  return page.getByRole("table", { name: "Audit events" }).locator("tbody tr").filter({ hasText: "audit.exported" });
};

test("a reviewer filters the audit trail, shares an open event, exports it and verifies the chain", async ({ page, browser }) => {
  test.setTimeout(120_000);
  const slug = await freshOrg(page, "audit");
  await createScopeViaUi(page, slug, "reports:read", { description: "Read reports" });
  await createScopeViaUi(page, slug, "reports:write");
  await page.getByRole("button", { name: "Edit reports:read" }).click();
  const edit = page.getByRole("dialog", { name: "Edit reports:read" });
  await edit.getByLabel("Description").fill("Read all reports");
  await edit.getByRole("button", { name: "Save" }).click();
  await expect(edit).toBeHidden();
  const link = await inviteByLink(page, slug, "REVIEWER");
  const { context, page: reviewer } = await signUpThroughLink(browser, link, "REVIEWER");

  await reviewer.goto(`/${slug}`);
  await reviewer.getByRole("navigation", { name: "Console" }).getByRole("link", { name: "Audit" }).click();
  await expect(reviewer).toHaveURL(new RegExp(`/${slug}/audit$`));
  const rows = reviewer.getByRole("table", { name: "Audit events" }).locator("tbody tr");
  await expect(rows.filter({ hasText: "member.invited" })).toHaveCount(1);
  // Sign-ins of the organisation's members are part of its trail.
  await expect(rows.filter({ hasText: "user.signed_in" }).first()).toBeVisible();

  // Filter: one action, last 24 hours. Both live in the URL.
  await reviewer.getByRole("button", { name: "Filter by action" }).click();
  await reviewer.getByRole("checkbox", { name: "scope.created" }).click();
  await expect(reviewer).toHaveURL(/action=scope\.created/);
  await reviewer.keyboard.press("Escape");
  await reviewer.getByRole("combobox", { name: "Time range" }).click();
  await reviewer.getByRole("option", { name: "Last 24 hours" }).click();
  await expect(reviewer).toHaveURL(/range=24h/);
  await expect(rows).toHaveCount(2);
  for (const row of await rows.all()) await expect(row).toContainText("scope.created");
  await expect(rows.filter({ hasText: "member.invited" })).toHaveCount(0);

  // Open the oldest scope event (reports:read): its metadata shows in the drawer.
  await rows.nth(1).getByRole("link", { name: /^Open event scope\.created/ }).click();
  await expect(reviewer).toHaveURL(/event=/);
  const drawer = reviewer.getByRole("dialog", { name: /^Event #\d+$/ });
  await expect(drawer.getByLabel("Metadata", { exact: true })).toContainText('"name": "reports:read"');
  const title = await drawer.getByRole("heading").first().textContent();

  // The link reopens the same view: same filters, same open event.
  const shared = await context.newPage();
  await shared.goto(reviewer.url());
  await expect(shared.getByRole("dialog", { name: title! })).toBeVisible();
  await expect(shared.getByRole("dialog").getByLabel("Metadata", { exact: true })).toContainText('"name": "reports:read"');
  await shared.keyboard.press("Escape");
  await expect(shared.getByRole("dialog")).toBeHidden();
  await expect(shared.getByRole("button", { name: "Filter by action" })).toHaveText("scope.created");
  await expect(shared.getByRole("combobox", { name: "Time range" })).toHaveText("Last 24 hours");
  await expect(shared.getByRole("table", { name: "Audit events" }).locator("tbody tr")).toHaveCount(2);
  await shared.close();

  // Export the filtered view as CSV.
  await reviewer.keyboard.press("Escape");
  await expect(drawer).toBeHidden();
  const [download] = await Promise.all([reviewer.waitForEvent("download"), reviewer.getByRole("button", { name: "Export CSV" }).click()]);
  const csv = readFileSync((await download.path())!, "utf8");
  const lines = csv.trim().split(/\r?\n/);
  expect(lines[0]).toMatch(/^seq,occurredAt,actorType/);
  expect(lines.filter((l) => l.includes("scope.created"))).toHaveLength(2);
  expect(csv).not.toContain("member.invited");

  // Verify: from the newest checkpoint the server signed by itself (every 5 s in this run), in the
  // background while the page polls; intact and anchored.
  await expect(async () => {
    await reviewer.getByRole("button", { name: "Verify integrity" }).click();
    const status = reviewer.getByRole("status").filter({ hasText: "Chain intact" });
    await expect(status).toContainText(/^Chain intact: \d+ events verified after checkpoint #\d+/, { timeout: 5_000 });
    await expect(status).toContainText(/Anchored through #\d+ by a checkpoint signed/, { timeout: 2_000 });
    await expect(status).toContainText(/vouched for by that checkpoint's signature; verify the whole chain/);
  }).toPass({ timeout: 30_000 });
  // The whole chain, on request.
  await reviewer.getByRole("button", { name: "Verify whole chain" }).click();
  await expect(reviewer.getByRole("status").filter({ hasText: "Chain intact" })).toContainText(/^Chain intact: \d+ events verifiedAnchored through/);

  // A before/after change shows as a diff of the changed keys only.
  await reviewer.goto(`/${slug}/audit?action=scope.updated`);
  await reviewer.getByRole("link", { name: /^Open event scope\.updated/ }).click();
  const changes = reviewer.getByRole("dialog").getByRole("table", { name: "Changes" });
  await expect(changes.getByRole("row")).toHaveCount(2);
  await expect(changes.getByRole("row", { name: /description/ })).toContainText("Read reports");
  await expect(changes.getByRole("row", { name: /description/ })).toContainText("Read all reports");
  await context.close();
});

test("an admin of another organisation gets 404 for the audit page and its export", async ({ page, browser }) => {
  const first = await freshOrg(page, "audit");
  const own = await exportAs(page.request, page.url(), first);
  expect(own.status()).toBe(200);

  const second = await freshOrg(page, "other");
  const link = await inviteByLink(page, second, "ADMIN");
  const { context, page: stranger } = await signUpThroughLink(browser, link, "ADMIN");
  const url = (path: string) => new URL(path, stranger.url()).toString();
  expect((await stranger.request.get(url(`/${second}/audit`))).status()).toBe(200);
  expect((await stranger.request.get(url(`/${first}/audit`))).status()).toBe(404);
  expect((await exportAs(stranger.request, stranger.url(), first)).status()).toBe(404);
  expect((await stranger.request.get(url(`/${first}/settings/audit`))).status()).toBe(404);
  await context.close();
});

test("an owner sets audit retention; a reviewer sees it and cannot change it", async ({ page, browser }) => {
  const slug = await freshOrg(page, "retain");
  await page.goto(`/${slug}/settings/audit`);
  const status = page.getByRole("definition").first();
  await expect(status).toHaveText("Keep every event");
  await page.getByRole("radio", { name: "Delete events older than a number of days" }).check();
  await page.getByLabel("Keep events for (days)").fill("400");
  page.once("dialog", (d) => void d.accept());
  await page.getByRole("button", { name: "Save retention" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();
  await expect(status).toHaveText("400 days");

  await page.goto(`/${slug}/audit?action=audit.retention_changed`);
  await page.getByRole("link", { name: /^Open event audit\.retention_changed/ }).click();
  const changes = page.getByRole("dialog").getByRole("table", { name: "Changes" });
  await expect(changes.getByRole("row", { name: /retentionDays/ })).toContainText("400");

  const link = await inviteByLink(page, slug, "REVIEWER");
  const { context, page: reviewer } = await signUpThroughLink(browser, link, "REVIEWER");
  await reviewer.goto(`/${slug}/settings/audit`);
  await expect(reviewer.getByRole("definition").first()).toHaveText("400 days");
  await expect(reviewer.getByText("Only owners change retention.")).toBeVisible();
  await expect(reviewer.getByRole("button", { name: "Save retention" })).toHaveCount(0);
  await context.close();
});

test("an export cannot be started from another origin: a link is refused with 405, a form from a sibling origin with 403", async ({ page, baseURL }) => {
  const slug = await freshOrg(page, "xsite");
  const exportUrl = `${baseURL}/${slug}/audit/export`;
  // Same site, other origin (another port of localhost): the browser sends the
  // session cookie with this page's requests, so only the route's own check stands.
  const sibling = `http://localhost:${Number(new URL(baseURL!).port) + 50}`;
  await page.route(`${sibling}/**`, (route) =>
    route.fulfill({
      contentType: "text/html",
      body: `<!doctype html><a href="${exportUrl}?format=csv">Download the trail</a>
        <form method="post" action="${exportUrl}"><input type="hidden" name="format" value="csv"><button>Export</button></form>`,
    }),
  );
  await page.goto(`${sibling}/`);
  const [viaLink] = await Promise.all([
    page.waitForResponse((r) => r.url().startsWith(exportUrl)),
    page.getByRole("link", { name: "Download the trail" }).click(),
  ]);
  expect(viaLink.request().method()).toBe("GET");
  expect(viaLink.status()).toBe(405);

  await page.goto(`${sibling}/`);
  const [viaForm] = await Promise.all([
    page.waitForResponse((r) => r.url().startsWith(exportUrl)),
    page.getByRole("button", { name: "Export" }).click(),
  ]);
  expect(viaForm.request().method()).toBe("POST");
  expect(viaForm.status()).toBe(403);
  await expect(await exportEvents(page, slug)).toHaveCount(0);

  // The console's own button still exports, and the export is audited.
  await page.goto(`/${slug}/audit`);
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Export JSON Lines" }).click()]);
  expect(download.suggestedFilename()).toMatch(/\.jsonl$/);
  await expect(await exportEvents(page, slug)).toHaveCount(1);
});
