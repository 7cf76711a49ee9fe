import { describe, expect, it } from "vitest";
import { db } from "../db";
import { drainAuditQueue } from "../audit/audit-batcher";
import { createApiKey } from "../api-keys/create-api-key";
import { listFindings } from "../insights/list-findings";
import { orgWithIntrospector } from "../testing/service-account-fixtures";
import { introspect } from "../testing/oauth-client";
import { countIntrospection, flushIntrospectionUsage } from "./usage-counter";

describe("introspection is counted, not audited call by call (issue 9 item 3)", () => {
  it("writes no audit event per call, counts per caller and credential per minute, and moves lastUsedAt", async () => {
    const { org, actor, created, introspector, caller, jwt, reviewerActor } = await orgWithIntrospector();
    const key = await createApiKey(actor, org.slug, created.clientId, { name: "ci" });
    await drainAuditQueue();
    const eventsBefore = await db().auditEvent.count({ where: { orgId: org.id } });

    for (let i = 0; i < 5; i++) expect((await introspect(caller, jwt)).body.active).toBe(true);
    for (let i = 0; i < 3; i++) expect((await introspect(caller, key.apiKey)).body.active).toBe(true);
    expect((await introspect(caller, "not-a-token")).body).toEqual({ active: false });
    await flushIntrospectionUsage();
    await drainAuditQueue();

    expect(await db().auditEvent.count({ where: { orgId: org.id } })).toBe(eventsBefore);
    const usage = await db().credentialUsage.findMany({ where: { orgId: org.id }, orderBy: { credentialType: "asc" } });
    expect(usage.map((u) => [u.callerClientId, u.credentialType, u.credentialId, u.count])).toEqual([
      [introspector.clientId, "access_token", created.clientId, 5],
      [introspector.clientId, "api_key", key.id, 3],
      [introspector.clientId, "inactive", "-", 1],
    ]);
    const gateway = await db().serviceAccount.findUniqueOrThrow({ where: { clientId: introspector.clientId }, include: { secrets: true } });
    expect(gateway.lastUsedAt).not.toBeNull();
    expect(gateway.secrets[0]!.lastUsedAt).not.toBeNull();
    expect((await db().apiKey.findUniqueOrThrow({ where: { id: key.id } })).lastUsedAt).not.toBeNull();

    // The insights page no longer calls an account that only introspects "never used".
    const { findings } = await listFindings(reviewerActor, org.slug);
    expect(findings.filter((f) => f.clientId === introspector.clientId).map((f) => f.kind)).not.toContain("account_never_used");
  });

  it("moves lastUsedAt at most once a minute and adds later counts to the same minute's row", async () => {
    const { org, introspector, caller, jwt } = await orgWithIntrospector();
    const t0 = new Date(Math.floor(Date.now() / 60_000) * 60_000 + 1_000);
    await introspect(caller, jwt, t0);
    await flushIntrospectionUsage();
    await introspect(caller, jwt, new Date(t0.getTime() + 30_000));
    await flushIntrospectionUsage();
    const account = await db().serviceAccount.findUniqueOrThrow({ where: { clientId: introspector.clientId } });
    expect(account.lastUsedAt?.getTime()).toBe(t0.getTime());
    const [row] = await db().credentialUsage.findMany({ where: { orgId: org.id } });
    expect(row?.count).toBe(2);
  });

  it("a use counted while a flush moves lastUsedAt is covered by that move, not written again", async () => {
    const { org, introspector, caller, jwt } = await orgWithIntrospector();
    const t0 = new Date(Math.floor(Date.now() / 60_000) * 60_000 + 1_000);
    await introspect(caller, jwt, t0);
    const gateway = await db().serviceAccount.findUniqueOrThrow({ where: { clientId: introspector.clientId }, include: { secrets: true } });
    const flushing = flushIntrospectionUsage();
    // Counted after the flush took its batch, before it committed.
    countIntrospection(
      { orgId: org.id, callerClientId: gateway.clientId, callerAccountId: gateway.id, callerSecretId: gateway.secrets[0]!.id, credentialType: "inactive", credentialId: "-" },
      new Date(t0.getTime() + 1_000),
    );
    await flushing;
    await flushIntrospectionUsage();
    const after = await db().serviceAccount.findUniqueOrThrow({ where: { id: gateway.id }, include: { secrets: true } });
    expect(after.lastUsedAt?.getTime()).toBe(t0.getTime());
    expect(after.secrets[0]!.lastUsedAt?.getTime()).toBe(t0.getTime());
    expect(await db().credentialUsage.count({ where: { orgId: org.id } })).toBe(2);
  });
});
