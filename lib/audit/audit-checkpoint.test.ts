import { describe, expect, it } from "vitest";
import { CompactSign, exportJWK, generateKeyPair } from "jose";
import { db, dbProvider, transaction } from "../db";
import { cliActor, systemActor } from "./types";
import { recordAuditEvents } from "./record-audit-event";
import { verifyAuditChain, PRUNE_ACTION } from "./verify-audit-chain";
import { CHECKPOINT_TYPE, readAuditCheckpoint, signAuditCheckpoint } from "./audit-checkpoint";
import { runAuditMaintenance } from "./run-audit-maintenance";
import { pruneAuditEvents } from "./prune-audit-events";
import { setAuditRetention } from "./set-audit-retention";
import { actorFor, makeOrg, makeUser } from "../testing/factories";

const DAY = 86_400_000;

async function append(orgId: string, count: number, occurredAt?: Date) {
  await transaction((tx) =>
    recordAuditEvents(tx, Array.from({ length: count }, (_, i) => ({ orgId, action: "token.issued", actor: systemActor, occurredAt, metadata: { i } }))),
  );
}

const verify = (slug: string, anchor?: string) => verifyAuditChain(cliActor(), slug, { anchor });

/** Run `work` while `write` runs over and over, `pauseMs` apart; the writer has stopped when this returns. */
async function whileWriting<T>(write: () => Promise<unknown>, pauseMs: number, work: () => Promise<T>): Promise<T> {
  let writing = true;
  const writer = (async () => {
    while (writing) {
      await write();
      await new Promise((resolve) => setTimeout(resolve, pauseMs));
    }
  })();
  try {
    return await work();
  } finally {
    writing = false;
    await writer;
  }
}

describe("signed audit checkpoints", () => {
  it("anchor the chain and say how many newer events are not yet anchored", async () => {
    const org = await makeOrg();
    await append(org.id, 20);
    const checkpoint = await signAuditCheckpoint(systemActor, org.id);
    expect(checkpoint).toMatchObject({ seq: 20 });
    expect(await readAuditCheckpoint(checkpoint!.jws)).toMatchObject({ chain: org.id, org: org.id, seq: 20, hash: checkpoint!.hash });
    await append(org.id, 5);
    const result = await verify(org.slug);
    expect(result).toMatchObject({ ok: true, checked: 25, throughSeq: 25, unanchored: 5, anchor: { seq: 20, external: false } });
    // signing again at the same head is idempotent
    expect((await signAuditCheckpoint(systemActor, org.id, { throughSeq: 20 }))!.id).toBe(checkpoint!.id);
  });

  it("detect a dropped tail even when the head row was rolled back with it", async () => {
    const org = await makeOrg();
    await append(org.id, 30);
    await signAuditCheckpoint(systemActor, org.id);
    const seq27 = await db().auditEvent.findFirstOrThrow({ where: { chainKey: org.id, seq: 27 } });
    await db().$executeRaw`DELETE FROM "AuditEvent" WHERE "chainKey" = ${org.id} AND "seq" > 27`;
    await db().auditChain.update({ where: { key: org.id }, data: { lastSeq: 27, lastHash: seq27.hash } });
    expect(await verify(org.slug)).toMatchObject({ ok: false, firstBrokenSeq: 28, reason: "truncated" });
  });

  it("a checkpoint kept outside the database catches truncation that also removed the checkpoint rows", async () => {
    const org = await makeOrg();
    await append(org.id, 30);
    const kept = (await signAuditCheckpoint(systemActor, org.id))!.jws;
    const seq27 = await db().auditEvent.findFirstOrThrow({ where: { chainKey: org.id, seq: 27 } });
    await db().$executeRaw`DELETE FROM "AuditEvent" WHERE "chainKey" = ${org.id} AND "seq" > 27`;
    await db().auditCheckpoint.deleteMany({ where: { chainKey: org.id } });
    await db().auditChain.update({ where: { key: org.id }, data: { lastSeq: 27, lastHash: seq27.hash } });
    // Without the outside copy the shortened chain looks whole: that is what the copy is for.
    expect(await verify(org.slug)).toMatchObject({ ok: true, anchor: null, unanchored: 27 });
    expect(await verify(org.slug, kept)).toMatchObject({ ok: false, firstBrokenSeq: 28, reason: "truncated" });
  });

  it("refuse a checkpoint signed by a key this installation did not create", async () => {
    const org = await makeOrg();
    await append(org.id, 10);
    const real = (await signAuditCheckpoint(systemActor, org.id))!;
    const { publicKey, privateKey } = await generateKeyPair("ES256", { extractable: true });
    const kid = "forged-key";
    // Never current nor published (other tests share this database), but present to look up by kid.
    await db().signingKey.create({
      data: { kid, alg: "ES256", publicJwk: JSON.stringify({ ...(await exportJWK(publicKey)), kid, alg: "ES256" }), privateKeyEnc: "not-ours", activatesAt: new Date("2999-01-01"), retiredAt: new Date("2999-01-01"), publishedUntil: new Date(0) },
    });
    const claims = { chain: org.id, org: org.id, seq: 10, hash: real.hash, iat: Math.floor(Date.now() / 1000) };
    const forged = await new CompactSign(new TextEncoder().encode(JSON.stringify(claims))).setProtectedHeader({ alg: "ES256", kid, typ: CHECKPOINT_TYPE }).sign(privateKey);
    expect(await readAuditCheckpoint(forged)).toBeNull();
    await db().auditCheckpoint.update({ where: { id: real.id }, data: { jws: forged, kid } });
    expect(await verify(org.slug)).toMatchObject({ ok: false, firstBrokenSeq: 10, reason: "bad_checkpoint" });
    expect(await verify(org.slug, forged)).toMatchObject({ ok: false, reason: "bad_checkpoint" });
  });

  it("are never signed over a chain that does not verify", async () => {
    const org = await makeOrg();
    await append(org.id, 10);
    await db().$executeRaw`UPDATE "AuditEvent" SET "actorLabel" = 'mallory' WHERE "chainKey" = ${org.id} AND "seq" = 4`;
    await expect(signAuditCheckpoint(systemActor, org.id)).rejects.toMatchObject({ code: "conflict", userMessage: expect.stringMatching(/broken at sequence 4/) });
    expect(await db().auditCheckpoint.count({ where: { chainKey: org.id } })).toBe(0);
    const report = await runAuditMaintenance();
    expect(report.failed).toEqual(expect.arrayContaining([{ chainKey: org.id, error: expect.stringMatching(/broken at sequence 4/) }]));
  });

  it("verifying while events and checkpoints keep arriving reports no false break", async () => {
    const org = await makeOrg();
    // More than one walk batch (5,000), written in small transactions to keep the shared SQLite file's lock short.
    for (let i = 0; i < 6; i++) await append(org.id, 1_000);
    const results = await whileWriting(
      async () => {
        await append(org.id, 5);
        await signAuditCheckpoint(systemActor, org.id);
      },
      25, // leaves the write lock to the other test files sharing this SQLite database
      async () => {
        const results = [];
        for (let i = 0; i < 3; i++) results.push(await verify(org.slug));
        return results;
      },
    );
    for (const r of results) expect(r, JSON.stringify(r)).toMatchObject({ ok: true, firstBrokenSeq: null });
    expect(results.at(-1)!.checked).toBeGreaterThan(6_000);
  }, 60_000);

  it("a short chain verified over and over while single events land is never called truncated", async () => {
    // Each verification finishes in a few milliseconds here, so appends land
    // between its reads of the head, the events and the checkpoints. (The
    // race was PostgreSQL's; on SQLite the writer leaves the shared file's
    // write lock to the other test files more often.)
    const org = await makeOrg();
    await append(org.id, 20);
    const pause = dbProvider() === "postgresql" ? 2 : 25;
    const broken = await whileWriting(() => append(org.id, 1), pause, async () => {
      const broken = [];
      for (let i = 0; i < 150; i++) {
        const r = await verify(org.slug);
        if (!r.ok) broken.push(r);
      }
      return broken;
    });
    expect(broken).toEqual([]);
  }, 60_000);

  it("several instances signing at once leave one checkpoint", async () => {
    const org = await makeOrg();
    await append(org.id, 50);
    const signed = await Promise.all(Array.from({ length: 4 }, () => signAuditCheckpoint(systemActor, org.id)));
    expect(new Set(signed.map((c) => c!.id)).size).toBe(1);
    expect(await db().auditCheckpoint.count({ where: { chainKey: org.id } })).toBe(1);
  });

  it("maintenance checkpoints every grown chain once", async () => {
    const a = await makeOrg();
    const b = await makeOrg();
    await append(a.id, 3);
    await append(b.id, 4);
    const first = await runAuditMaintenance();
    expect(first.checkpointed).toEqual(expect.arrayContaining([a.id, b.id]));
    const second = await runAuditMaintenance();
    expect(second.checkpointed).not.toContain(a.id);
    expect(await db().auditCheckpoint.findMany({ where: { chainKey: { in: [a.id, b.id] } }, select: { seq: true } })).toHaveLength(2);
  });
});

describe("audit retention", () => {
  async function orgWithHistory() {
    const owner = await makeUser();
    const org = await makeOrg([{ userId: owner.id, role: "OWNER" }]);
    await append(org.id, 20, new Date(Date.now() - 120 * DAY));
    await append(org.id, 10, new Date(Date.now() - 10 * DAY));
    return { org, owner };
  }

  it("keeps everything by default", async () => {
    const { org } = await orgWithHistory();
    await runAuditMaintenance();
    expect(await db().auditEvent.count({ where: { chainKey: org.id } })).toBe(30);
  });

  it("prunes old events and the rest still verifies from the signed checkpoint", async () => {
    const { org, owner } = await orgWithHistory();
    await setAuditRetention(actorFor(owner), org.slug, { days: 90 });
    const report = await runAuditMaintenance();
    expect(report.pruned).toEqual([{ orgId: org.id, count: 20 }]);
    const remaining = await db().auditEvent.findMany({ where: { chainKey: org.id }, orderBy: { seq: "asc" } });
    expect(remaining[0]!.seq).toBe(21);
    expect(remaining.map((e) => e.action)).toEqual(expect.arrayContaining(["audit.retention_changed", PRUNE_ACTION]));
    expect(await verify(org.slug)).toMatchObject({ ok: true, fromSeq: 21, checked: remaining.length, anchor: { seq: 31 }, unanchored: 1 });
    // a second run has nothing left to do, and the chain keeps growing normally
    expect((await runAuditMaintenance()).pruned).toEqual([]);
    await append(org.id, 3);
    expect(await verify(org.slug)).toMatchObject({ ok: true, fromSeq: 21, checked: remaining.length + 3 });
  });

  it("still names events removed beyond what was pruned", async () => {
    const { org, owner } = await orgWithHistory();
    await setAuditRetention(actorFor(owner), org.slug, { days: 90 });
    await runAuditMaintenance();
    await db().$executeRaw`DELETE FROM "AuditEvent" WHERE "chainKey" = ${org.id} AND "seq" <= 23`;
    expect(await verify(org.slug)).toMatchObject({ ok: false, firstBrokenSeq: 21, reason: "missing" });
  });

  it("notices events removed without a recorded pruning, even up to a checkpoint", async () => {
    const { org } = await orgWithHistory();
    await signAuditCheckpoint(systemActor, org.id, { throughSeq: 20 });
    await db().$executeRaw`DELETE FROM "AuditEvent" WHERE "chainKey" = ${org.id} AND "seq" <= 20`;
    expect(await verify(org.slug)).toMatchObject({ ok: false, firstBrokenSeq: 1, reason: "missing" });
  });

  it("only owners change it, within bounds, and the change is audited", async () => {
    const { org, owner } = await orgWithHistory();
    const admin = await makeUser();
    await db().membership.create({ data: { orgId: org.id, userId: admin.id, role: "ADMIN" } });
    await expect(setAuditRetention(actorFor(admin), org.slug, { days: 90 })).rejects.toMatchObject({ code: "forbidden" });
    await expect(setAuditRetention(actorFor(owner), org.slug, { days: 7 })).rejects.toMatchObject({ code: "validation_failed" });
    await setAuditRetention(actorFor(owner), org.slug, { days: 365 });
    await setAuditRetention(actorFor(owner), org.slug, { days: null });
    const changes = await db().auditEvent.findMany({ where: { orgId: org.id, action: "audit.retention_changed" }, orderBy: { seq: "asc" } });
    expect(changes.map((e) => JSON.parse(e.metadata!))).toEqual([
      { before: { retentionDays: null }, after: { retentionDays: 365 } },
      { before: { retentionDays: 365 }, after: { retentionDays: null } },
    ]);
  });
});

describe("checkpoints and pruning are audited, authorised actions (issue 10, item 15)", () => {
  it("a checkpoint commits with its record in the instance trail; people cannot sign; maintenance does not sign its own records forever", async () => {
    const org = await makeOrg();
    await append(org.id, 5);
    const user = actorFor(await makeUser());
    await expect(signAuditCheckpoint(user, org.id)).rejects.toMatchObject({ code: "forbidden" });
    const checkpoint = (await signAuditCheckpoint(cliActor(), org.id))!;
    const record = await db().auditEvent.findFirstOrThrow({ where: { action: "audit.checkpoint_signed", targetId: org.id } });
    expect(record).toMatchObject({ orgId: null, actorType: "cli" });
    expect(JSON.parse(record.metadata!)).toMatchObject({ chain: org.id, seq: checkpoint.seq, kid: checkpoint.kid });
    // The organisation's chain stays fully anchored: the record went elsewhere.
    expect(await verify(org.slug)).toMatchObject({ ok: true, unanchored: 0 });

    // Repeated maintenance settles: an anchored chain is not signed again
    // (other test files may be writing to their own chains meanwhile).
    await append(org.id, 1);
    expect((await runAuditMaintenance()).checkpointed).toContain(org.id);
    expect((await runAuditMaintenance()).checkpointed).not.toContain(org.id);
  });

  it("pruning is recorded with its actor and refused to anyone but the server and its operator", async () => {
    const owner = await makeUser();
    const org = await makeOrg([{ userId: owner.id, role: "OWNER" }]);
    await append(org.id, 3, new Date(Date.now() - 400 * DAY));
    await append(org.id, 2);
    const settings = { id: org.id, auditRetentionDays: 365 };
    await expect(pruneAuditEvents(actorFor(owner), settings)).rejects.toMatchObject({ code: "forbidden" });
    expect(await db().auditEvent.count({ where: { orgId: org.id } })).toBe(5);
    expect(await pruneAuditEvents(cliActor(), settings)).toMatchObject({ pruned: 3, throughSeq: 3 });
    const pruning = await db().auditEvent.findFirstOrThrow({ where: { orgId: org.id, action: PRUNE_ACTION } });
    expect(pruning).toMatchObject({ actorType: "cli" });
    expect(await verify(org.slug)).toMatchObject({ ok: true });
  });
});
