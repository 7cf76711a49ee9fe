import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { db } from "../db";
import { isDatabaseUnavailable } from "../db-availability";
import { makeOrg } from "../testing/factories";
import { ownSqliteDatabase } from "../testing/own-sqlite-database";
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
