import { describe, expect, it } from "vitest";
import { db, transaction } from "../db";
import { systemActor } from "../audit/types";
import { recordAuditEvent, recordAuditEvents } from "../audit/record-audit-event";
import { orgWithServiceAccount } from "../testing/service-account-fixtures";
import { token } from "../testing/oauth-client";
import { createApiKey } from "../api-keys/create-api-key";
import { revokeApiKey } from "../api-keys/revoke-api-key";
import { rotateClientSecret } from "../service-accounts/rotate-client-secret";
import { deactivateServiceAccount, activateServiceAccount } from "../service-accounts/set-service-account-status";
import { createScope } from "../scopes/create-scope";
import { updateOrganizationSettings } from "../orgs/update-organization-settings";
import { updateServiceAccount } from "../service-accounts/update-service-account";
import { createWebhookEndpoint } from "./create-webhook-endpoint";
import { deriveWebhookMessages } from "./derive-webhook-messages";

const DAY = 86_400_000;

async function setup(events?: string[]) {
  const base = await orgWithServiceAccount();
  const endpoint = await createWebhookEndpoint(base.actor, base.org.slug, { url: "https://hooks.example.com/tessera", events });
  const derive = (now?: Date, spike?: { threshold: number; windowMinutes: number }) => deriveWebhookMessages({ now, orgIds: [base.org.id], spike });
  const messages = async (type?: string) =>
    (await db().webhookMessage.findMany({ where: { orgId: base.org.id, ...(type ? { type } : {}) }, orderBy: { createdAt: "asc" } })).map((m) => ({
      ...m,
      body: JSON.parse(m.payload) as { type: string; data: Record<string, unknown> },
    }));
  return { ...base, endpoint, derive, messages };
}

describe("deriving webhook messages from the audit trail and the state", () => {
  it("announces each deactivation once, however often and however concurrently it runs, and not what happened before the endpoint existed", async () => {
    const base = await orgWithServiceAccount();
    await deactivateServiceAccount(base.actor, base.org.slug, base.created.clientId);
    await activateServiceAccount(base.actor, base.org.slug, base.created.clientId);
    await createWebhookEndpoint(base.actor, base.org.slug, { url: "https://hooks.example.com/a", events: ["service_account.deactivated"] });
    await deriveWebhookMessages({ orgIds: [base.org.id] });
    expect(await db().webhookMessage.count({ where: { orgId: base.org.id } })).toBe(0);

    await deactivateServiceAccount(base.actor, base.org.slug, base.created.clientId);
    await activateServiceAccount(base.actor, base.org.slug, base.created.clientId);
    await deactivateServiceAccount(base.actor, base.org.slug, base.created.clientId);
    await Promise.all([1, 2, 3].map(() => deriveWebhookMessages({ orgIds: [base.org.id] })));
    await deriveWebhookMessages({ orgIds: [base.org.id] });
    const sent = await db().webhookMessage.findMany({ where: { orgId: base.org.id } });
    const deactivations = await db().auditEvent.findMany({ where: { orgId: base.org.id, action: "service_account.deactivated" }, orderBy: { seq: "asc" } });
    expect(sent.map((m) => m.dedupeKey).sort()).toEqual(deactivations.slice(1).map((e) => `audit:${e.seq}`).sort());
    expect(await db().webhookDelivery.count({ where: { orgId: base.org.id } })).toBe(2);
    const head = await db().auditChain.findUniqueOrThrow({ where: { key: base.org.id } });
    expect((await db().webhookCursor.findUniqueOrThrow({ where: { orgId: base.org.id } })).lastSeq).toBe(head.lastSeq);
  });

  it("a change request waiting becomes change_request.created, from the change_request.requested event", async () => {
    const { org, actor, owner, created, derive, messages } = await setup(["change_request.created"]);
    await createScope(actor, org.slug, { name: "billing:admin", highRisk: true });
    await updateOrganizationSettings(actor, org.slug, { requireApproval: true });
    const { changeRequest } = await updateServiceAccount(actor, org.slug, created.clientId, { scopes: ["billing:read", "billing:refund", "billing:admin"] });
    expect(changeRequest).toMatchObject({ status: "pending" });
    const requested = await db().auditEvent.findFirstOrThrow({ where: { orgId: org.id, action: "change_request.requested" } });
    await derive();
    await derive();
    const found = await messages();
    expect(found).toHaveLength(1);
    expect(found[0]!.body).toMatchObject({
      type: "change_request.created",
      data: {
        changeRequestId: changeRequest!.id,
        target: { type: "service_account", id: created.clientId, label: "billing-job" },
        requestedBy: { type: "user", label: owner.email },
        seq: requested.seq,
      },
    });
    // Only named fields leave, never the whole metadata (its summary and changes name the scope).
    expect(requested.metadata).toContain("billing:admin");
    expect(found[0]!.payload).not.toContain("billing:admin");
  });

  it("a rotated-out secret still used is announced once per secret; the new secret's use is not", async () => {
    const { org, actor, created, derive, messages } = await setup(["secret.used_after_rotation"]);
    const rotated = await rotateClientSecret(actor, org.slug, created.clientId, { graceSeconds: 3600 });
    const cc = { grant_type: "client_credentials" };
    expect((await token(cc, { basic: [created.clientId, rotated.clientSecret] })).status).toBe(200);
    await derive();
    expect(await messages()).toHaveLength(0);
    expect((await token(cc, { basic: [created.clientId, created.clientSecret] })).status).toBe(200);
    expect((await token(cc, { basic: [created.clientId, created.clientSecret] })).status).toBe(200);
    await derive();
    expect((await token(cc, { basic: [created.clientId, created.clientSecret] })).status).toBe(200);
    await derive();
    const found = await messages();
    expect(found).toHaveLength(1);
    expect(found[0]!.body.data).toMatchObject({ serviceAccount: { clientId: created.clientId }, secret: { id: created.secretId }, newerSecret: { id: rotated.secretId } });
    for (const secret of [created.clientSecret, rotated.clientSecret]) expect(found[0]!.payload).not.toContain(secret);
  });

  it("warns of an expiring key or secret once per threshold (14, 7, 1 days), the tightest crossed first", async () => {
    const { org, actor, created, derive, messages } = await setup(["credential.expiring"]);
    const now = new Date();
    const soon = await createApiKey(actor, org.slug, created.clientId, { name: "soon", expiresInDays: 1 }, now);
    await createApiKey(actor, org.slug, created.clientId, { name: "later", expiresInDays: 10 }, now);
    const revoked = await createApiKey(actor, org.slug, created.clientId, { name: "revoked", expiresInDays: 2 }, now);
    await revokeApiKey(actor, org.slug, revoked.id);
    await createApiKey(actor, org.slug, created.clientId, { name: "far", expiresInDays: 90 }, now);
    const secretExpiry = new Date(now.getTime() + 6 * DAY);
    await db().clientSecret.update({ where: { id: created.secretId }, data: { expiresAt: secretExpiry } });

    const at = (days: number) => new Date(now.getTime() + days * DAY);
    await derive(at(0.01));
    await derive(at(0.02));
    const key = (m: { body: { data: Record<string, unknown> } }) => {
      const d = m.body.data as { credential: { type: string; name: string | null }; thresholdDays: number };
      return `${d.credential.type}:${d.credential.name ?? "secret"}:${d.thresholdDays}`;
    };
    expect((await messages()).map(key).sort()).toEqual(["api_key:later:14", "api_key:soon:1", "client_secret:secret:7"]);
    await derive(at(3.5)); // later: 6.5 days left → 7; secret: 2.5 days left, still 7
    await derive(at(5.5)); // secret: 0.5 days left → 1
    await derive(at(5.6));
    expect((await messages()).map(key).sort()).toEqual(["api_key:later:14", "api_key:later:7", "api_key:soon:1", "client_secret:secret:1", "client_secret:secret:7"]);
    const first = (await messages()).find((m) => key(m) === "api_key:soon:1")!;
    expect(first.body.data).toMatchObject({ credential: { type: "api_key", id: soon.id, expiresAt: soon.expiresAt }, serviceAccount: { clientId: created.clientId } });
    expect(first.payload).not.toContain(soon.apiKey);
  });

  it("a secret replaced by a rotation is not announced as expiring", async () => {
    const { org, actor, created, derive, messages } = await setup(["credential.expiring"]);
    await rotateClientSecret(actor, org.slug, created.clientId, { graceSeconds: 86_400 });
    await derive();
    expect(await messages()).toHaveLength(0);
  });

  it("announces an overdue review once per due date", async () => {
    const { org, derive, messages } = await setup(["access_review.due"]);
    await derive(new Date(org.createdAt.getTime() + 89 * DAY));
    expect(await messages()).toHaveLength(0);
    await derive(new Date(org.createdAt.getTime() + 91 * DAY));
    await derive(new Date(org.createdAt.getTime() + 92 * DAY));
    const found = await messages();
    expect(found).toHaveLength(1);
    expect(found[0]!.body.data).toMatchObject({ dueAt: new Date(org.createdAt.getTime() + 90 * DAY).toISOString(), cadenceDays: 90, lastClosedAt: null });
  });

  it("announces a token.denied spike once per window, counting aggregated denials by their count", async () => {
    const { org, derive, messages } = await setup(["token.denied_spike"]);
    const windowStart = new Date(Math.floor(Date.now() / 300_000) * 300_000);
    const denial = (count?: number) => ({
      orgId: org.id, action: "token.denied" as const, outcome: "failure" as const, actor: systemActor, occurredAt: new Date(windowStart.getTime() + 1000),
      target: { type: "service_account", id: "sa_x", label: null }, metadata: count ? { error: "invalid_client", count, aggregated: true } : { error: "invalid_client" },
    });
    await transaction((tx) => recordAuditEvents(tx, [denial(), denial(47)]));
    await derive(new Date(windowStart.getTime() + 2000), { threshold: 50, windowMinutes: 5 });
    expect(await messages()).toHaveLength(0); // 48 occurrences
    await transaction((tx) => recordAuditEvent(tx, denial(2)));
    await derive(new Date(windowStart.getTime() + 3000), { threshold: 50, windowMinutes: 5 });
    await derive(new Date(windowStart.getTime() + 4000), { threshold: 50, windowMinutes: 5 });
    const found = await messages();
    expect(found).toHaveLength(1);
    expect(found[0]!.body.data).toEqual({ organization: org.slug, windowStart: windowStart.toISOString(), windowEnd: new Date(windowStart.getTime() + 300_000).toISOString(), count: 50, threshold: 50 });
  });

  it("makes no message for a type no enabled endpoint subscribes to", async () => {
    const { org, actor, created, derive, messages } = await setup(["access_review.due"]);
    await deactivateServiceAccount(actor, org.slug, created.clientId);
    await derive();
    expect(await messages()).toHaveLength(0);
  });
});
