import { describe, expect, it } from "vitest";
import { db, transaction } from "../db";
import { cliActor, systemActor } from "./types";
import { recordAuditEvents } from "./record-audit-event";
import { verifyAuditChain } from "./verify-audit-chain";
import { makeOrg } from "../testing/factories";

const N = 30;

async function orgWithChain() {
  const org = await makeOrg();
  await transaction((tx) =>
    recordAuditEvents(tx, Array.from({ length: N }, (_, i) => ({ orgId: org.id, action: "token.issued", actor: systemActor, metadata: { i } }))),
  );
  return org;
}

const verify = (slug: string) => verifyAuditChain(cliActor(), slug);

describe("audit chain verification", () => {
  it("an untouched chain verifies", async () => {
    const org = await orgWithChain();
    expect(await verify(org.slug)).toMatchObject({ ok: true, checked: N, firstBrokenSeq: null, reason: null, fromSeq: 1, throughSeq: N, anchor: null });
  });

  it("names a changed field", async () => {
    const org = await orgWithChain();
    await db().$executeRaw`UPDATE "AuditEvent" SET "actorLabel" = 'mallory' WHERE "chainKey" = ${org.id} AND "seq" = 10`;
    expect(await verify(org.slug)).toMatchObject({ ok: false, firstBrokenSeq: 10, reason: "changed", checked: 9 });
  });

  it("names an event whose index-only otherTargetId was edited to hide it from a client id's list", async () => {
    const org = await makeOrg();
    const client = { type: "service_account" as const, id: "sa_watched", label: "watched" };
    await transaction((tx) =>
      recordAuditEvents(tx, [
        { orgId: org.id, action: "service_account.deactivated", actor: systemActor, target: client },
        { orgId: org.id, action: "token.issued", actor: client, target: client },
      ]),
    );
    const stored = await db().auditEvent.findMany({ where: { chainKey: org.id }, orderBy: { seq: "asc" }, select: { otherTargetId: true } });
    expect(stored).toEqual([{ otherTargetId: "sa_watched" }, { otherTargetId: null }]);
    expect(await verify(org.slug)).toMatchObject({ ok: true, checked: 2 });
    await db().$executeRaw`UPDATE "AuditEvent" SET "otherTargetId" = NULL WHERE "chainKey" = ${org.id} AND "seq" = 1`;
    expect(await verify(org.slug)).toMatchObject({ ok: false, firstBrokenSeq: 1, reason: "changed", checked: 0 });
  });

  it("names a deleted event", async () => {
    const org = await orgWithChain();
    await db().$executeRaw`DELETE FROM "AuditEvent" WHERE "chainKey" = ${org.id} AND "seq" = 12`;
    expect(await verify(org.slug)).toMatchObject({ ok: false, firstBrokenSeq: 12, reason: "missing" });
  });

  it("names an inserted event", async () => {
    const org = await orgWithChain();
    // make room at 15 by renumbering the rest, newest first (the sequence is unique per chain)
    for (let seq = N; seq >= 15; seq--) {
      await db().$executeRaw`UPDATE "AuditEvent" SET "seq" = ${seq + 1} WHERE "chainKey" = ${org.id} AND "seq" = ${seq}`;
    }
    const template = await db().auditEvent.findFirstOrThrow({ where: { chainKey: org.id, seq: 14 } });
    const { id: _id, ...rest } = template;
    await db().auditEvent.create({ data: { ...rest, seq: 15, action: "test.forged", prevHash: template.hash } });
    expect(await verify(org.slug)).toMatchObject({ ok: false, firstBrokenSeq: 15 });
  });

  it("names two swapped events", async () => {
    const org = await orgWithChain();
    await db().$executeRaw`UPDATE "AuditEvent" SET "seq" = -1 WHERE "chainKey" = ${org.id} AND "seq" = 20`;
    await db().$executeRaw`UPDATE "AuditEvent" SET "seq" = 20 WHERE "chainKey" = ${org.id} AND "seq" = 21`;
    await db().$executeRaw`UPDATE "AuditEvent" SET "seq" = 21 WHERE "chainKey" = ${org.id} AND "seq" = -1`;
    expect(await verify(org.slug)).toMatchObject({ ok: false, firstBrokenSeq: 20 });
  });

  it("names a dropped tail", async () => {
    const org = await orgWithChain();
    await db().$executeRaw`DELETE FROM "AuditEvent" WHERE "chainKey" = ${org.id} AND "seq" > ${N - 3}`;
    expect(await verify(org.slug)).toMatchObject({ ok: false, firstBrokenSeq: N - 2, reason: "truncated", checked: N - 3 });
  });

  it("cannot be re-forged without TESSERA_SECRET: a plain SHA-256 chain does not verify", async () => {
    const org = await orgWithChain();
    const { createHash } = await import("node:crypto");
    const { canonicalJson } = await import("./hash");
    const first = await db().auditEvent.findFirstOrThrow({ where: { chainKey: org.id, seq: 1 } });
    const { id: _id, hash: _hash, otherTargetId: _indexed, ...fields } = first;
    const forged = createHash("sha256").update(canonicalJson({ ...fields, actorLabel: "mallory" })).digest("hex");
    await db().auditEvent.update({ where: { id: first.id }, data: { actorLabel: "mallory", hash: forged } });
    expect(await verify(org.slug)).toMatchObject({ ok: false, firstBrokenSeq: 1, reason: "changed" });
  });
});
