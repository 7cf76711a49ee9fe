import { expect, test } from "@playwright/test";
import { OWNER_STATE } from "./support/accounts";
import { freshOrg, readAndCloseSecretDialog } from "./support/console";
import { api, tokenFor } from "./support/api-client";

test.use({ storageState: OWNER_STATE });

test("the API reference renders the document, and its helper creates an automation account whose secret calls the API", async ({ page }) => {
  const slug = await freshOrg(page, "apiref");
  const violations: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error" && /Content Security Policy|unsafe-eval/i.test(m.text())) violations.push(m.text());
  });
  await page.getByRole("navigation", { name: "Console" }).getByRole("link", { name: "API" }).click();
  await expect(page).toHaveURL(new RegExp(`/${slug}/api$`));
  await expect(page.getByRole("heading", { name: "Management API" })).toBeVisible();
  // Rendered from the same document /api/v1/openapi.json serves.
  const doc = (await (await page.request.get("/api/v1/openapi.json")).json()) as { paths: Record<string, Record<string, { operationId: string }>> };
  for (const methods of Object.values(doc.paths)) {
    for (const op of Object.values(methods)) await expect(page.locator(`section#${op.operationId}`)).toBeVisible();
  }

  const helper = page.getByRole("form", { name: "Create an automation account" });
  await helper.getByLabel("Name").fill("ci-from-helper");
  await helper.getByLabel("tessera:audit:read").check();
  await expect(helper.getByRole("button", { name: "Create automation account" })).toBeDisabled();
  await helper.getByLabel(/I understand/).check();
  await helper.getByRole("button", { name: "Create automation account" }).click();
  const dialog = page.getByRole("dialog", { name: "Automation account created" });
  await expect(dialog.getByText(/oauth\/token/)).toBeVisible();
  await expect(dialog.getByText(/audience=http:\/\/localhost:\d+\/api/)).toBeVisible();
  const values = await readAndCloseSecretDialog(dialog, ["Client ID", "Client secret"]);

  const token = await tokenFor({ clientId: values["Client ID"]!, clientSecret: values["Client secret"]! });
  const list = await api<{ items: { name: string }[] }>(token, "GET", "/service-accounts");
  expect(list.status).toBe(200);
  expect(list.body.items.map((a) => a.name)).toContain("ci-from-helper");
  expect((await api(token, "GET", "/audit-events?limit=1")).status).toBe(200);
  expect(violations).toEqual([]);
});
