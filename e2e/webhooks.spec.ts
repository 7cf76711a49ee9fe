import { expect, test } from "@playwright/test";
import { OWNER, OWNER_STATE, uniqueName } from "./support/accounts";
import { e2eCliAsync } from "./support/prepare";
import { eventually } from "./support/instances";
import { startWebhookReceiver, type WebhookReceiver } from "../lib/testing/webhook-receiver";

// Local receivers on loopback (ports E2E_PORT+50…): the e2e server's worker runs every second.
const PORT = Number(process.env.E2E_PORT ?? 3100) + 50;
test.use({ storageState: OWNER_STATE });
// One pair of receivers on fixed ports: the tests of this file share a worker.
test.describe.configure({ mode: "serial" });

let receiver: WebhookReceiver;
let privateTarget: WebhookReceiver;
test.beforeAll(async () => {
  receiver = await startWebhookReceiver({ port: PORT });
  privateTarget = await startWebhookReceiver({ port: PORT + 1 });
});
test.afterAll(async () => {
  await receiver?.close();
  await privateTarget?.close();
});

test("the receiver verifies an expiry warning for a key due in 1 day, retried after it answered 500", async ({ page }) => {
  const slug = uniqueName("hook");
  await e2eCliAsync(["orgs", "create", "--slug", slug, "--name", "Webhook journey", "--owner-email", OWNER.email]);
  // The operator (CLI) holds owner rights: loopback is allowed on this endpoint only.
  const endpoint = (await e2eCliAsync(["webhooks", "create", "--org", slug, "--url", `http://127.0.0.1:${PORT}/${slug}`, "--events", "credential.expiring", "--allow-private"])) as { id: string; secret: string };
  receiver.setSecret(endpoint.secret);
  receiver.answerNext(500);
  const account = (await e2eCliAsync(["service-accounts", "create", "--org", slug, "--name", "nightly", "--audience", "https://jobs.example.com"])) as { clientId: string };
  const key = (await e2eCliAsync(["api-keys", "create", account.clientId, "--name", "due-soon", "--expires-in-days", "1"])) as { id: string };

  const mine = () => receiver.received.filter((r) => r.body.includes(`"organization":"${slug}"`));
  await eventually(async () => mine().length >= 2, "the warning is delivered, refused with 500, then retried", 30_000);
  const [first, retry] = mine();
  expect(first!.answered).toBe(500);
  expect(retry!.answered).toBe(200);
  expect(retry!.headers["webhook-id"]).toBe(first!.headers["webhook-id"]);
  expect(retry!.verified).toMatchObject({
    type: "credential.expiring",
    data: { organization: slug, thresholdDays: 1, credential: { type: "api_key", id: key.id, name: "due-soon" }, serviceAccount: { clientId: account.clientId, name: "nightly" } },
  });
  expect(first!.verified).not.toBeNull();

  // The console's delivery log shows both response codes.
  await page.goto(`/${slug}/settings/webhooks`);
  const row = page.getByTestId(`delivery-${first!.headers["webhook-id"]}`);
  await expect(row).toContainText("succeeded");
  await expect(row.getByRole("listitem")).toHaveCount(2);
  await expect(row.getByRole("listitem").first()).toContainText("500");
  await expect(row.getByRole("listitem").last()).toContainText("200");
});

test("a private address is not delivered to when not allowed: the attempt is refused and logged", async ({ page }) => {
  const slug = uniqueName("priv");
  await e2eCliAsync(["orgs", "create", "--slug", slug, "--name", "Private target", "--owner-email", OWNER.email]);
  await page.goto(`/${slug}/settings/webhooks`);
  await page.getByRole("button", { name: "Add endpoint" }).click();
  const dialog = page.getByRole("dialog", { name: "Add a webhook endpoint" });
  // A host name that resolves to loopback: accepted when saved, refused where the delivery connects.
  await dialog.getByLabel("Endpoint URL").fill(`http://localhost:${PORT + 1}/${slug}`);
  await dialog.getByRole("button", { name: "Add endpoint" }).click();
  const secret = page.getByRole("dialog", { name: "Endpoint added" });
  expect(await secret.getByLabel("Signing secret", { exact: true }).inputValue()).toMatch(/^whsec_/);
  await secret.getByLabel("I have stored the secret").check();
  await secret.getByRole("button", { name: "Done" }).click();

  await page.getByRole("button", { name: "Send test event" }).click();
  await expect(page.getByText("Test event queued")).toBeVisible();
  await expect(async () => {
    await page.reload();
    await expect(page.getByRole("table", { name: /^Delivery log of / })).toContainText(/refused: localhost resolves to (127\.0\.0\.1|::1), a private, loopback or link-local address/, { timeout: 1000 });
  }).toPass({ timeout: 20_000 });
  await expect(page.getByRole("table", { name: /^Delivery log of / })).toContainText("webhook.test");
  expect(privateTarget.received.filter((r) => r.body.includes(slug))).toHaveLength(0);
});
