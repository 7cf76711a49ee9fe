import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { db } from "../db";
import type { HotSql, SqlArg } from "../db-hot";
import { isDatabaseUnavailable } from "../db-availability";
import { makeOrg } from "../testing/factories";
import { ownSqliteDatabase } from "../testing/own-database";
import { recordAuditEventSoon } from "./audit-batcher";
import { systemActor } from "./types";

// Holds SQLite's write lock past the busy timeout: on a database of its own.
const own = await ownSqliteDatabase();

describe.skipIf(!own)("audit group commit while the database cannot take writes", () => {
  it("fails the whole batch at once, without retrying its events one by one after the database came back", { timeout: 40_000 }, async () => {
    const org = await makeOrg();
    const holder = new Database(own!.file);
    holder.exec("BEGIN IMMEDIATE");
    // Held past the adapter's 10 s patience, so the batch gives up. The old
    // code then retried each event on its own, each waiting for the lock
    // again; released meanwhile, they committed after their batch had failed.
    let held = true;
    const release = () => {
      if (held) holder.exec("ROLLBACK");
      held = false;
    };
    const timer = setTimeout(release, 13_000);
    try {
      const outcomes = await Promise.allSettled([1, 2, 3].map((i) => recordAuditEventSoon({ orgId: org.id, action: "user.signed_in", actor: systemActor, metadata: { i } })));
      expect(outcomes.map((o) => o.status)).toEqual(["rejected", "rejected", "rejected"]);
      for (const o of outcomes) expect(isDatabaseUnavailable((o as PromiseRejectedResult).reason)).toBe(true);
    } finally {
      clearTimeout(timer);
      release();
      holder.close();
    }
    expect(await db().auditEvent.count({ where: { orgId: org.id, action: "user.signed_in" } })).toBe(0);
  });
});

describe("merged writes", () => {
  it("writes the rows of a batch's jobs in one call, and each job's own when the batch is retried one by one", async () => {
    const org = await makeOrg();
    const run = Math.random().toString(36).slice(2);
    const jti = (name: string) => `${run}-${name}`;
    const calls: string[][] = [];
    const write = async (sql: HotSql, rows: SqlArg[][]) => {
      calls.push(rows.map((r) => String(r[0]).slice(run.length + 1)));
      if (rows.some((r) => String(r[0]).endsWith("-bad"))) throw new Error("a bad row");
      await sql.execute(`INSERT INTO "RevokedToken" ("jti", "orgId", "expiresAt") VALUES ${rows.map(() => "(?, ?, ?)").join(", ")}`, rows.flat());
    };
    const expiresAt = new Date(Date.now() + 3_600_000);
    const job = (name: string) =>
      recordAuditEventSoon({ orgId: org.id, action: "token.revoked", actor: systemActor, metadata: { name } }, { rows: [[jti(name), org.id, expiresAt]], write });

    // A job's own write runs in the same batch, before the merged ones, though it was queued last.
    const merged = ["a", "b", "c"].map(job);
    const own = recordAuditEventSoon({ orgId: org.id, action: "token.revoked", actor: systemActor, metadata: { name: "own" } }, async () => {
      calls.push(["own"]);
    });
    await Promise.all([...merged, own]);
    expect(calls).toEqual([["own"], ["a", "b", "c"]]);

    calls.length = 0;
    const outcomes = await Promise.allSettled(["d", "bad", "e"].map(job));
    expect(outcomes.map((o) => o.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect(calls).toEqual([["d", "bad", "e"], ["d"], ["bad"], ["e"]]);

    const stored = await db().revokedToken.findMany({ where: { orgId: org.id }, orderBy: { jti: "asc" } });
    expect(stored.map((r) => r.jti)).toEqual(["a", "b", "c", "d", "e"].map(jti));
    const events = await db().auditEvent.findMany({ where: { orgId: org.id, action: "token.revoked" } });
    expect(events.map((e) => JSON.parse(e.metadata!).name).sort()).toEqual(["a", "b", "c", "d", "e", "own"]);
  });
});
