import { expect, test, type Page } from "@playwright/test";
import { FIRST_ORG, OWNER, OWNER_STATE, expectSignedInAt, loginAtProvider, signIn, signInAgain, uniqueName } from "./support/accounts";
import { addAudiences, createAccountViaUi, freshOrg, isServerActionCall, readAndCloseSecretDialog, replayServerAction } from "./support/console";
import { setSessionAuthenticatedAt } from "./support/database";

const ANY_SECRET = /tss_[0-9A-Za-z]{42}/;
const SIXTEEN_MINUTES_AGO = () => new Date(Date.now() - 16 * 60_000);

/**
 * The answer of the next Server Action call the page makes, its body taken
 * as it passes (Chromium forgets a body once the page moves on, so reading
 * it afterwards from the response event races the page).
 */
async function nextActionAnswer(page: Page): Promise<{ headers: () => Record<string, string>; text: () => Promise<string> }> {
  return new Promise((resolve, reject) => {
    const capture = async (route: import("@playwright/test").Route) => {
      if (!isServerActionCall(route.request())) return route.fallback();
      try {
        const response = await route.fetch();
        const body = await response.text();
        await route.fulfill({ response, body });
        await page.unroute("**/*", capture);
        resolve({ headers: () => response.headers(), text: async () => body });
      } catch (e) {
        reject(e);
      }
    };
    void page.route("**/*", capture);
  });
}

test.describe("a revealed secret", () => {
  test.use({ storageState: OWNER_STATE });

  test("is answered no-store, and back and forward never show it again", async ({ page }) => {
    page.on("dialog", (d) => void d.accept()); // the show-once dialog's "leave this page?" guard
    await signInAgain(page); // rotation needs a recent sign-in
    const slug = await freshOrg(page, "reveal");
    const name = uniqueName("reveal");
    await page.goto(`/${slug}/service-accounts`);
    await page.getByRole("link", { name: "Create service account" }).click();
    await page.getByLabel("Name", { exact: true }).fill(name);
    await addAudiences(page, ["https://reveal.example.com"]);
    const [created] = await Promise.all([nextActionAnswer(page), page.getByRole("button", { name: "Create service account" }).click()]);
    const createdText = await created.text();
    const dialog = page.getByRole("dialog", { name: `${name} is ready` });
    const secret = await dialog.getByLabel("Client secret", { exact: true }).inputValue();
    expect(secret).toMatch(ANY_SECRET);
    // The one answer that carries it may be stored by no cache, the browser's or a proxy's.
    expect(createdText).toContain(secret);
    expect(created.headers()["cache-control"]).toContain("no-store");

    // Back while the dialog is still open, then forward: the form comes back empty-handed.
    await page.goBack();
    await expect(page).toHaveURL(new RegExp(`/${slug}/service-accounts$`));
    await page.goForward();
    await expect(page).toHaveURL(new RegExp(`/${slug}/service-accounts/new$`));
    await expect(page.getByLabel("Name", { exact: true })).toBeVisible();
    await expect(page.getByRole("dialog")).toHaveCount(0);
    expect(await page.content()).not.toContain(secret);

    // Rotation on the account page: the same, after the dialog was closed.
    const account = await createAccountViaUi(page, slug);
    await page.getByRole("button", { name: "Rotate secret" }).click();
    const [rotated] = await Promise.all([nextActionAnswer(page), page.getByRole("dialog", { name: "Rotate the client secret" }).getByRole("button", { name: "Rotate secret" }).click()]);
    const rotatedText = await rotated.text();
    const secret2 = (await readAndCloseSecretDialog(page.getByRole("dialog", { name: "New client secret" }), ["Client secret"]))["Client secret"]!;
    expect(rotated.headers()["cache-control"]).toContain("no-store");
    expect(rotatedText).toContain(secret2);
    await page.getByRole("link", { name: "Service accounts" }).first().click();
    await expect(page).toHaveURL(new RegExp(`/${slug}/service-accounts$`));
    await page.goBack();
    await expect(page).toHaveURL(new RegExp(`/${slug}/service-accounts/${account.clientId}$`));
    await expect(page.getByRole("heading", { name: account.name })).toBeVisible();
    await expect(page.getByRole("dialog")).toHaveCount(0);
    for (const s of [secret, account.secret, secret2]) expect(await page.content()).not.toContain(s);
    await page.goBack();
    await page.goForward();
    await expect(page.getByRole("heading", { name: account.name })).toBeVisible();
    for (const s of [secret, account.secret, secret2]) expect(await page.content()).not.toContain(s);
  });
});

test("rotating a secret or deleting an account asks for the password again when the sign-in is older than 15 minutes", async ({ browser }) => {
  test.setTimeout(120_000);
  // A session of its own: its clock is moved below, and the shared owner session must not be.
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await signIn(page, OWNER.email, OWNER.password);
  await expectSignedInAt(page, FIRST_ORG);
  const cookie = (await context.cookies()).find((c) => c.name === "tessera.session")!.value;
  const slug = await freshOrg(page, "reauth");
  const account = await createAccountViaUi(page, slug);
  const secrets = page.getByRole("table", { name: "Client secrets" });

  setSessionAuthenticatedAt(cookie, SIXTEEN_MINUTES_AGO());
  await page.getByRole("button", { name: "Rotate secret" }).click();
  const rotate = page.getByRole("dialog", { name: "Rotate the client secret" });
  const [call] = await Promise.all([page.waitForRequest(isServerActionCall), rotate.getByRole("button", { name: "Rotate secret" }).click()]);
  const prompt = rotate.getByRole("form", { name: "Confirm it is you" });
  await expect(prompt).toContainText("more than 15 minutes old");
  await expect(page.getByRole("dialog", { name: "New client secret" })).toHaveCount(0);
  // The refusal is the server's: the same call, replayed, issues nothing.
  const replayed = await replayServerAction(context.request, call);
  expect(replayed).toContain('"reauthenticate":"password"');
  expect(replayed).not.toMatch(ANY_SECRET);

  await prompt.getByLabel("Your password").fill("not the password");
  await prompt.getByRole("button", { name: "Confirm" }).click();
  await expect(prompt).toContainText("Wrong password.");
  await prompt.getByLabel("Your password").fill(OWNER.password);
  await prompt.getByRole("button", { name: "Confirm" }).click();
  // Confirmed: the rotation goes on by itself and shows the new secret once.
  const rotated = await readAndCloseSecretDialog(page.getByRole("dialog", { name: "New client secret" }), ["Client secret"]);
  expect(rotated["Client secret"]).toMatch(ANY_SECRET);
  await expect(secrets.getByText("active", { exact: true })).toHaveCount(2);

  setSessionAuthenticatedAt(cookie, SIXTEEN_MINUTES_AGO());
  await page.getByRole("button", { name: "Delete", exact: true }).click();
  const confirm = page.getByRole("alertdialog");
  await confirm.getByLabel(/^Type .* to confirm$/).fill(account.name);
  await confirm.getByRole("button", { name: "Delete service account" }).click();
  const deletePrompt = confirm.getByRole("form", { name: "Confirm it is you" });
  await expect(deletePrompt).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`/${slug}/service-accounts/${account.clientId}$`)); // not deleted yet
  await deletePrompt.getByLabel("Your password").fill(OWNER.password);
  await deletePrompt.getByRole("button", { name: "Confirm" }).click();
  await expect(page).toHaveURL(new RegExp(`/${slug}/service-accounts$`));
  expect((await page.goto(`/${slug}/service-accounts/${account.clientId}`))?.status()).toBe(404);
  await context.close();
});


test("an account that signs in with SSO confirms through the provider, which must ask again", async ({ browser }) => {
  test.setTimeout(120_000);
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  const login = uniqueName("ssoreauth").replace("-", "");
  await page.goto("/sign-in");
  await page.getByRole("button", { name: "Continue with Test SSO" }).click();
  await loginAtProvider(page, login);
  await expect(page).toHaveURL(/\/orgs\/new$/); // a new person without a password or an organisation
  const slug = await freshOrg(page, "ssoreauth");
  const account = await createAccountViaUi(page, slug);
  const cookie = (await context.cookies()).find((c) => c.name === "tessera.session")!.value;

  setSessionAuthenticatedAt(cookie, SIXTEEN_MINUTES_AGO());
  await page.getByRole("button", { name: "Rotate secret" }).click();
  const rotate = page.getByRole("dialog", { name: "Rotate the client secret" });
  const [call] = await Promise.all([page.waitForRequest(isServerActionCall), rotate.getByRole("button", { name: "Rotate secret" }).click()]);
  const prompt = rotate.getByRole("form", { name: "Confirm it is you" });
  await expect(prompt).toContainText("more than 15 minutes old");
  await expect(prompt.getByLabel("Your password")).toHaveCount(0); // there is no password to ask for
  // The server says how: through SSO, and issues nothing.
  const replayed = await replayServerAction(context.request, call);
  expect(replayed).toContain('"reauthenticate":"sso"');
  expect(replayed).not.toMatch(ANY_SECRET);
  await prompt.getByRole("button", { name: "Continue with SSO" }).click();
  // The provider shows its login form again (prompt=login), although its own session is alive.
  await expect(page.locator('input[name="login"]')).toBeVisible();
  await loginAtProvider(page, login);
  await expect(page).toHaveURL(new RegExp(`/${slug}/service-accounts/${account.clientId}$`));
  // A new session replaced the old one, which no longer works.
  expect((await context.cookies()).find((c) => c.name === "tessera.session")!.value).not.toBe(cookie);
  const old = await fetch(new URL(`/${slug}`, page.url()), { headers: { Cookie: `tessera.session=${cookie}` }, redirect: "manual" });
  expect(old.headers.get("location") ?? "").toContain("/sign-in");
  await page.getByRole("button", { name: "Rotate secret" }).click();
  await page.getByRole("dialog", { name: "Rotate the client secret" }).getByRole("button", { name: "Rotate secret" }).click();
  const rotated = await readAndCloseSecretDialog(page.getByRole("dialog", { name: "New client secret" }), ["Client secret"]);
  expect(rotated["Client secret"]).toMatch(ANY_SECRET);
  await context.close();
});
