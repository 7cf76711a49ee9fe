import Database from "better-sqlite3";
import { describe, expect, inject, it } from "vitest";
import { db } from "../db";
import { AppError } from "../errors";
import { token } from "../testing/oauth-client";
import { ownSqliteDatabase } from "../testing/own-database";
import { raceBehindAccountRow, rowLockHolder } from "../testing/row-lock-holder";
import { orgWithServiceAccount } from "../testing/service-account-fixtures";
import { deactivateServiceAccount } from "./set-service-account-status";

// Another process (the CLI, a second instance) deactivates an account while
// this one is issuing it a token. The holder connection below plays that
// process, holding SQLite's write lock: on a database of its own.
const own = await ownSqliteDatabase();
const cc = { grant_type: "client_credentials" };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(!own)("a deactivation racing a token request", () => {
  it("refuses a token whose account was deactivated after its request authenticated, before its event committed", async () => {
    const { created } = await orgWithServiceAccount();
    const auth = { basic: [created.clientId, created.clientSecret] as [string, string] };
    expect((await token(cc, auth)).status).toBe(200); // the signing key exists from here on
    const holder = new Database(own!.file);
    try {
      holder.exec("BEGIN IMMEDIATE");
      // Authentication reads without the lock; the token's event then waits for it.
      const pending = token(cc, auth);
      await sleep(500);
      holder.prepare(`UPDATE "ServiceAccount" SET "status" = 'DISABLED' WHERE "clientId" = ?`).run(created.clientId);
      holder.exec("COMMIT");
      const answer = await pending;
      expect(answer.status).toBe(401);
      expect(answer.body.error).toBe("invalid_client");
    } finally {
      holder.close();
    }
    expect(await db().auditEvent.count({ where: { action: "token.issued", actorId: created.clientId } })).toBe(1);
    expect(await db().auditEvent.count({ where: { action: "token.denied", actorId: created.clientId, reason: "account_disabled" } })).toBe(1);
  });

  it("takes the time that cuts tokens off once it holds the account, not before waiting for it", async () => {
    const { org, actor, created } = await orgWithServiceAccount();
    const holder = new Database(own!.file);
    let released = 0;
    try {
      holder.exec("BEGIN IMMEDIATE");
      const deactivation = deactivateServiceAccount(actor, org.slug, created.clientId);
      await sleep(200);
      // Whatever committed while the deactivation waited was asked for before this moment.
      released = Date.now();
      holder.exec("ROLLBACK");
      await deactivation;
    } finally {
      holder.close();
    }
    const account = await db().serviceAccount.findUniqueOrThrow({ where: { clientId: created.clientId } });
    expect(account.tokensValidAfter!.getTime()).toBeGreaterThanOrEqual(released);
  });
});

// The same races on PostgreSQL, where the other process holds the account's row
// lock. Each case waits until the request under test is blocked behind that lock
// (pg_blocking_pids), so the race is the one named, whatever the machine's load.
const postgres = inject("testDbProvider") === "postgresql";

describe.skipIf(!postgres)("a deactivation racing a token request (PostgreSQL)", () => {
  it("refuses a token whose account was deactivated after its request authenticated, before its event committed", async () => {
    const { created } = await orgWithServiceAccount();
    const auth = { basic: [created.clientId, created.clientSecret] as [string, string] };
    expect((await token(cc, auth)).status).toBe(200); // the signing key exists, and lastUsedAt is fresh
    const holder = await rowLockHolder();
    try {
      await holder.client.query("BEGIN");
      await holder.client.query(`UPDATE "ServiceAccount" SET "status" = 'DISABLED', "tokensValidAfter" = now() WHERE "clientId" = $1`, [created.clientId]);
      // Authentication reads the committed (active) account; the token's event then waits for the row.
      const pending = token(cc, auth);
      const outrun = await Promise.race([pending.then(() => true), holder.blocking(1).then(() => false)]);
      await holder.client.query("COMMIT");
      const answer = await pending;
      expect({ status: answer.status, error: answer.body.error, answeredBeforeTheCommit: outrun }).toEqual({ status: 401, error: "invalid_client", answeredBeforeTheCommit: false });
    } finally {
      await holder.client.end();
    }
    expect(await db().auditEvent.count({ where: { action: "token.issued", actorId: created.clientId } })).toBe(1);
    expect(await db().auditEvent.count({ where: { action: "token.denied", actorId: created.clientId, reason: "account_disabled" } })).toBe(1);
  });

  it("takes the time that cuts tokens off once it holds the account, not before waiting for it", async () => {
    const { org, actor, created } = await orgWithServiceAccount();
    let released = 0;
    const [outcome] = await raceBehindAccountRow(created.clientId, () => [deactivateServiceAccount(actor, org.slug, created.clientId)], {
      // Whatever committed while the deactivation waited was asked for before this moment.
      beforeRelease: () => (released = Date.now()),
    });
    expect(outcome!.status).toBe("fulfilled");
    const account = await db().serviceAccount.findUniqueOrThrow({ where: { clientId: created.clientId } });
    expect(account.tokensValidAfter!.getTime()).toBeGreaterThanOrEqual(released);
  });

  it("deactivates once when two deactivations wait for the same account: the second sees the first", async () => {
    const { org, actor, created } = await orgWithServiceAccount();
    // Both read the account as active, then wait for its row.
    const outcomes = await raceBehindAccountRow(created.clientId, () => [
      deactivateServiceAccount(actor, org.slug, created.clientId),
      deactivateServiceAccount(actor, org.slug, created.clientId),
    ]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(["fulfilled", "rejected"]);
    const refusal = (outcomes.find((o) => o.status === "rejected") as PromiseRejectedResult).reason as unknown;
    expect(refusal instanceof AppError && refusal.code).toBe("conflict");
    expect(await db().auditEvent.count({ where: { action: "service_account.deactivated", targetId: created.clientId } })).toBe(1);
  });
});
