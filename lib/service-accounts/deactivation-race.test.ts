import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { db } from "../db";
import { token } from "../testing/oauth-client";
import { ownSqliteDatabase } from "../testing/own-sqlite-database";
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
