import { expect, test, type Browser, type Page } from "@playwright/test";
import { OWNER_STATE, uniqueName } from "./support/accounts";

test.use({ storageState: OWNER_STATE });

/** An organisation of the owner's own, so parallel journeys do not collide. */
async function freshOrg(page: Page) {
  const slug = uniqueName("team");
  await page.goto("/orgs/new");
  await page.getByLabel("Name", { exact: true }).fill(slug);
  await page.getByLabel("URL slug").fill(slug);
  await page.getByRole("button", { name: "Create organisation" }).click();
  await expect(page).toHaveURL(new RegExp(`/${slug}$`));
  return slug;
}

async function invite(page: Page, slug: string, role: "REVIEWER" | "ADMIN") {
  await page.goto(`/${slug}/settings/members`);
  await page.getByRole("button", { name: "Invite member" }).click();
  if (role !== "REVIEWER") {
    await page.getByLabel("Role").click();
    await page.getByRole("option", { name: new RegExp(`^${role}`) }).click();
  }
  const [request] = await Promise.all([
    page.waitForRequest((r) => r.method() === "POST" && Boolean(r.headers()["next-action"])),
    page.getByRole("button", { name: "Create link" }).click(),
  ]);
  const link = await page.getByLabel("Invitation link (shown once)").inputValue();
  await page.getByRole("button", { name: "Done" }).click();
  return { link, request };
}

async function signUpThroughLink(browser: Browser, link: string) {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  const email = `${uniqueName("reviewer")}@e2e.example.test`;
  await page.goto(new URL(link).pathname);
  await expect(page.getByText(/You are invited as REVIEWER/)).toBeVisible();
  await page.getByLabel("Your name").fill("Rita Reviewer");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("reviewer password 1");
  await page.getByRole("button", { name: "Create account and join" }).click();
  return { context, page, email };
}

test("invite a REVIEWER by link: read-only console, forged mutation refused, removal takes effect", async ({ page, browser }) => {
  const slug = await freshOrg(page);
  const { link, request: ownerInviteRequest } = await invite(page, slug, "REVIEWER");
  expect(link).toMatch(/\/invite\/[A-Za-z0-9_-]{43}$/);

  const reviewer = await signUpThroughLink(browser, link);
  await expect(reviewer.page).toHaveURL(new RegExp(`/${slug}$`));
  await expect(reviewer.page.getByTestId("current-role")).toHaveText("REVIEWER");

  // Read-only: the members page shows no mutation control.
  await reviewer.page.goto(`/${slug}/settings/members`);
  await expect(reviewer.page.getByRole("table", { name: "Members" })).toBeVisible();
  await expect(reviewer.page.getByRole("button", { name: "Invite member" })).toHaveCount(0);
  await expect(reviewer.page.getByRole("button", { name: /^Remove / })).toHaveCount(0);
  await expect(reviewer.page.getByRole("combobox")).toHaveCount(0);

  // The link is spent.
  const again = await browser.newPage();
  await again.goto(new URL(link).pathname);
  await expect(again.getByText("This invitation has already been used.")).toBeVisible();
  await again.close();

  // Forged: the reviewer replays the owner's "create invitation" Server Action call.
  const forged = await reviewer.context.request.post(ownerInviteRequest.url(), {
    headers: {
      "next-action": ownerInviteRequest.headers()["next-action"]!,
      "content-type": ownerInviteRequest.headers()["content-type"]!,
      accept: "text/x-component",
    },
    data: ownerInviteRequest.postDataBuffer()!,
  });
  const body = await forged.text();
  expect(body).toContain("Your role does not allow this");
  expect(body).not.toMatch(/\/invite\/[A-Za-z0-9_-]{43}/);
  await page.goto(`/${slug}/settings/members`);
  await expect(page.getByRole("list", { name: "Open invitations" })).toHaveCount(0); // none open: nothing was created

  // The owner removes the reviewer; the reviewer's very next request fails.
  await page.getByRole("button", { name: `Remove ${reviewer.email}` }).click();
  await page.getByRole("button", { name: "Remove member" }).click();
  await expect(page.getByTestId(`member-${reviewer.email}`)).toHaveCount(0);
  const next = await reviewer.page.goto(`/${slug}/settings/members`);
  expect(next?.status()).toBe(404);
  await reviewer.context.close();
});

test("an owner changes a member's role", async ({ page, browser }) => {
  const slug = await freshOrg(page);
  const { link } = await invite(page, slug, "REVIEWER");
  const member = await signUpThroughLink(browser, link);
  await expect(member.page).toHaveURL(new RegExp(`/${slug}$`));

  await page.goto(`/${slug}/settings/members`);
  await page.getByRole("combobox", { name: `Role of ${member.email}` }).click();
  await page.getByRole("option", { name: "ADMIN" }).click();
  await expect(page.getByText(`${member.email} is now ADMIN`)).toBeVisible();

  await member.page.reload();
  await expect(member.page.getByTestId("current-role")).toHaveText("ADMIN");
  await member.context.close();
});
