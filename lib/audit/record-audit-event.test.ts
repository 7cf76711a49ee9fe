import { describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { db, transaction } from "../db";
import { makeOrg } from "../testing/factories";
import { canonicalJson } from "./hash";
import { recordAuditEvent, recordAuditEvents } from "./record-audit-event";
import { storedEventIntact } from "./walk-chain";
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
      expect(storedEventIntact(e)).toBe(true);
      prev = e.hash;
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

  it("refuses a malformed action name, and records nothing", async () => {
    const org = await makeOrg();
    const malformed = { orgId: org.id, action: "Not Dotted", actor: systemActor } as unknown as AuditEventInput;
    const error = await transaction((tx) => recordAuditEvent(tx, malformed)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZodError);
    expect((error as ZodError).issues).toEqual([expect.objectContaining({ path: ["action"] })]);
    expect(await db().auditEvent.count({ where: { orgId: org.id } })).toBe(0);
    expect(await db().auditChain.findUnique({ where: { key: org.id } })).toBeNull();
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
    await transaction((tx) => recordAuditEvent(tx, { orgId: org.id, action: "token.issued", actor: systemActor, metadata }));
    const row = await db().auditEvent.findFirstOrThrow({ where: { orgId: org.id } });
    expect(row.metadata).toBe(canonicalJson(metadata));
  });
});

describe("otherTargetId, the index-only copy of a target that is not the actor", () => {
  it("is derived by the database for a writer that predates it (an older instance during a rolling deploy)", async () => {
    const org = await makeOrg();
    // As the previous release's INSERT wrote an event: every column but otherTargetId.
    const insertAsOldWriter = (id: string, seq: number, actorId: string | null) =>
      db().$executeRaw`INSERT INTO "AuditEvent" ("id", "chainKey", "orgId", "seq", "occurredAt", "actorType", "actorId", "action", "targetType", "targetId", "outcome", "hash")
        VALUES (${id}, ${`old-${org.id}`}, ${org.id}, ${seq}, ${new Date()}, ${"system"}, ${actorId}, ${"service_account.deactivated"}, ${"service_account"}, ${"sa_old"}, ${"success"}, ${"h"})`;
    await insertAsOldWriter(`by-system-${org.id}`, 1, null);
    await insertAsOldWriter(`by-itself-${org.id}`, 2, "sa_old");
    const rows = await db().auditEvent.findMany({ where: { chainKey: `old-${org.id}` }, orderBy: { seq: "asc" }, select: { otherTargetId: true } });
    expect(rows).toEqual([{ otherTargetId: "sa_old" }, { otherTargetId: null }]);
  });
});

describe("writers of several chains lock them in one order (issue 10, item 9)", () => {
  it("two writers touching the same chains in opposite orders never deadlock", async () => {
    const [a, b, c] = await Promise.all([makeOrg(), makeOrg(), makeOrg()]);
    const events = (orgs: { id: string }[]) => orgs.map((o) => ({ orgId: o.id, action: "audit.exported" as const, actor: systemActor }));
    const rounds = 30;
    const results = await Promise.allSettled(
      Array.from({ length: rounds }, (_, i) =>
        transaction((tx) => recordAuditEvents(tx, events(i % 2 ? [a, b, c] : [c, b, a]))),
      ),
    );
    expect(results.filter((r) => r.status === "rejected").map((r) => String((r as PromiseRejectedResult).reason))).toEqual([]);
    for (const org of [a, b, c]) {
      const seqs = (await db().auditEvent.findMany({ where: { orgId: org.id }, orderBy: { seq: "asc" }, select: { seq: true } })).map((e) => e.seq);
      expect(seqs).toEqual(Array.from({ length: rounds }, (_, i) => i + 1));
    }
  });
});
