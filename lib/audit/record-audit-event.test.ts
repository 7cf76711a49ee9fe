import { describe, expect, it } from "vitest";
import { db, transaction } from "../db";
import { makeOrg } from "../testing/factories";
import { auditEventHash, canonicalJson } from "./hash";
import { recordAuditEvent } from "./record-audit-event";
import { systemActor, type AuditEventInput } from "./types";

describe("recordAuditEvent", () => {
  it("numbers events per organisation without gaps, even under concurrent writers, and chains their hashes", async () => {
    const org = await makeOrg();
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        transaction((tx) =>
          recordAuditEvent(tx, { orgId: org.id, action: "token.issued", actor: systemActor, metadata: { i } }),
        ),
      ),
    );
    const events = await db().auditEvent.findMany({ where: { orgId: org.id }, orderBy: { seq: "asc" } });
    expect(events.map((e) => e.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    let prev: string | null = null;
    for (const e of events) {
      expect(e.prevHash).toBe(prev);
      const { id: _id, hash, ...fields } = e;
      expect(auditEventHash(fields)).toBe(hash);
      prev = hash;
    }
  });

  it("commits with the change it records, or not at all", async () => {
    const org = await makeOrg();
    await expect(
      transaction(async (tx) => {
        await recordAuditEvent(tx, { orgId: org.id, action: "token.issued", actor: systemActor });
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    expect(await db().auditEvent.count({ where: { orgId: org.id } })).toBe(0);
  });

  it("refuses an action the catalog does not define, and metadata that does not fit the action's schema", async () => {
    const org = await makeOrg();
    const unknown = { orgId: org.id, action: "service_account.renamed", actor: systemActor } as unknown as AuditEventInput;
    await expect(transaction((tx) => recordAuditEvent(tx, unknown))).rejects.toMatchObject({ issues: [expect.objectContaining({ path: ["action"] })] });
    await expect(
      transaction((tx) => recordAuditEvent(tx, { orgId: org.id, action: "audit.events_pruned", actor: systemActor, metadata: { count: 3 } })),
    ).rejects.toMatchObject({ issues: [expect.objectContaining({ path: ["metadata", "throughSeq"] })] });
    expect(await db().auditEvent.count({ where: { orgId: org.id } })).toBe(0);
  });

  it("stores catalogued metadata exactly as given, unknown fields included (the hash chain covers it)", async () => {
    const org = await makeOrg();
    const metadata = { jti: "j1", scopes: ["a:b"], extra: { nested: [1, 2] }, zeta: null };
    const row = await transaction((tx) => recordAuditEvent(tx, { orgId: org.id, action: "token.issued", actor: systemActor, metadata }));
    expect(row.metadata).toBe(canonicalJson(metadata));
  });
});
