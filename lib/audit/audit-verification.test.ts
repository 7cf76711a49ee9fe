import { beforeAll, describe, expect, it } from "vitest";
import { db, transaction } from "../db";
import { cliActor, systemActor } from "./types";
import { recordAuditEvents } from "./record-audit-event";
import { verifyAuditChain } from "./verify-audit-chain";
import { startAuditVerification } from "./start-audit-verification";
import { getAuditVerification } from "./get-audit-verification";
import { verificationJobSettled } from "./verification-jobs";
import { signAuditCheckpoint } from "./audit-checkpoint";
import { actorFor, makeOrg, makeUser } from "../testing/factories";

const LONG = 50_000;

async function orgWithEvents(count: number, members: Parameters<typeof makeOrg>[0] = []) {
  const org = await makeOrg(members);
  // Small transactions: on SQLite each holds the database write lock, which other test files (and the CLI) wait for.
  for (let done = 0; done < count; done += 1_000) {
    const n = Math.min(1_000, count - done);
    await transaction((tx) =>
      recordAuditEvents(tx, Array.from({ length: n }, (_, i) => ({ orgId: org.id, action: "token.issued", actor: systemActor, metadata: { i: done + i } }))),
    );
  }
  return org;
}

describe("a long verification leaves the server responsive", () => {
  let long: Awaited<ReturnType<typeof orgWithEvents>>;
  beforeAll(async () => {
    long = await orgWithEvents(LONG);
  }, 120_000);

  it(`a timer and a database read complete while ${LONG.toLocaleString("en")} events are verified (the CLI's full walk)`, async () => {
    const finished: string[] = [];
    const verifying = verifyAuditChain(cliActor(), long.slug).then((v) => {
      finished.push("verify");
      return v;
    });
    const timer = new Promise<void>((resolve) => setTimeout(resolve, 0)).then(() => finished.push("timer"));
    const read = db().organization.findUnique({ where: { id: long.id } }).then(() => finished.push("read"));
    const [result] = await Promise.all([verifying, timer, read]);
    expect(result).toMatchObject({ ok: true, checked: LONG, mode: "start" });
    expect(finished.indexOf("timer")).toBeLessThan(finished.indexOf("verify"));
    expect(finished.indexOf("read")).toBeLessThan(finished.indexOf("verify"));
  });

  it("the console's request answers with a job at once; polls show progress, then the result", async () => {
    const viewer = await makeUser({ password: null });
    await db().membership.create({ data: { orgId: long.id, userId: viewer.id, role: "REVIEWER" } });
    const actor = actorFor(viewer);
    const { job, joined } = await startAuditVerification(actor, long.slug, { from: "start" });
    expect(joined).toBe(false);
    expect(job).toMatchObject({ status: "running", checked: 0, result: null });

    // A second Verify while it runs joins it rather than walking the chain again.
    const again = await startAuditVerification(actor, long.slug, { from: "start" });
    expect(again).toMatchObject({ joined: true, job: { id: job.id } });

    const seen: number[] = [];
    let poll = await getAuditVerification(actor, long.slug, job.id);
    while (poll.status === "running") {
      seen.push(poll.checked);
      await new Promise((resolve) => setTimeout(resolve, 5));
      poll = await getAuditVerification(actor, long.slug, job.id);
    }
    expect(poll).toMatchObject({ status: "done", total: LONG, checked: LONG, result: { ok: true, checked: LONG, mode: "start" } });
    // Polls answered during the walk, with the count growing between them.
    expect(seen.some((checked) => checked > 0 && checked < LONG)).toBe(true);
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
  });
});

describe("verification jobs", () => {
  it("are the organisation's own: another org's member gets 404 for the job, a non-member for the org", async () => {
    const owner = await makeUser({ password: null });
    const org = await orgWithEvents(10, [{ userId: owner.id, role: "OWNER" }]);
    const intruder = await makeUser({ password: null });
    const theirs = await makeOrg([{ userId: intruder.id, role: "OWNER" }]);
    const { job } = await startAuditVerification(actorFor(owner), org.slug);
    await expect(getAuditVerification(actorFor(intruder), theirs.slug, job.id)).rejects.toMatchObject({ code: "not_found" });
    await expect(getAuditVerification(actorFor(intruder), org.slug, job.id)).rejects.toMatchObject({ code: "not_found" });
    await expect(startAuditVerification(actorFor(intruder), org.slug)).rejects.toMatchObject({ code: "not_found" });
    await verificationJobSettled(job.id);
    expect(await getAuditVerification(actorFor(owner), org.slug, job.id)).toMatchObject({ status: "done", result: { ok: true } });
    // Finished: the next Verify starts a new walk.
    const next = await startAuditVerification(actorFor(owner), org.slug);
    expect(next).toMatchObject({ joined: false, job: { status: "running" } });
    expect(next.job.id).not.toBe(job.id);
    await verificationJobSettled(next.job.id);
  });

  it("run one per organisation: two organisations verify side by side", async () => {
    const [a, b] = await Promise.all([orgWithEvents(10), orgWithEvents(12)]);
    const [ja, jb] = await Promise.all([startAuditVerification(cliActor(), a.slug), startAuditVerification(cliActor(), b.slug)]);
    expect(ja.joined || jb.joined).toBe(false);
    expect(ja.job.id).not.toBe(jb.job.id);
    await Promise.all([verificationJobSettled(ja.job.id), verificationJobSettled(jb.job.id)]);
    expect((await getAuditVerification(cliActor(), a.slug, ja.job.id)).result).toMatchObject({ ok: true, checked: 10 });
    expect((await getAuditVerification(cliActor(), b.slug, jb.job.id)).result).toMatchObject({ ok: true, checked: 12 });
  });
});

describe("verifying from the newest trusted checkpoint", () => {
  async function anchoredOrg() {
    const org = await orgWithEvents(30);
    await signAuditCheckpoint(systemActor, org.id, { throughSeq: 10 });
    await signAuditCheckpoint(systemActor, org.id, { throughSeq: 20 });
    return org;
  }
  const quick = (slug: string) => verifyAuditChain(cliActor(), slug, { from: "checkpoint" });
  const full = (slug: string) => verifyAuditChain(cliActor(), slug, { from: "start" });

  it("walks only the events after it", async () => {
    const org = await anchoredOrg();
    expect(await quick(org.slug)).toMatchObject({ ok: true, mode: "checkpoint", startSeq: 21, checked: 10, throughSeq: 30, anchor: { seq: 20 } });
    expect(await full(org.slug)).toMatchObject({ ok: true, mode: "start", startSeq: 1, checked: 30 });
  });

  it("finds a change after the checkpoint; a change before it is left to the full walk", async () => {
    const org = await anchoredOrg();
    await db().$executeRaw`UPDATE "AuditEvent" SET "actorLabel" = 'mallory' WHERE "chainKey" = ${org.id} AND "seq" = 25`;
    expect(await quick(org.slug)).toMatchObject({ ok: false, firstBrokenSeq: 25, reason: "changed" });
    const other = await anchoredOrg();
    await db().$executeRaw`UPDATE "AuditEvent" SET "actorLabel" = 'mallory' WHERE "chainKey" = ${other.id} AND "seq" = 5`;
    expect(await quick(other.slug)).toMatchObject({ ok: true, startSeq: 21 });
    expect(await full(other.slug)).toMatchObject({ ok: false, firstBrokenSeq: 5, reason: "changed" });
  });

  it("refuses to start from a checkpoint row that was tampered with, or whose event was", async () => {
    const forged = await anchoredOrg();
    await db().$executeRaw`UPDATE "AuditCheckpoint" SET "hash" = ${"0".repeat(64)} WHERE "chainKey" = ${forged.id} AND "seq" = 20`;
    expect(await quick(forged.slug)).toMatchObject({ ok: false, firstBrokenSeq: 20, reason: "bad_checkpoint", checked: 0 });
    const altered = await anchoredOrg();
    await db().$executeRaw`UPDATE "AuditEvent" SET "hash" = ${"0".repeat(64)} WHERE "chainKey" = ${altered.id} AND "seq" = 20`;
    expect(await quick(altered.slug)).toMatchObject({ ok: false, firstBrokenSeq: 20, reason: "checkpoint_mismatch" });
  });

  it("still detects a dropped tail", async () => {
    const org = await anchoredOrg();
    await db().$executeRaw`DELETE FROM "AuditEvent" WHERE "chainKey" = ${org.id} AND "seq" > 27`;
    expect(await quick(org.slug)).toMatchObject({ ok: false, firstBrokenSeq: 28, reason: "truncated", checked: 7 });
  });

  it("without a checkpoint, walks the whole chain", async () => {
    const org = await orgWithEvents(12);
    expect(await quick(org.slug)).toMatchObject({ ok: true, mode: "checkpoint", startSeq: 1, checked: 12, anchor: null });
  });
});
