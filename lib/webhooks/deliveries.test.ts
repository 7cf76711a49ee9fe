import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { Webhook } from "standardwebhooks";
import { db } from "../db";
import { orgWithServiceAccount } from "../testing/service-account-fixtures";
import { startWebhookReceiver, type WebhookReceiver } from "../testing/webhook-receiver";
import { deactivateServiceAccount } from "../service-accounts/set-service-account-status";
import { createWebhookEndpoint } from "./create-webhook-endpoint";
import { rotateWebhookSecret } from "./rotate-webhook-secret";
import { runWebhookWorker } from "./run-webhook-worker";
import { claimWebhookDeliveries } from "./claim-webhook-deliveries";
import { attemptWebhookDelivery } from "./attempt-webhook-delivery";
import { listWebhookDeliveries } from "./list-webhook-deliveries";
import { sendTestWebhook } from "./send-test-webhook";
import { RETRY_DELAYS_SECONDS } from "./policy";

const SECOND = 1000;
const HOUR = 3_600_000;

let receiver: WebhookReceiver;
beforeAll(async () => {
  receiver = await startWebhookReceiver();
});
afterAll(async () => {
  await receiver.close();
});

/** An organisation with an endpoint at the local receiver (loopback, so allowed by its OWNER). */
async function setup(events = ["service_account.deactivated"]) {
  const base = await orgWithServiceAccount();
  const endpoint = await createWebhookEndpoint(base.actor, base.org.slug, { url: receiver.url(`/${base.org.slug}`), events, allowPrivate: true });
  receiver.setSecret(endpoint.secret);
  const mine = () => receiver.received.filter((r) => r.body.includes(`"organization":"${base.org.slug}"`));
  return { ...base, endpoint, mine, run: (now?: Date) => runWebhookWorker({ now, orgIds: [base.org.id] }) };
}

describe("webhook deliveries", () => {
  it("a delivery is signed in the Standard Webhooks format and verifies with the endpoint's secret; nothing secret is in it", async () => {
    const { org, actor, created, endpoint, mine, run } = await setup();
    await deactivateServiceAccount(actor, org.slug, created.clientId);
    expect((await run()).succeeded).toBe(1);
    const [delivery] = mine();
    expect(delivery!.verified).toMatchObject({
      type: "service_account.deactivated",
      data: { organization: org.slug, serviceAccount: { clientId: created.clientId, name: "billing-job" }, actor: { type: "user", label: actor.label } },
    });
    expect(delivery!.headers["webhook-id"]).toMatch(/^msg_/);
    expect(() => new Webhook(`whsec_${Buffer.alloc(32, 1).toString("base64")}`).verify(delivery!.body, delivery!.headers)).toThrow(/No matching signature found/);
    const secrets = await db().clientSecret.findMany({ where: { serviceAccount: { clientId: created.clientId } } });
    for (const text of [created.clientSecret, endpoint.secret, ...secrets.map((s) => s.hash)]) expect(delivery!.body).not.toContain(text);
  });

  it("retries after a 500 on the backoff schedule, and the delivery log shows each attempt's response code", async () => {
    const { org, actor, created, endpoint, mine, run } = await setup();
    await deactivateServiceAccount(actor, org.slug, created.clientId);
    const t0 = new Date();
    receiver.answerNext(500, 503);
    await run(t0);
    let [log] = await listWebhookDeliveries(actor, org.slug, endpoint.id);
    expect(log).toMatchObject({ status: "pending", attempts: 1, lastStatusCode: 500, nextAttemptAt: new Date(t0.getTime() + RETRY_DELAYS_SECONDS[1] * SECOND).toISOString() });
    expect((await run(new Date(t0.getTime() + 4 * SECOND))).attempted).toBe(0); // not due yet

    const t1 = new Date(t0.getTime() + 5 * SECOND);
    await run(t1);
    [log] = await listWebhookDeliveries(actor, org.slug, endpoint.id);
    expect(log).toMatchObject({ status: "pending", attempts: 2, lastStatusCode: 503, nextAttemptAt: new Date(t1.getTime() + 300 * SECOND).toISOString() });

    await run(new Date(t1.getTime() + 300 * SECOND));
    [log] = await listWebhookDeliveries(actor, org.slug, endpoint.id);
    expect(log).toMatchObject({ status: "succeeded", attempts: 3, lastStatusCode: 200, nextAttemptAt: null });
    expect(log!.attemptLog.map((a) => a.statusCode)).toEqual([500, 503, 200]);
    // The receiver saw the same message three times, under one webhook-id.
    expect(mine().map((r) => r.answered)).toEqual([500, 503, 200]);
    expect(new Set(mine().map((r) => r.headers["webhook-id"])).size).toBe(1);
    expect(mine().every((r) => r.verified)).toBe(true);
    expect((await db().webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } })).failingSince).toBeNull();
  });

  it("gives up after the last attempt of the schedule", async () => {
    const { org, actor, created, endpoint, run } = await setup();
    await deactivateServiceAccount(actor, org.slug, created.clientId);
    receiver.answerNext(...RETRY_DELAYS_SECONDS.map(() => 500));
    // Run each attempt when due, keeping the failures under a day apart by moving failingSince along.
    let now = new Date();
    for (let i = 0; i < RETRY_DELAYS_SECONDS.length; i++) {
      await db().webhookEndpoint.update({ where: { id: endpoint.id }, data: { failingSince: null } });
      await run(now);
      const [log] = await listWebhookDeliveries(actor, org.slug, endpoint.id);
      if (log!.nextAttemptAt) now = new Date(log!.nextAttemptAt);
    }
    const [log] = await listWebhookDeliveries(actor, org.slug, endpoint.id);
    expect(log).toMatchObject({ status: "failed", attempts: RETRY_DELAYS_SECONDS.length, nextAttemptAt: null });
  });

  it("disables an endpoint that has failed for a day, gives up its waiting deliveries and records webhook.disabled", async () => {
    const { org, actor, created, endpoint, run } = await setup();
    await deactivateServiceAccount(actor, org.slug, created.clientId);
    receiver.answerNext(500, 500);
    const t0 = new Date();
    await run(t0);
    expect((await db().webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } })).failingSince).toEqual(t0);
    await sendTestWebhook(actor, org.slug, endpoint.id, { now: new Date(t0.getTime() + 23 * HOUR) });
    // Not yet a day: the endpoint stays enabled.
    await db().webhookDelivery.updateMany({ where: { endpointId: endpoint.id }, data: { nextAttemptAt: new Date(t0.getTime() + 23 * HOUR) } });
    receiver.answerNext(500, 500);
    await run(new Date(t0.getTime() + 23 * HOUR));
    expect((await db().webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } })).disabledAt).toBeNull();

    await db().webhookDelivery.updateMany({ where: { endpointId: endpoint.id, status: "pending" }, data: { nextAttemptAt: new Date(t0.getTime() + 25 * HOUR) } });
    const claimedFirst = await claimWebhookDeliveries({ now: new Date(t0.getTime() + 25 * HOUR), limit: 1, orgIds: [org.id] });
    receiver.answerNext(500);
    await attemptWebhookDelivery(claimedFirst[0]!, { now: new Date(t0.getTime() + 25 * HOUR) });

    const disabled = await db().webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } });
    expect(disabled.disabledAt).toEqual(new Date(t0.getTime() + 25 * HOUR));
    expect(disabled.disabledReason).toBe(`Disabled after failing since ${t0.toISOString()}`);
    expect(await db().webhookDelivery.count({ where: { endpointId: endpoint.id, status: "pending" } })).toBe(0);
    const events = await db().auditEvent.findMany({ where: { orgId: org.id, action: "webhook.disabled" } });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actorType: "system", targetId: endpoint.id });
    expect(JSON.parse(events[0]!.metadata!)).toMatchObject({ failingSince: t0.toISOString(), lastStatusCode: 500 });
    // Nothing more is claimed for a disabled endpoint.
    expect((await run(new Date(t0.getTime() + 30 * HOUR))).attempted).toBe(0);
  });

  it("a crashed worker's claim expires and the delivery is sent by another; a live claim is never taken twice", async () => {
    const { org, actor, created, mine, run } = await setup();
    await deactivateServiceAccount(actor, org.slug, created.clientId);
    await runWebhookWorker({ orgIds: [org.id], maxRounds: 0 }); // derive only
    const now = new Date();
    const crashed = await claimWebhookDeliveries({ now, leaseMs: 60 * SECOND, orgIds: [org.id] });
    expect(crashed.filter((d) => d.orgId === org.id)).toHaveLength(1);
    expect(await claimWebhookDeliveries({ now: new Date(now.getTime() + 59 * SECOND), orgIds: [org.id] })).toHaveLength(0);
    await run(new Date(now.getTime() + 61 * SECOND));
    expect(mine()).toHaveLength(1);
    // The crashed worker comes back with its stale lease: its result is not recorded over the real one.
    const late = await attemptWebhookDelivery(crashed.find((d) => d.orgId === org.id)!, { now: new Date(now.getTime() + 62 * SECOND) });
    expect(late.recorded).toBe(false);
    expect((await db().webhookAttempt.count({ where: { deliveryId: late.delivery } }))).toBe(1);
  });

  it("two workers running at once deliver each event exactly once", async () => {
    const { org, actor, mine, endpoint } = await setup();
    for (let i = 0; i < 12; i++) await sendTestWebhook(actor, org.slug, endpoint.id);
    const now = new Date();
    const [a, b] = await Promise.all([runWebhookWorker({ now, orgIds: [org.id] }), runWebhookWorker({ now, orgIds: [org.id] })]);
    expect(a.attempted + b.attempted).toBe(12);
    expect(mine()).toHaveLength(12);
    expect(new Set(mine().map((r) => r.headers["webhook-id"])).size).toBe(12);
    expect(await db().webhookAttempt.count({ where: { delivery: { endpointId: endpoint.id } } })).toBe(12);
  });

  it("concurrent claims never share a delivery (FOR UPDATE SKIP LOCKED on PostgreSQL, the write lock on SQLite)", async () => {
    const { org, actor, endpoint } = await setup();
    for (let i = 0; i < 12; i++) await sendTestWebhook(actor, org.slug, endpoint.id);
    const now = new Date();
    const claims = await Promise.all(Array.from({ length: 5 }, () => claimWebhookDeliveries({ now, limit: 5, orgIds: [org.id] })));
    const ids = claims.flat().filter((d) => d.orgId === org.id).map((d) => d.id);
    expect(ids).toHaveLength(12);
    expect(new Set(ids).size).toBe(12);
    expect(inject("testDbProvider")).toMatch(/^(sqlite|postgresql)$/);
  });

  it("the server's claim, across every organisation, is a valid statement on this database", async () => {
    // limit 0: it must not take other test files' deliveries sharing this database.
    await expect(claimWebhookDeliveries({ limit: 0 })).resolves.toEqual([]);
  });

  it("after a secret rotation both secrets sign until the previous one expires", async () => {
    const { org, actor, endpoint, mine, run } = await setup();
    const rotated = await rotateWebhookSecret(actor, org.slug, endpoint.id);
    await sendTestWebhook(actor, org.slug, endpoint.id);
    await run();
    const [sent] = mine();
    expect(sent!.headers["webhook-signature"]!.split(" ")).toHaveLength(2);
    expect(new Webhook(rotated.secret).verify(sent!.body, sent!.headers)).toMatchObject({ type: "webhook.test" });
    expect(new Webhook(endpoint.secret).verify(sent!.body, sent!.headers)).toMatchObject({ type: "webhook.test" });
    await sendTestWebhook(actor, org.slug, endpoint.id, { now: new Date(Date.now() + 25 * HOUR) });
    await run(new Date(Date.now() + 25 * HOUR));
    const later = mine()[1]!;
    expect(later.headers["webhook-signature"]!.split(" ")).toHaveLength(1);
    expect(() => new Webhook(endpoint.secret).verify(later.body, later.headers)).toThrow(/No matching signature found/);
  });
});
