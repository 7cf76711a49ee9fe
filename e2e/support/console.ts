import { expect, type APIRequestContext, type Browser, type Locator, type Page, type Request } from "@playwright/test";
import { uniqueName } from "./accounts";

/** An organisation of the signed-in user's own, so parallel journeys do not collide. */
export async function freshOrg(page: Page, prefix = "sa") {
  const slug = uniqueName(prefix);
  await page.goto("/orgs/new");
  await page.getByLabel("Name", { exact: true }).fill(slug);
  await page.getByLabel("URL slug").fill(slug);
  await page.getByRole("button", { name: "Create organisation" }).click();
  await expect(page).toHaveURL(new RegExp(`/${slug}$`));
  return slug;
}

export async function createScopeViaUi(page: Page, slug: string, name: string, { highRisk = false, description = "" } = {}) {
  await page.goto(`/${slug}/scopes`);
  await page.getByRole("button", { name: "Create scope" }).click();
  const dialog = page.getByRole("dialog", { name: "Create a scope" });
  await dialog.getByLabel("Scope name").fill(name);
  if (description) await dialog.getByLabel("Description (optional)").fill(description);
  if (highRisk) await dialog.getByLabel(/^High risk/).check();
  await dialog.getByRole("button", { name: "Create", exact: true }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId(`scope-${name}`)).toBeVisible();
}

/** Picks scopes in the scope picker; high-risk ones are found by their accessible "(high risk)" label. */
export async function pickScopes(page: Page, scopes: { name: string; highRisk?: boolean }[]) {
  await page.getByRole("button", { name: "Choose scopes" }).click();
  for (const s of scopes) {
    await page.getByRole("checkbox", { name: s.highRisk ? `${s.name} (high risk)` : s.name, exact: true }).check();
  }
  await page.keyboard.press("Escape");
}

export async function addAudiences(page: Page, audiences: string[]) {
  const input = page.getByLabel("Audiences", { exact: true });
  for (const a of audiences) {
    await input.fill(a);
    await input.press("Enter");
  }
}

/** Reads the values of a show-once dialog, then ticks "stored" and closes it. */
export async function readAndCloseSecretDialog(dialog: Locator, fields: string[], storedLabel = "I have stored the secret") {
  const values: Record<string, string> = {};
  for (const f of fields) values[f] = await dialog.getByLabel(f, { exact: true }).inputValue();
  await dialog.getByLabel(storedLabel).check();
  await dialog.getByRole("button", { name: "Done" }).click();
  await expect(dialog).toBeHidden();
  return values;
}

/** Creates an account through the console form; returns its client id and the secret shown once. */
export async function createAccountViaUi(
  page: Page,
  slug: string,
  { name = uniqueName("svc"), scopes = [] as { name: string; highRisk?: boolean }[], audiences = ["https://api.example.com"] } = {},
) {
  await page.goto(`/${slug}/service-accounts/new`);
  await page.getByLabel("Name", { exact: true }).fill(name);
  if (scopes.length) await pickScopes(page, scopes);
  if (scopes.some((s) => s.highRisk)) await page.getByLabel("I confirm this account needs the high-risk access above").check();
  await addAudiences(page, audiences);
  await page.getByRole("button", { name: "Create service account" }).click();
  const dialog = page.getByRole("dialog", { name: `${name} is ready` });
  const values = await readAndCloseSecretDialog(dialog, ["Client ID", "Client secret"]);
  await expect(page).toHaveURL(new RegExp(`/${slug}/service-accounts/${values["Client ID"]}$`));
  return { name, clientId: values["Client ID"]!, secret: values["Client secret"]! };
}

export async function inviteByLink(page: Page, slug: string, role: "REVIEWER" | "ADMIN" | "OWNER") {
  await page.goto(`/${slug}/settings/members`);
  await page.getByRole("button", { name: "Invite member" }).click();
  const dialog = page.getByRole("dialog", { name: "Invite a member" });
  if (role !== "REVIEWER") {
    await dialog.getByLabel("Role", { exact: true }).click();
    await page.getByRole("option", { name: new RegExp(`^${role}`) }).click();
  }
  await dialog.getByRole("button", { name: "Create link" }).click();
  const link = await dialog.getByLabel("Invitation link (shown once)").inputValue();
  await dialog.getByRole("button", { name: "Done" }).click();
  return link;
}

/** A brand-new person accepts an invitation in a fresh browser context (no owner cookies). */
export async function signUpThroughLink(browser: Browser, link: string, role: string) {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  const email = `${uniqueName(role.toLowerCase())}@e2e.example.test`;
  await page.goto(new URL(link).pathname);
  await expect(page.getByText(`You are invited as ${role}`)).toBeVisible();
  await page.getByLabel("Your name").fill(`E2E ${role}`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("e2e password 12345");
  await page.getByRole("button", { name: "Create account and join" }).click();
  await expect(page.getByTestId("current-role")).toHaveText(role);
  return { context, page, email };
}

/** Replays a captured Server Action call with someone else's cookies; returns the response body. */
export async function replayServerAction(request: APIRequestContext, captured: Request) {
  const response = await request.post(captured.url(), {
    headers: {
      "next-action": captured.headers()["next-action"]!,
      "content-type": captured.headers()["content-type"]!,
      accept: "text/x-component",
    },
    data: captured.postDataBuffer()!,
  });
  return response.text();
}

export const isServerActionCall = (r: Request) => r.method() === "POST" && Boolean(r.headers()["next-action"]);
