import { expect, test, type BrowserContext, type Page } from "@playwright/test";
import { OWNER_STATE } from "./support/accounts";
import { api, BASE, cli, createAccount, tokenFor, type Account } from "./support/api-client";
import { createAccountViaUi, createScopeViaUi, freshOrg, inviteByLink, isServerActionCall, pickScopes, replayServerAction, signUpThroughLink } from "./support/console";

// Four-eyes approval in the browser: two ADMINs of one organisation, the
// OWNER who turns approval on, and the audit trail read through the API.
test.describe.configure({ mode: "serial" });
test.use({ storageState: OWNER_STATE });

const BILLING = "https://billing.example.com";
let slug: string;
let account: Account;
let auditToken: string;
let owner: { context: BrowserContext; page: Page };
let requester: { context: BrowserContext; page: Page; email: string };
let approver: { context: BrowserContext; page: Page; email: string };

/** The token endpoint's answer for one scope of the account (status and error code). */
async function tokenFor1(scope: string) {
  const response = await fetch(`${BASE}/oauth/token`, {
    method: "POST",
    headers: { Authorization: `Basic ${Buffer.from(`${account.clientId}:${account.clientSecret}`).toString("base64")}`, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ grant_type: "client_credentials", scope, audience: BILLING }),
  });
  return { status: response.status, body: (await response.json()) as { error?: string; scope?: string } };
}

/** The organisation's audit events about one change request, oldest first. */
async function eventsOf(changeRequestId: string) {
  const page = await api<{ items: { action: string; id: string; seq: number; actorLabel: string; metadata: Record<string, unknown> }[] }>(auditToken, "GET", "/audit-events?limit=100");
  return page.body.items.filter((e) => e.metadata?.changeRequestId === changeRequestId).reverse();
}

/** As `who`: open the account, edit its scopes to add a high-risk one (optionally time-boxed), save; lands on the request. */
async function requestBillingWrite(who: Page, grantFor?: string, scope = "billing:write") {
  await who.goto(`/${slug}/service-accounts/${account.clientId}`);
  await who.getByRole("button", { name: "Edit" }).click();
  await expect(who.getByRole("dialog", { name: "Edit billing-job" })).toBeVisible();
  const dialog = who.getByRole("dialog"); // its title becomes "Review changes" on the second step
  await pickScopes(who, [{ name: scope, highRisk: true }]);
  await expect(dialog.getByTestId("approval-note")).toContainText("this whole change waits");
  await dialog.getByLabel("I confirm this account needs the high-risk access above").check();
  if (grantFor) await dialog.getByLabel("Time-box new scopes (optional)").fill(grantFor);
  await dialog.getByRole("button", { name: "Review changes" }).click();
  await expect(dialog.getByRole("list", { name: "Changes to save" })).toContainText(scope);
  await dialog.getByRole("button", { name: "Save changes" }).click();
  await expect(who).toHaveURL(new RegExp(`/${slug}/requests/cr_\\w+$`));
  return who.url().split("/").at(-1)!;
}

test.beforeAll(async ({ browser }) => {
  test.setTimeout(120_000);
  const context = await browser.newContext({ storageState: OWNER_STATE });
  owner = { context, page: await context.newPage() };
  slug = await freshOrg(owner.page, "appr");
  await cli(["scopes", "create", "billing:read", "--org", slug]);
  await cli(["scopes", "create", "billing:write", "--org", slug, "--high-risk"]);
  await cli(["scopes", "create", "billing:admin", "--org", slug, "--high-risk"]);
  account = await createAccount(slug, "billing-job", ["billing:read"], [BILLING]);
  // Before approval is on: giving a machine tessera:audit:read would wait for approval afterwards.
  auditToken = await tokenFor(await createAccount(slug, "auditor", ["tessera:audit:read"]));
  requester = await signUpThroughLink(browser, await inviteByLink(owner.page, slug, "ADMIN"), "ADMIN");
  approver = await signUpThroughLink(browser, await inviteByLink(owner.page, slug, "ADMIN"), "ADMIN");
});

test("while approval is off, insights say so and link to the setting, where an OWNER turns it on", async () => {
  const { page } = owner;
  await page.goto(`/${slug}/insights`);
  const finding = page.getByTestId("finding-approval_off");
  await expect(finding).toContainText("High-risk grants need no approval");
  await finding.getByRole("link", { name: "Turn on four-eyes approval" }).click();
  await expect(page).toHaveURL(new RegExp(`/${slug}/settings/governance$`));
  await expect(page.getByTestId("approval-state")).toHaveText("off");
  await page.getByRole("button", { name: "Turn on four-eyes approval" }).click();
  await expect(page.getByTestId("approval-state")).toHaveText("on");
  await page.goto(`/${slug}/insights`);
  await expect(page.getByTestId("finding-approval_off")).toHaveCount(0);
});

test("an ADMIN's grant of billing:write waits; the requester cannot approve it; a second ADMIN approves and it applies, one audit event per step", async () => {
  const id = await requestBillingWrite(requester.page);
  const mine = requester.page;
  await expect(mine.getByTestId("request-status")).toHaveText("pending");
  await expect(mine.getByText("Waiting for approval")).toBeVisible();
  await expect(mine.getByRole("button", { name: "Approve and apply" })).toHaveCount(0);
  await expect(mine.getByRole("button", { name: "Withdraw request" })).toBeVisible();

  // It does not apply: not on the account's page, not in a token.
  await mine.goto(`/${slug}/service-accounts/${account.clientId}`);
  await expect(mine.getByTestId("pending-requests")).toContainText("1 change waiting for approval");
  await expect(mine.getByRole("list", { name: "Scopes" })).not.toContainText("billing:write");
  expect(await tokenFor1("billing:write")).toMatchObject({ status: 400, body: { error: "invalid_scope" } });

  // The second ADMIN finds it, sees the diff, and approves.
  const other = approver.page;
  await other.goto(`/${slug}/requests`);
  await other.getByRole("link", { name: "Change billing-job, granting billing:write" }).click();
  await expect(other.getByRole("list", { name: "Requested changes" })).toContainText("billing:write");
  const [approveCall] = await Promise.all([other.waitForRequest(isServerActionCall), other.getByRole("button", { name: "Approve and apply" }).click()]);
  await expect(other.getByTestId("request-status")).toHaveText("approved");

  await mine.goto(`/${slug}/service-accounts/${account.clientId}`);
  await expect(mine.getByRole("list", { name: "Scopes" })).toContainText("billing:write");
  expect(await tokenFor1("billing:write")).toMatchObject({ status: 200, body: { scope: "billing:write" } });

  const events = await eventsOf(id);
  expect(events.map((e) => [e.action, e.actorLabel])).toEqual([
    ["change_request.requested", requester.email],
    ["change_request.approved", approver.email],
    ["change_request.applied", approver.email],
  ]);
  expect(events[1]!.metadata).toMatchObject({ requestedEventId: events[0]!.id, requestedSeq: events[0]!.seq });
  expect(events[2]!.metadata).toMatchObject({ approvedEventId: events[1]!.id, after: { scopes: ["billing:read", "billing:write"] } });

  // Forged: the requester replays the approver's call; the server refuses the requester whatever the state.
  const asRequester = await replayServerAction(requester.context.request, approveCall);
  expect(asRequester).toContain("You requested this change, so someone else must approve it");
  expect(await eventsOf(id)).toHaveLength(3);
});

test("another organisation's OWNER gets 404 for the request's pages and a replayed decision", async ({ browser }) => {
  const [request] = (await cli(["requests", "list", "--org", slug, "--status", "all"])) as { id: string }[];
  const otherSlug = await freshOrg(owner.page, "appr-other");
  const outsider = await signUpThroughLink(browser, await inviteByLink(owner.page, otherSlug, "OWNER"), "OWNER");
  expect((await outsider.page.goto(`/${slug}/requests/${request!.id}`))?.status()).toBe(404);
  expect((await outsider.page.goto(`/${otherSlug}/requests/${request!.id}`))?.status()).toBe(404);
  expect((await outsider.page.goto(`/${slug}/requests`))?.status()).toBe(404);
  expect((await outsider.page.goto(`/${slug}/settings/governance`))?.status()).toBe(404);

  // Their forged approval (an approver's call replayed with their cookies) names another organisation: 404.
  const other = approver.page;
  const pendingId = await requestBillingWrite(requester.page, undefined, "billing:admin");
  await other.goto(`/${slug}/requests/${pendingId}`);
  const [rejectCall] = await Promise.all([other.waitForRequest(isServerActionCall), other.getByRole("button", { name: "Reject" }).click()]);
  await expect(other.getByTestId("request-status")).toHaveText("rejected");
  expect(await replayServerAction(outsider.context.request, rejectCall)).toContain("Not found");
  await outsider.context.close();
});

test("a time-boxed grant disappears on schedule, and its removal is recorded", async () => {
  test.setTimeout(90_000);
  // Start from billing:read only again (removing a scope never waits).
  await cli(["service-accounts", "update", account.clientId, "--scope", "billing:read"]);
  const id = await requestBillingWrite(requester.page, "12s");
  await approver.page.goto(`/${slug}/requests/${id}`);
  await expect(approver.page.getByLabel("Request details")).toContainText("12 s from approval");
  await approver.page.getByRole("button", { name: "Approve and apply" }).click();
  await expect(approver.page.getByTestId("request-status")).toHaveText("approved");

  const page = requester.page;
  await page.goto(`/${slug}/service-accounts/${account.clientId}`);
  await expect(page.getByTestId("grant-end-billing:write")).toContainText("until");
  expect((await tokenFor1("billing:write")).status).toBe(200);

  // 12 s after approval the grant ends; the server's maintenance (every 5 s) then removes it.
  await expect(async () => {
    await page.reload();
    await expect(page.getByRole("list", { name: "Scopes" })).not.toContainText("billing:write", { timeout: 1000 });
  }).toPass({ intervals: [2000], timeout: 45_000 });
  expect(await tokenFor1("billing:write")).toMatchObject({ status: 400, body: { error: "invalid_scope" } });
  const removal = await api<{ items: { action: string; actorType: string; targetId: string; metadata: Record<string, unknown> }[] }>(auditToken, "GET", "/audit-events?limit=20");
  expect(removal.body.items.find((e) => e.action === "service_account.grant_expired" && e.targetId === account.clientId)).toMatchObject({
    actorType: "system",
    metadata: { scopes: ["billing:write"], after: { scopes: ["billing:read"] } },
  });
});

test("an organisation with a single admin is told nobody else can approve, and how to invite a second approver", async ({ page }) => {
  const solo = await freshOrg(page, "solo");
  await page.goto(`/${solo}/settings/governance`);
  await page.getByRole("button", { name: "Turn on four-eyes approval" }).click();
  await expect(page.getByTestId("no-approver")).toContainText("No one else can approve");
  await createScopeViaUi(page, solo, "data:purge", { highRisk: true });
  // The create still shows the secret once; the high-risk scope waits.
  const created = await createAccountViaUi(page, solo, { name: "purger", scopes: [{ name: "data:purge", highRisk: true }] });
  await expect(page.getByRole("list", { name: "Scopes" })).toHaveCount(0); // created with no other scope
  await page.getByTestId("pending-requests").getByRole("link", { name: "Grant data:purge to purger" }).click();
  const notice = page.getByTestId("no-approver");
  await expect(notice).toContainText("No one else can approve this");
  await notice.getByRole("link", { name: "Invite a second ADMIN or OWNER" }).click();
  await expect(page).toHaveURL(new RegExp(`/${solo}/settings/members$`));
  expect(created.secret).toMatch(/^tss_/);
});
