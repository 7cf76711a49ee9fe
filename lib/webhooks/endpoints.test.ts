import { describe, expect, it } from "vitest";
import { db } from "../db";
import { actorFor, makeOrg, makeUser } from "../testing/factories";
import { orgWithServiceAccount } from "../testing/service-account-fixtures";
import { createWebhookEndpoint } from "./create-webhook-endpoint";
import { updateWebhookEndpoint } from "./update-webhook-endpoint";
import { deleteWebhookEndpoint } from "./delete-webhook-endpoint";
import { rotateWebhookSecret } from "./rotate-webhook-secret";
import { listWebhookEndpoints } from "./list-webhook-endpoints";
import { listWebhookDeliveries } from "./list-webhook-deliveries";
import { sendTestWebhook } from "./send-test-webhook";
import { pruneWebhookLog } from "./prune-webhook-log";
import { DELIVERY_LOG_RETENTION_DAYS } from "./policy";

async function roles() {
  const base = await orgWithServiceAccount();
  const adminUser = await makeUser();
  await db().membership.create({ data: { orgId: base.org.id, userId: adminUser.id, role: "ADMIN" } });
  return { ...base, admin: actorFor(adminUser) };
}

describe("webhook endpoints", () => {
  it("the secret is whsec_, shown once, stored sealed; the audit trail names only the origin", async () => {
    const { org, admin } = await roles();
    const created = await createWebhookEndpoint(admin, org.slug, { url: "https://hooks.example.com/in/T0KEN-in-path?k=v", events: "credential.expiring,token.denied_spike" });
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(created).toMatchObject({ events: ["credential.expiring", "token.denied_spike"], allowPrivate: false, enabled: true });
    const row = await db().webhookEndpoint.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.secretEnc).not.toContain(created.secret.slice(6));
    const listed = await listWebhookEndpoints(admin, org.slug);
    expect(JSON.stringify(listed)).not.toContain(created.secret.slice(6));
    expect(JSON.stringify(listed)).not.toContain(row.secretEnc);
    const rotated = await rotateWebhookSecret(admin, org.slug, created.id);
    expect(rotated.secret).not.toBe(created.secret);
    const events = await db().auditEvent.findMany({ where: { orgId: org.id, targetType: "webhook" }, orderBy: { seq: "asc" } });
    expect(events.map((e) => [e.action, e.targetLabel])).toEqual([["webhook.created", "https://hooks.example.com"], ["webhook.secret_rotated", "https://hooks.example.com"]]);
    for (const e of events) {
      expect(e.metadata ?? "").not.toContain("T0KEN");
      expect(e.metadata ?? "").not.toContain(created.secret.slice(6));
      expect(e.metadata ?? "").not.toContain(rotated.secret.slice(6));
    }
  });

  it("validates the URL and the events, and refuses a private IP literal unless private targets are allowed", async () => {
    const { org, admin, actor } = await roles();
    await expect(createWebhookEndpoint(admin, org.slug, { url: "ftp://hooks.example.com" })).rejects.toMatchObject({ code: "validation_failed", fieldErrors: { url: ["Use an https:// (or http://) URL"] } });
    await expect(createWebhookEndpoint(admin, org.slug, { url: "https://u:p@hooks.example.com" })).rejects.toMatchObject({ code: "validation_failed" });
    await expect(createWebhookEndpoint(admin, org.slug, { url: "https://hooks.example.com", events: ["token.issued"] })).rejects.toMatchObject({ code: "validation_failed" });
    for (const url of ["http://127.0.0.1:9/x", "http://10.0.0.1/", "http://169.254.169.254/latest", "http://[::1]/", "http://[fc00::1]/"]) {
      await expect(createWebhookEndpoint(admin, org.slug, { url }), url).rejects.toMatchObject({ code: "validation_failed", fieldErrors: { url: [expect.stringMatching(/private, loopback or link-local/)] } });
    }
    await expect(createWebhookEndpoint(actor, org.slug, { url: "http://127.0.0.1:9/x", allowPrivate: true })).resolves.toMatchObject({ allowPrivate: true });
  });

  it("only an OWNER allows private targets or moves an endpoint that allows them; a REVIEWER manages nothing", async () => {
    const { org, admin, actor, reviewerActor } = await roles();
    await expect(createWebhookEndpoint(admin, org.slug, { url: "http://127.0.0.1:9/x", allowPrivate: true })).rejects.toMatchObject({ code: "forbidden", userMessage: "Only an owner may allow private targets" });
    const plain = await createWebhookEndpoint(admin, org.slug, { url: "https://hooks.example.com/a" });
    await expect(updateWebhookEndpoint(admin, org.slug, plain.id, { allowPrivate: true })).rejects.toMatchObject({ code: "forbidden" });
    const owned = await createWebhookEndpoint(actor, org.slug, { url: "http://127.0.0.1:9/x", allowPrivate: true });
    await expect(updateWebhookEndpoint(admin, org.slug, owned.id, { url: "http://10.0.0.9/" })).rejects.toMatchObject({ code: "forbidden" });
    await expect(updateWebhookEndpoint(admin, org.slug, owned.id, { description: "fine" })).resolves.toMatchObject({ changed: true });
    await expect(updateWebhookEndpoint(admin, org.slug, owned.id, { allowPrivate: false })).rejects.toMatchObject({ code: "validation_failed" });
    for (const call of [
      () => listWebhookEndpoints(reviewerActor, org.slug),
      () => createWebhookEndpoint(reviewerActor, org.slug, { url: "https://hooks.example.com/r" }),
      () => sendTestWebhook(reviewerActor, org.slug, plain.id),
      () => deleteWebhookEndpoint(reviewerActor, org.slug, plain.id),
    ]) {
      await expect(call()).rejects.toMatchObject({ code: "forbidden" });
    }
  });

  it("another organisation's endpoint answers 404 to every verb", async () => {
    const { org, admin } = await roles();
    const endpoint = await createWebhookEndpoint(admin, org.slug, { url: "https://hooks.example.com/a" });
    const stranger = await makeUser();
    const other = await makeOrg([{ userId: stranger.id, role: "OWNER" }]);
    const them = actorFor(stranger);
    for (const call of [
      () => updateWebhookEndpoint(them, other.slug, endpoint.id, { description: "x" }),
      () => deleteWebhookEndpoint(them, other.slug, endpoint.id),
      () => rotateWebhookSecret(them, other.slug, endpoint.id),
      () => sendTestWebhook(them, other.slug, endpoint.id),
      () => listWebhookDeliveries(them, other.slug, endpoint.id),
      () => listWebhookEndpoints(them, org.slug),
    ]) {
      await expect(call()).rejects.toMatchObject({ code: "not_found" });
    }
    expect(await listWebhookEndpoints(them, other.slug)).toEqual([]);
  });

  it("disabling gives up waiting deliveries and refuses test events; enabling forgets the failures; each change is recorded", async () => {
    const { org, admin } = await roles();
    const endpoint = await createWebhookEndpoint(admin, org.slug, { url: "https://hooks.example.com/a" });
    await sendTestWebhook(admin, org.slug, endpoint.id);
    await db().webhookEndpoint.update({ where: { id: endpoint.id }, data: { failingSince: new Date() } });
    expect(await updateWebhookEndpoint(admin, org.slug, endpoint.id, { enabled: false })).toMatchObject({ enabled: false, disabledReason: `Disabled by ${admin.label}` });
    expect(await listWebhookDeliveries(admin, org.slug, endpoint.id)).toMatchObject([{ type: "webhook.test", status: "failed", lastError: "endpoint disabled" }]);
    await expect(sendTestWebhook(admin, org.slug, endpoint.id)).rejects.toMatchObject({ code: "conflict" });
    expect(await updateWebhookEndpoint(admin, org.slug, endpoint.id, { enabled: true })).toMatchObject({ enabled: true, failingSince: null, disabledReason: null });
    const updates = await db().auditEvent.findMany({ where: { orgId: org.id, action: "webhook.updated" }, orderBy: { seq: "asc" } });
    expect(updates.map((e) => JSON.parse(e.metadata!))).toEqual([
      { before: { enabled: true }, after: { enabled: false } },
      { before: { enabled: false }, after: { enabled: true } },
    ]);
    await deleteWebhookEndpoint(admin, org.slug, endpoint.id);
    expect(await db().webhookDelivery.count({ where: { endpointId: endpoint.id } })).toBe(0);
    expect(await db().auditEvent.count({ where: { orgId: org.id, action: "webhook.deleted", targetId: endpoint.id } })).toBe(1);
  });

  it(`keeps the delivery log ${DELIVERY_LOG_RETENTION_DAYS} days after a delivery ended, and never prunes a pending one`, async () => {
    const { org, admin } = await roles();
    const endpoint = await createWebhookEndpoint(admin, org.slug, { url: "https://hooks.example.com/a" });
    const old = new Date(Date.now() - 40 * 86_400_000);
    const done = await sendTestWebhook(admin, org.slug, endpoint.id, { now: old });
    const waiting = await sendTestWebhook(admin, org.slug, endpoint.id, { now: old });
    const recent = await sendTestWebhook(admin, org.slug, endpoint.id);
    await db().webhookDelivery.updateMany({ where: { id: { in: [done.deliveryId, recent.deliveryId] } }, data: { status: "succeeded" } });
    await db().webhookDelivery.update({ where: { id: done.deliveryId }, data: { completedAt: new Date(old.getTime() + 1000) } });
    await db().webhookDelivery.update({ where: { id: recent.deliveryId }, data: { completedAt: new Date() } });
    await pruneWebhookLog();
    const left = await db().webhookDelivery.findMany({ where: { endpointId: endpoint.id }, select: { id: true } });
    expect(left.map((d) => d.id).sort()).toEqual([waiting.deliveryId, recent.deliveryId].sort());
    expect(await db().webhookMessage.count({ where: { id: done.messageId } })).toBe(0);
    expect(await db().webhookMessage.count({ where: { id: waiting.messageId } })).toBe(1);
  });
});
