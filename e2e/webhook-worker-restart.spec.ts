import { expect, test } from "@playwright/test";
import { eventually, postgresDeployment, type Deployment } from "./support/instances";
import { startWebhookReceiver, type WebhookReceiver } from "../lib/testing/webhook-receiver";

// A real server process on PostgreSQL: deliveries that fall due while it is
// down live in the database, and go out once it is back.
test.describe.configure({ mode: "serial" });

// instances.spec.ts uses +10 to +13.
const PORT = Number(process.env.E2E_PORT ?? 3100) + 14;
const RECEIVER_PORT = Number(process.env.E2E_PORT ?? 3100) + 52;
const ORG = "restart";

let deployment: Deployment;
let receiver: WebhookReceiver;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  deployment = await postgresDeployment("webhooks");
  receiver = await startWebhookReceiver({ port: RECEIVER_PORT });
});

test.afterAll(async () => {
  await deployment?.stop();
  await receiver?.close();
});

test("deliveries due while the server was down go out after it starts", async () => {
  test.setTimeout(180_000);
  await deployment.cli(["orgs", "create", "--slug", ORG, "--name", "Restart"]);
  const endpoint = (await deployment.cli([
    "webhooks", "create", "--org", ORG, "--url", `http://127.0.0.1:${RECEIVER_PORT}/hook`, "--events", "service_account.deactivated", "--allow-private",
  ])) as { id: string; secret: string };
  receiver.setSecret(endpoint.secret);
  const account = (await deployment.cli(["service-accounts", "create", "--org", ORG, "--name", "batch", "--audience", "https://jobs.example.com"])) as { clientId: string };

  const first = await deployment.start(PORT);
  await deployment.cli(["service-accounts", "deactivate", account.clientId]);
  await eventually(async () => receiver.received.length === 1, "the running server delivers the deactivation", 30_000);
  // Killed between the receiver's answer and its record, the delivery would
  // rightly go out again (at least once); this test is about work due while down.
  await eventually(async () => {
    const log = (await deployment.cli(["webhooks", "deliveries", endpoint.id, "--org", ORG])) as { status: string }[];
    return log.length === 1 && log[0]!.status === "succeeded";
  }, "the first delivery recorded", 30_000);
  first.child.kill("SIGKILL");
  await first.exited;

  // While no server runs: a second deactivation (an audit event the outbox will read) and a test event due now.
  await deployment.cli(["service-accounts", "activate", account.clientId]);
  await deployment.cli(["service-accounts", "deactivate", account.clientId]);
  const queued = (await deployment.cli(["webhooks", "test", endpoint.id, "--org", ORG])) as { messageId: string };
  expect(receiver.received).toHaveLength(1);

  await deployment.start(PORT);
  await eventually(async () => receiver.received.length === 3, "both deliveries go out after the restart", 60_000);
  const types = receiver.received.map((r) => r.verified?.type).sort();
  expect(types).toEqual(["service_account.deactivated", "service_account.deactivated", "webhook.test"]);
  expect(receiver.received.map((r) => r.headers["webhook-id"])).toContain(queued.messageId);
  expect(new Set(receiver.received.map((r) => r.headers["webhook-id"])).size).toBe(3);
  // The receiver has its copy a moment before the server records the answer.
  let statuses: string[] = [];
  await eventually(async () => {
    const log = (await deployment.cli(["webhooks", "deliveries", endpoint.id, "--org", ORG])) as { status: string }[];
    statuses = log.map((d) => d.status);
    return statuses.every((s) => s === "succeeded");
  }, "every delivery recorded as succeeded", 30_000).catch(() => undefined);
  expect(statuses).toEqual(["succeeded", "succeeded", "succeeded"]);
});
