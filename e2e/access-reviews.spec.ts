import { expect, test } from "@playwright/test";
import { OWNER, OWNER_STATE, uniqueName } from "./support/accounts";
import { e2eCliAsync } from "./support/prepare";
import { BASE } from "./support/api-client";
import { freshOrg, inviteByLink, isServerActionCall, replayServerAction, signUpThroughLink } from "./support/console";

test.use({ storageState: OWNER_STATE });

const tokenRequest = (clientId: string, secret: string, scope: string) =>
  fetch(`${BASE}/oauth/token`, {
    method: "POST",
    headers: { authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString("base64")}`, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ grant_type: "client_credentials", scope }),
  });

test("a review campaign removes an unused scope; the account's next token request for it is invalid_scope", async ({ page }) => {
  const slug = uniqueName("rev");
  await e2eCliAsync(["orgs", "create", "--slug", slug, "--name", "Review journey", "--owner-email", OWNER.email]);
  await e2eCliAsync(["scopes", "create", "reports:read", "--org", slug]);
  await e2eCliAsync(["scopes", "create", "reports:export", "--org", slug]);
  const account = (await e2eCliAsync([
    "service-accounts", "create", "--org", slug, "--name", "reporting", "--scope", "reports:read reports:export", "--audience", "https://reports.example.com",
  ])) as { clientId: string; clientSecret: string };
  // reports:read is used; reports:export never is.
  expect((await tokenRequest(account.clientId, account.clientSecret, "reports:read")).status).toBe(200);

  // The owner names who answers for the account.
  await page.goto(`/${slug}/service-accounts/${account.clientId}`);
  await page.getByLabel("Owner").selectOption(OWNER.email);
  await page.getByRole("button", { name: "Save owner" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();

  await page.goto(`/${slug}/reviews`);
  await page.getByRole("button", { name: "Start a review" }).click();
  await expect(page).toHaveURL(new RegExp(`/${slug}/reviews/[^/]+$`));
  const card = page.getByTestId(`review-account-${account.clientId}`);
  await expect(card).toContainText(`Owner: ${OWNER.email}`);
  await expect(card).toContainText("secret ••••");
  await expect(card.getByTestId(`grant-${account.clientId}-reports:export`)).toContainText("never");
  await expect(card.getByTestId(`grant-${account.clientId}-reports:read`)).not.toContainText("never");

  await card.getByRole("group", { name: "Decision for reporting reports:export" }).getByRole("button", { name: "Remove" }).click();
  await expect(card.getByRole("group", { name: "Decision for reporting reports:export" }).getByRole("button", { name: "Remove" })).toHaveAttribute("aria-pressed", "true");
  await card.getByRole("group", { name: "Decision for reporting reports:read" }).getByRole("button", { name: "Keep" }).click();
  await expect(card.getByRole("group", { name: "Decision for reporting reports:read" }).getByRole("button", { name: "Keep" })).toHaveAttribute("aria-pressed", "true");

  await page.getByRole("button", { name: "Close review" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Close and apply" }).click();
  await expect(page.getByTestId("review-status")).toHaveText("closed");
  await expect(card.getByTestId(`grant-${account.clientId}-reports:export`)).toContainText("remove → removed");

  const refused = await tokenRequest(account.clientId, account.clientSecret, "reports:export");
  expect(refused.status).toBe(400);
  expect(await refused.json()).toMatchObject({ error: "invalid_scope" });
  expect((await tokenRequest(account.clientId, account.clientSecret, "reports:read")).status).toBe(200);

  // The closed campaign downloads as CSV evidence.
  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Export CSV" }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^tessera-access-review-\d{4}-\d{2}-\d{2}-.+\.csv$/);
  const csv = await (await file.createReadStream()).toArray();
  const text = Buffer.concat(csv).toString("utf8");
  expect(text).toContain(`${account.clientId},reporting,ACTIVE,${OWNER.email},reports:export,false,`);
  expect(text).toMatch(/reports:export,false,[^\r\n]*,remove,owner@e2e\.example\.test,[^,]+,removed,/);

  // Both steps are in the trail.
  const closed = (await e2eCliAsync(["audit", "list", "--org", slug, "--action", "access_review.closed"])) as { events: unknown[] };
  expect(closed.events).toHaveLength(1);
  const decided = (await e2eCliAsync(["audit", "list", "--org", slug, "--action", "access_review.decided"])) as { events: unknown[] };
  expect(decided.events).toHaveLength(2);
});

test("the review export refuses a request from another origin", async ({ page }) => {
  await page.goto("/");
  const response = await page.request.post(`/default/reviews/nope/export`, { headers: { origin: "http://evil.example" }, form: {} });
  expect(response.status()).toBe(403);
});

test("another organisation's owner reaches no review: pages, the export and a replayed decision answer 404", async ({ page, browser }) => {
  const slug = uniqueName("reviso");
  await e2eCliAsync(["orgs", "create", "--slug", slug, "--name", "Isolated review", "--owner-email", OWNER.email]);
  await e2eCliAsync(["scopes", "create", "files:read", "--org", slug]);
  const account = (await e2eCliAsync(["service-accounts", "create", "--org", slug, "--name", "sync", "--scope", "files:read", "--audience", "https://files.example.com"])) as { clientId: string };
  const review = (await e2eCliAsync(["reviews", "start", "--org", slug])) as { id: string };

  // The owner's decision, captured as it goes out.
  await page.goto(`/${slug}/reviews/${review.id}`);
  const group = page.getByRole("group", { name: "Decision for sync files:read" });
  const [decideCall] = await Promise.all([page.waitForRequest(isServerActionCall), group.getByRole("button", { name: "Keep" }).click()]);
  await expect(group.getByRole("button", { name: "Keep" })).toHaveAttribute("aria-pressed", "true");

  const otherSlug = await freshOrg(page, "revother");
  const outsider = await signUpThroughLink(browser, await inviteByLink(page, otherSlug, "OWNER"), "OWNER");
  expect((await outsider.page.goto(`/${slug}/reviews`))?.status()).toBe(404);
  expect((await outsider.page.goto(`/${slug}/reviews/${review.id}`))?.status()).toBe(404);
  expect((await outsider.page.goto(`/${otherSlug}/reviews/${review.id}`))?.status()).toBe(404);
  await expect(outsider.page.getByText(account.clientId)).toHaveCount(0);
  const exported = await outsider.page.request.post(`/${otherSlug}/reviews/${review.id}/export`, { headers: { origin: BASE }, form: {} });
  expect(exported.status()).toBe(404);
  expect(await replayServerAction(outsider.context.request, decideCall)).toContain("Not found");
  expect((await outsider.page.goto(`/${slug}/settings/webhooks`))?.status()).toBe(404);

  // The decision stayed the owner's.
  const shown = (await e2eCliAsync(["reviews", "show", review.id, "--org", slug])) as { accounts: { grants: { decision: string; decidedBy: string }[] }[] };
  expect(shown.accounts[0]!.grants[0]).toMatchObject({ decision: "keep", decidedBy: OWNER.email });
  await outsider.context.close();
});
