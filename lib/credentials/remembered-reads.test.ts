import Database from "better-sqlite3";
import pg from "pg";
import { describe, expect, it, vi } from "vitest";
import { ownDatabase } from "../testing/own-database";
import { db } from "../db";
import { hotRead, hotTransaction } from "../db-hot";
import { metrics } from "../metrics";
import { flushPendingWork } from "../pending-work";
import { advanceLastUsed } from "../service-accounts/last-used";
import { createApiKey } from "../api-keys/create-api-key";
import { revokeApiKey } from "../api-keys/revoke-api-key";
import { revokeClientSecret } from "../service-accounts/revoke-client-secret";
import { updateServiceAccount } from "../service-accounts/update-service-account";
import { orgWithIntrospector } from "../testing/service-account-fixtures";
import { introspect, revoke, token } from "../testing/oauth-client";
import { EPOCH_WATCHED, REVOCATIONS_WATCHED, foldCredentialEpoch, rememberedReads } from "./remembered-reads";

// Runs once, while the next epoch read is under way: after the database answered it, before its readers hear.
const duringEpochRead = vi.hoisted(() => ({ next: null as null | (() => Promise<void>) }));
// The epoch's statements: its reads, and on SQLite the reader's data_version checks before them.
const epochStatements = vi.hoisted(() => ({ reads: 0, versionChecks: 0 }));
vi.mock("../db-hot", async (importOriginal) => {
  const real = await importOriginal<typeof import("../db-hot")>();
  return {
    ...real,
    readerDataVersion: (adapter: Parameters<typeof real.readerDataVersion>[0]) => {
      const version = real.readerDataVersion(adapter);
      if (version !== null) epochStatements.versionChecks++;
      return version;
    },
    hotRead: async <T>(sql: string, args: import("../db-hot").SqlArg[]): Promise<T[]> => {
      const isEpoch = sql.includes('FROM "CredentialEpoch"');
      if (isEpoch) epochStatements.reads++;
      const rows = await real.hotRead<T>(sql, args);
      const during = isEpoch ? duringEpochRead.next : null;
      if (during) {
        duringEpochRead.next = null;
        await during();
      }
      return rows;
    },
  };
});

// A database of this file's own: writes by other test files would move the
// epoch under these tests and hide whether anything is remembered at all.
const cc = { grant_type: "client_credentials" };
const scratch = await ownDatabase();
const { provider } = scratch;

const epoch = async () => BigInt((await hotRead<{ value: string | number | bigint }>(`SELECT sum("value") AS "value" FROM "CredentialEpoch"`, []))[0]!.value);
/** Each epoch's sum: the credential epoch's rows from 0 up, the revocation epoch's below 0. */
const epochSums = async () => {
  const [row] = await hotRead<{ credentials: string | number | bigint; revocations: string | number | bigint }>(
    `SELECT sum(CASE WHEN "id" >= 0 THEN "value" END) AS "credentials", sum(CASE WHEN "id" < 0 THEN "value" END) AS "revocations" FROM "CredentialEpoch"`,
    [],
  );
  return { credentials: BigInt(row!.credentials), revocations: BigInt(row!.revocations) };
};
/**
 * What fn sent, with what background flushes had pending written first:
 * the epoch's reads, and every other statement (the epoch's own, its reads
 * and SQLite's data_version checks, left out).
 */
const measured = async (fn: () => Promise<unknown>) => {
  await flushPendingWork();
  const before = await statements();
  const { reads, versionChecks } = epochStatements;
  await fn();
  const epochReads = epochStatements.reads - reads;
  return { epochReads, others: (await statements()) - before - epochReads - (epochStatements.versionChecks - versionChecks) };
};
const statementsOf = async (fn: () => Promise<unknown>) => (await measured(fn)).others;
/**
 * Commits by another connection that leave the epoch where it was (a row of
 * nothing, added and taken away): on SQLite they move the reader's
 * data_version, so the next request reads the epoch again.
 */
async function commitElsewhere() {
  await writeFromElsewhere(`INSERT INTO "CredentialEpoch" ("id", "value", "salt") VALUES (2147483000, 0, 0)`, []);
  await writeFromElsewhere(`DELETE FROM "CredentialEpoch" WHERE "id" = 2147483000`, []);
}
const statements = async () => (await metrics().databaseStatements.get()).values[0]?.value ?? 0;

/** A write from outside this process's Prisma client and adapter: the CLI, the console process, another instance. */
async function writeFromElsewhere(sql: string, args: string[]) {
  if (provider === "sqlite") {
    const other = new Database(scratch.url.slice("file:".length));
    try {
      other.prepare(sql.replace(/\$\d+/g, "?")).run(...args);
    } finally {
      other.close();
    }
  } else {
    const other = new pg.Client({ connectionString: scratch.url });
    await other.connect();
    try {
      await other.query(sql, args);
    } finally {
      await other.end();
    }
  }
}

/** How each epoch's triggers are named and what they move: the base row on SQLite, the function on PostgreSQL. */
const EPOCH_TRIGGERS = {
  credentials: { name: "credentialEpoch", row: 0, fn: "CredentialEpoch_move" },
  revocations: { name: "revocationEpoch", row: -1, fn: "RevocationEpoch_move" },
} as const;

/** The columns whose updates move the epoch, per watched table, as the database's triggers say; null = every column. */
async function triggeredColumns(table: string, epoch: keyof typeof EPOCH_TRIGGERS = "credentials"): Promise<{ events: string[]; updateOf: string[] | null }> {
  const { name, row, fn } = EPOCH_TRIGGERS[epoch];
  if (provider === "sqlite") {
    const triggers = await hotRead<{ name: string; sql: string }>(`SELECT "name", "sql" FROM sqlite_master WHERE "type" = 'trigger' AND "tbl_name" = ? AND "name" LIKE ?`, [table, `${table}_%Epoch_%`]);
    for (const t of triggers) expect(t.name).toMatch(new RegExp(`^${table}_${name}_`));
    const events = triggers.map((t) => /AFTER (INSERT|UPDATE|DELETE)/.exec(t.sql)![1]!).sort();
    for (const t of triggers) expect(t.sql).toMatch(/UPDATE "CredentialEpoch" SET "value" = "value" \+ 1, "salt" = \("salt" \+ 1 \+ \(random\(\) & 2147483647\)\)/);
    for (const t of triggers) expect(t.sql).toMatch(new RegExp(`WHERE "id" = ${row}; END$`));
    const update = triggers.find((t) => /AFTER UPDATE/.test(t.sql));
    const of = update && /AFTER UPDATE OF (.+?) ON/.exec(update.sql);
    return { events, updateOf: of ? [...of[1]!.matchAll(/"(\w+)"/g)].map((m) => m[1]!).sort() : null };
  }
  const triggers = await hotRead<{ event: string; function: string; timing: string; orientation: string }>(
    `SELECT t."event_manipulation" AS "event", t."action_statement" AS "function", t."action_timing" AS "timing", t."action_orientation" AS "orientation"
       FROM information_schema.triggers t WHERE t."event_object_table" = ? AND t."trigger_name" = ?`,
    [table, `${table}_${name}`],
  );
  // Row triggers (logical replication's apply fires only those).
  for (const t of triggers) expect([t.function, t.timing, t.orientation]).toEqual([`EXECUTE FUNCTION "${fn}"()`, "AFTER", "ROW"]);
  // Both fire always (also under session_replication_role = replica), and TRUNCATE has its own (not listed in information_schema).
  const flags = await hotRead<{ name: string; enabled: string; truncate: boolean }>(
    `SELECT t."tgname" AS "name", t."tgenabled"::text AS "enabled", (t."tgtype" & 32) <> 0 AS "truncate" FROM pg_trigger t WHERE t."tgrelid" = ?::regclass AND t."tgname" LIKE ? ORDER BY 1`,
    [`"${table}"`, `${table}_%Epoch%`],
  );
  expect(flags, table).toEqual([
    { name: `${table}_${name}`, enabled: "A", truncate: false },
    { name: `${table}_${name}_truncate`, enabled: "A", truncate: true },
  ]);
  const of = await hotRead<{ column: string }>(`SELECT "event_object_column" AS "column" FROM information_schema.triggered_update_columns WHERE "event_object_table" = ? AND "trigger_name" = ?`, [
    table,
    `${table}_${name}`,
  ]);
  return { events: triggers.map((t) => t.event).sort(), updateOf: of.length ? of.map((c) => c.column).sort() : null };
}

async function columnsOf(table: string): Promise<string[]> {
  const rows =
    provider === "sqlite"
      ? await hotRead<{ name: string }>(`SELECT "name" FROM pragma_table_info(?)`, [table])
      : await hotRead<{ name: string }>(`SELECT "column_name" AS "name" FROM information_schema.columns WHERE "table_schema" = current_schema() AND "table_name" = ?`, [table]);
  return rows.map((r) => r.name).sort();
}

describe("the credential epoch (remembered-reads)", () => {
  it("is moved by a trigger on every insert, update and delete of each watched table, except updates of the use columns alone", async () => {
    const watched = [
      ...Object.entries(EPOCH_WATCHED).map(([table, excluded]) => ({ table, excluded, epoch: "credentials" as const })),
      ...Object.entries(REVOCATIONS_WATCHED).map(([table, excluded]) => ({ table, excluded, epoch: "revocations" as const })),
    ];
    for (const { table, excluded, epoch } of watched) {
      const { events, updateOf } = await triggeredColumns(table, epoch);
      expect(events, table).toEqual(["DELETE", "INSERT", "UPDATE"]);
      const all = await columnsOf(table);
      expect(all.length, table).toBeGreaterThan(1);
      // A column added to a watched table must be added to its trigger (or to EPOCH_WATCHED's exceptions).
      expect(updateOf ?? all, table).toEqual(all.filter((c) => !excluded.includes(c)));
    }
  });

  it("moves with a change, whoever writes it, and not with a use", async () => {
    const { created, org, actor } = await orgWithIntrospector();
    const account = await db().serviceAccount.findUniqueOrThrow({ where: { clientId: created.clientId }, include: { secrets: true } });
    const key = await createApiKey(actor, org.slug, created.clientId, { name: "ci" });

    let before = await epoch();
    const later = new Date(Date.now() + 120_000);
    await hotTransaction(async (sql) => {
      await advanceLastUsed(sql, "account", account.id, later);
      await advanceLastUsed(sql, "secret", account.secrets[0]!.id, later);
      await advanceLastUsed(sql, "apiKey", key.id, later);
      await sql.execute(`UPDATE "ServiceAccountScope" SET "lastRequestedAt" = ? WHERE "serviceAccountId" = ?`, [later, account.id]);
    });
    expect(await epoch()).toBe(before);

    await writeFromElsewhere(`UPDATE "ServiceAccount" SET "status" = 'DISABLED' WHERE "clientId" = $1`, [created.clientId]);
    expect(await epoch()).toBeGreaterThan(before);
    before = await epoch();
    await writeFromElsewhere(`DELETE FROM "ApiKey" WHERE "id" = $1`, [key.id]);
    expect(await epoch()).toBeGreaterThan(before);
    if (provider === "postgresql") {
      let moved = await epochSums();
      await writeFromElsewhere(`TRUNCATE "RevokedToken"`, []);
      expect(await epochSums()).toEqual({ credentials: moved.credentials, revocations: moved.revocations + 1n });
      // One transaction that revokes a token and an API key (as a group commit of revocations may)
      // moves each epoch once: each has its flag of its own.
      const both = new pg.Client({ connectionString: scratch.url });
      await both.connect();
      try {
        moved = await epochSums();
        await both.query("BEGIN");
        await both.query(`INSERT INTO "RevokedToken" ("jti", "orgId", "expiresAt") VALUES ($1, $2, now() + interval '1 hour')`, [`both-${Date.now()}`, org.id]);
        await both.query(`UPDATE "ApiKey" SET "revokedAt" = now() WHERE "orgId" = $1`, [org.id]);
        await both.query(`UPDATE "ServiceAccount" SET "description" = 'both' WHERE "orgId" = $1`, [org.id]);
        await both.query("COMMIT");
        expect(await epochSums()).toEqual({ credentials: moved.credentials + 1n, revocations: moved.revocations + 1n });
      } finally {
        await both.end();
      }
      // Once per transaction, however many rows and statements it changes; and again in the next one on the same connection.
      const other = new pg.Client({ connectionString: scratch.url });
      await other.connect();
      try {
        for (let round = 0; round < 2; round++) {
          before = await epoch();
          await other.query("BEGIN");
          await other.query(`UPDATE "ServiceAccount" SET "description" = $1 WHERE "orgId" = $2`, [`round ${round}`, org.id]);
          await other.query(`UPDATE "Scope" SET "description" = $1 WHERE "orgId" = $2`, [`round ${round}`, org.id]);
          await other.query("COMMIT");
          expect(await epoch()).toBe(before + 1n);
        }
      } finally {
        await other.end();
      }
    }
  });

  it("lets introspection answer from memory while it stands still, and every kind of change is seen at the next request", async () => {
    const { jwt, caller, created, org, actor, introspector } = await orgWithIntrospector();
    const key = await createApiKey(actor, org.slug, created.clientId, { name: "ci" });

    /** The answer, after proving the one before it was given from memory: no statement but the epoch's. */
    const warm = async (value: string) => {
      await introspect(caller, value);
      let answer: Awaited<ReturnType<typeof introspect>> | undefined;
      // The caller, the key or token subject came from memory.
      expect(await statementsOf(async () => (answer = await introspect(caller, value)))).toBe(0);
      expect(answer!.status).toBe(200);
      return answer!.body;
    };

    expect(await warm(key.apiKey)).toMatchObject({ active: true, scope: "billing:read billing:refund" });
    expect(await warm(jwt)).toMatchObject({ active: true, scope: "billing:read billing:refund" });

    // A scope taken away (console, through Prisma).
    await updateServiceAccount(actor, org.slug, created.clientId, { scopes: ["billing:read"] });
    expect((await introspect(caller, jwt)).body).toMatchObject({ active: true, scope: "billing:read" });
    expect((await introspect(caller, key.apiKey)).body).toMatchObject({ active: true, scope: "billing:read" });

    // A scope renamed in the database (no product path renames one): the token's name no longer matches a grant.
    expect(await warm(jwt)).toMatchObject({ scope: "billing:read" });
    await writeFromElsewhere(`UPDATE "Scope" SET "name" = 'billing:view' WHERE "orgId" = $1 AND "name" = 'billing:read'`, [org.id]);
    expect((await introspect(caller, jwt)).body).toMatchObject({ active: true, scope: "" });
    await writeFromElsewhere(`UPDATE "Scope" SET "name" = 'billing:read' WHERE "orgId" = $1 AND "name" = 'billing:view'`, [org.id]);

    // The key revoked from the console.
    expect(await warm(key.apiKey)).toMatchObject({ active: true });
    await revokeApiKey(actor, org.slug, key.id);
    expect((await introspect(caller, key.apiKey)).body).toEqual({ active: false });

    // The token revoked by its client on the hot path (group-committed RevokedToken row).
    expect(await warm(jwt)).toMatchObject({ active: true });
    expect((await revoke([created.clientId, created.clientSecret], jwt)).status).toBe(200);
    expect((await introspect(caller, jwt)).body).toEqual({ active: false });

    // The account deactivated by another process or instance, straight in the database.
    const second = await createApiKey(actor, org.slug, created.clientId, { name: "second" });
    expect(await warm(second.apiKey)).toMatchObject({ active: true });
    await writeFromElsewhere(`UPDATE "ServiceAccount" SET "status" = 'DISABLED' WHERE "clientId" = $1`, [created.clientId]);
    expect((await introspect(caller, second.apiKey)).body).toEqual({ active: false });

    // The caller's own secret revoked: the remembered caller no longer authenticates.
    const callerSecret = await db().clientSecret.findFirstOrThrow({ where: { serviceAccount: { clientId: introspector.clientId }, revokedAt: null } });
    await writeFromElsewhere(`UPDATE "ServiceAccount" SET "status" = 'ACTIVE' WHERE "clientId" = $1`, [created.clientId]);
    expect(await warm(second.apiKey)).toMatchObject({ active: true });
    await revokeClientSecret(actor, org.slug, introspector.clientId, callerSecret.id);
    expect((await introspect(caller, second.apiKey)).status).toBe(401);
  });

  it("keeps what it remembered of accounts and keys through revocations, which move an epoch of their own, and sees each revocation at once", async () => {
    const { jwt, caller, created, org, actor } = await orgWithIntrospector();
    const key = await createApiKey(actor, org.slug, created.clientId, { name: "ci" });
    const own: [string, string] = [created.clientId, created.clientSecret];

    await introspect(caller, key.apiKey);
    expect(await statementsOf(() => introspect(caller, key.apiKey))).toBe(0);
    // Another token of the account, revoked by its client on the hot path: the credential epoch stays
    // where it was, and the caller and the key are still answered from memory.
    const before = (await epochSums()).credentials;
    const other = (await token(cc, { basic: own })).body.access_token as string;
    expect((await revoke(own, other)).status).toBe(200);
    expect((await epochSums()).credentials).toBe(before);
    let answer: Awaited<ReturnType<typeof introspect>> | undefined;
    expect(await statementsOf(async () => (answer = await introspect(caller, key.apiKey)))).toBe(0);
    expect(answer!.body).toMatchObject({ active: true });
    // The revoked token is inactive at the next request, and a token whose "not revoked" was
    // remembered is seen revoked at the next request after a revocation from elsewhere.
    expect((await introspect(caller, other)).body).toEqual({ active: false });
    expect((await introspect(caller, jwt)).body).toMatchObject({ active: true });
    expect((await introspect(caller, jwt)).body).toMatchObject({ active: true });
    const { jti, exp } = JSON.parse(Buffer.from(jwt.split(".")[1]!, "base64url").toString("utf8")) as { jti: string; exp: number };
    await writeFromElsewhere(`INSERT INTO "RevokedToken" ("jti", "orgId", "expiresAt", "revokedAt") VALUES ($1, $2, $3, $4)`, [
      jti,
      org.id,
      new Date(exp * 1000).toISOString(),
      new Date().toISOString(),
    ]);
    expect((await introspect(caller, jwt)).body).toEqual({ active: false });
    expect((await epochSums()).credentials).toBe(before);
  });

  it("refuses to remember a read that names the tables of both epochs", async () => {
    const read = rememberedReads();
    await expect(read(`SELECT a."id" FROM "ServiceAccount" a JOIN "RevokedToken" r ON r."orgId" = a."orgId"`, [])).rejects.toThrow(/one epoch/);
  });

  it("shares one epoch read among the requests that ask together, and none that a commit followed before a request asked", async () => {
    const { caller, created, org, actor } = await orgWithIntrospector();
    const key = await createApiKey(actor, org.slug, created.clientId, { name: "shared" });
    await introspect(caller, key.apiKey);
    // Ten at once, after a commit elsewhere: the epoch read once, at the end of the turn they asked
    // in, for all of them; everything else from memory.
    const answers: Awaited<ReturnType<typeof introspect>>[] = [];
    await commitElsewhere();
    expect(await measured(() => Promise.all(Array.from({ length: 10 }, async () => answers.push(await introspect(caller, key.apiKey)))))).toEqual({
      epochReads: 1,
      others: 0,
    });
    expect(answers.map((a) => a.body.active)).toEqual(Array(10).fill(true));

    // The epoch is read at the end of the turn in which a request asked, so a commit made after it
    // asked, in that same turn (here synchronously, by another connection), is seen by it.
    if (provider === "sqlite") {
      const keyRow = `SELECT "revokedAt" FROM "ApiKey" WHERE "id" = ?`;
      await rememberedReads()(keyRow, [key.id]);
      const checks = epochStatements.versionChecks;
      const asked = rememberedReads()<{ revokedAt: unknown }>(keyRow, [key.id]);
      const alsoAsked = rememberedReads()<{ revokedAt: unknown }>(keyRow, [key.id]);
      void writeFromElsewhere(`UPDATE "ApiKey" SET "revokedAt" = $1 WHERE "id" = $2`, [new Date().toISOString(), key.id]);
      const [[row], [also]] = await Promise.all([asked, alsoAsked]);
      expect(row!.revokedAt).not.toBeNull();
      expect(also!.revokedAt).not.toBeNull();
      // One data_version check for both.
      expect(epochStatements.versionChecks - checks).toBe(1);
      await writeFromElsewhere(`UPDATE "ApiKey" SET "revokedAt" = NULL WHERE "id" = $1`, [key.id]);
    }
    // SQLite: nothing committed since the last read (once the flush of the use counted is read past),
    // so no read at all; PostgreSQL reads it for every turn.
    await flushPendingWork();
    await introspect(caller, key.apiKey);
    const reads = epochStatements.reads;
    expect((await introspect(caller, key.apiKey)).body).toMatchObject({ active: true });
    expect(epochStatements.reads - reads).toBe(provider === "sqlite" ? 0 : 1);

    // A reader that asks while another's epoch read is under way (begun, not yet answered), after a
    // commit, gets a read of its own, and sees what committed meanwhile: here the key revoked elsewhere.
    const keyRow = `SELECT "id", "revokedAt" FROM "ApiKey" WHERE "id" = ?`;
    await rememberedReads()(keyRow, [key.id]);
    await commitElsewhere();
    let late: Promise<{ revokedAt: unknown }[]> | undefined;
    duringEpochRead.next = async () => {
      await writeFromElsewhere(`UPDATE "ApiKey" SET "revokedAt" = $1 WHERE "id" = $2`, [new Date().toISOString(), key.id]);
      late = rememberedReads()<{ revokedAt: unknown }>(keyRow, [key.id]);
    };
    const [early] = await rememberedReads()<{ revokedAt: unknown }>(keyRow, [key.id]);
    expect(early!.revokedAt).toBeNull();
    const [second] = await late!;
    expect(second!.revokedAt).not.toBeNull();
    expect((await introspect(caller, key.apiKey)).body).toEqual({ active: false });
  });

  it("fails every request that shares a failed epoch read, and reads afresh for the next", async () => {
    const { caller, created, org, actor } = await orgWithIntrospector();
    const key = await createApiKey(actor, org.slug, created.clientId, { name: "failing" });
    await introspect(caller, key.apiKey);
    const keyRow = `SELECT "id" FROM "ApiKey" WHERE "id" = ?`;
    await commitElsewhere();
    duringEpochRead.next = async () => {
      throw new Error("the database went away");
    };
    const outcomes = await Promise.allSettled([rememberedReads()(keyRow, [key.id]), rememberedReads()(keyRow, [key.id])]);
    // Sharing the read, both fail with it.
    expect(outcomes.map((o) => o.status)).toEqual(["rejected", "rejected"]);
    expect(await rememberedReads()(keyRow, [key.id])).toEqual([{ id: key.id }]);
  });

  it("drops what it remembered when the epoch falls, or climbs back to a sum it had (a restored database)", async () => {
    const { caller, created, org, actor } = await orgWithIntrospector();
    const key = await createApiKey(actor, org.slug, created.clientId, { name: "restored" });
    await introspect(caller, key.apiKey);
    expect(await statementsOf(() => introspect(caller, key.apiKey))).toBe(0);
    // The key deleted, and the sum put back where it was, as a restore to an older state could leave it.
    await writeFromElsewhere(`DELETE FROM "ApiKey" WHERE "id" = $1`, [key.id]);
    await writeFromElsewhere(`UPDATE "CredentialEpoch" SET "value" = "value" - 1 WHERE "id" = 0`, []);
    expect((await introspect(caller, key.apiKey)).body).toEqual({ active: false });
    // Remembering resumes under the epoch the database has now.
    expect(await statementsOf(() => introspect(caller, key.apiKey))).toBe(0);

    // Fallen below: the same.
    const second = await createApiKey(actor, org.slug, created.clientId, { name: "restored-again" });
    await introspect(caller, second.apiKey);
    expect(await statementsOf(() => introspect(caller, second.apiKey))).toBe(0);
    await writeFromElsewhere(`UPDATE "ApiKey" SET "revokedAt" = $1 WHERE "id" = $2`, [new Date().toISOString(), second.id]);
    await writeFromElsewhere(`UPDATE "CredentialEpoch" SET "value" = "value" - 5 WHERE "id" = 0`, []);
    expect((await introspect(caller, second.apiKey)).body).toEqual({ active: false });
  });

  it("keeps nothing a reader read under an older epoch than the cache's, and remembers an unknown client id as well as a known one", async () => {
    const { created, org, actor, introspector } = await orgWithIntrospector();
    const { loadClient } = await import("../oauth/load-client");
    const now = new Date();
    // A reader reads the epoch at its first read, and not before: a request refused before it reads costs nothing.
    const older = rememberedReads();
    expect(await statementsOf(() => loadClient("not-a-client-id", now, older))).toBe(0);
    await loadClient(introspector.clientId, now, older);
    await createApiKey(actor, org.slug, created.clientId, { name: "moves-the-epoch" });
    const newer = rememberedReads();
    // The newer reader reads the new epoch, adopts it, and reads the introspector afresh.
    expect(await measured(() => loadClient(introspector.clientId, now, newer))).toEqual({ epochReads: 1, others: 1 });
    // The older reader reads: the cache, now the newer epoch's, must not take its rows.
    expect(await statementsOf(() => loadClient(created.clientId, now, older))).toBe(1);
    expect(await statementsOf(() => loadClient(created.clientId, now, newer))).toBe(1);
    expect(await statementsOf(() => loadClient(created.clientId, now, newer))).toBe(0);

    const unknown = `sa_${"0".repeat(20)}`;
    expect(await loadClient(unknown, now, newer)).toBeNull();
    expect(await statementsOf(() => loadClient(unknown, now, newer))).toBe(0);
  });

  it("makes a record of remembered rows once, shared frozen by every request, and anew from rows read afresh", async () => {
    const { created, org, actor } = await orgWithIntrospector();
    const { loadClient } = await import("../oauth/load-client");
    const { resolveApiKey } = await import("../api-keys/resolve-api-key");
    const key = await createApiKey(actor, org.slug, created.clientId, { name: "made-once" });
    const now = new Date();
    const first = (await loadClient(created.clientId, now, rememberedReads()))!;
    const again = (await loadClient(created.clientId, now, rememberedReads()))!;
    // The same rows from memory: the same secrets and grants, which no request may change.
    expect(again.secrets).toBe(first.secrets);
    expect(again.grants).toBe(first.grants);
    expect(Object.isFrozen(first.secrets[0])).toBe(true);
    expect(() => (first.grants as unknown[]).push({})).toThrow(TypeError);
    const keyOnce = (await resolveApiKey(key.apiKey, now, rememberedReads()))!;
    const keyAgain = (await resolveApiKey(key.apiKey, now, rememberedReads()))!;
    expect(keyAgain.key).toBe(keyOnce.key);
    expect(keyAgain.scopes).toEqual(["billing:read", "billing:refund"]);
    // Read afresh (not remembered): made anew, with the same content.
    const fresh = (await loadClient(created.clientId, now))!;
    expect(fresh.secrets).not.toBe(first.secrets);
    expect(fresh).toEqual(first);
    // What depends on the time of the request is decided per request, on the shared record.
    const end = new Date(now.getTime() + 60_000);
    await db().serviceAccountScope.updateMany({ where: { serviceAccount: { clientId: created.clientId }, scope: { name: "billing:refund" } }, data: { expiresAt: end } });
    const before = (await resolveApiKey(key.apiKey, now, rememberedReads()))!;
    const after = (await resolveApiKey(key.apiKey, new Date(end.getTime() + 1), rememberedReads()))!;
    expect(after.key).toBe(before.key);
    expect([before.scopes, after.scopes]).toEqual([["billing:read", "billing:refund"], ["billing:read"]]);
    const inForce = async (at: Date) => (await loadClient(created.clientId, at, rememberedReads()))!.grants.map((g) => g.name);
    expect([await inForce(now), await inForce(new Date(end.getTime() + 1)), await inForce(now)]).toEqual([["billing:read", "billing:refund"], ["billing:read"], ["billing:read", "billing:refund"]]);
    // A change moves the epoch: the next read is made anew and shows it.
    await updateServiceAccount(actor, org.slug, created.clientId, { scopes: ["billing:read"] });
    const changed = (await loadClient(created.clientId, now, rememberedReads()))!;
    expect(changed.grants.map((g) => g.name)).toEqual(["billing:read"]);
    expect((await resolveApiKey(key.apiKey, now, rememberedReads()))!.scopes).toEqual(["billing:read"]);
  });

  it("refuses to remember a read of a table whose changes do not move the epoch", async () => {
    const read = rememberedReads();
    await expect(read(`SELECT "id" FROM ServiceAccount WHERE "id" = ?`, ["x"])).rejects.toThrow(/double quotes/);
    await expect(read(`SELECT "id" FROM "AuditEvent" WHERE "id" = ?`, ["x"])).rejects.toThrow(/AuditEvent/);
    await expect(read(`SELECT a."id" FROM "ServiceAccount" a JOIN "Membership" m ON m."userId" = a."ownerUserId"`, [])).rejects.toThrow(/Membership/);
    await expect(read(`SELECT a."id" FROM "ServiceAccount" a, "Membership" m WHERE m."userId" = a."ownerUserId"`, [])).rejects.toThrow(/Membership/);
  });

  it("folds the rows of departed PostgreSQL connections into their epoch's base row without moving either epoch", async () => {
    if (provider !== "postgresql") {
      expect(await foldCredentialEpoch()).toBe(0);
      return;
    }
    // A pid no live backend has (above any Linux pid_max), for each epoch: its revocation row is its negative.
    await writeFromElsewhere(`INSERT INTO "CredentialEpoch" ("id", "value") VALUES (2147483000, 5), (-2147483000, 7)`, []);
    const before = await epochSums();
    expect(await foldCredentialEpoch()).toBeGreaterThanOrEqual(2);
    expect(await epochSums()).toEqual(before);
    const left = await hotRead<{ id: number }>(`SELECT "id" FROM "CredentialEpoch" WHERE abs("id") = 2147483000`, []);
    expect(left).toEqual([]);
    // Row 0 gone (a hand cleanup): the fold makes it again rather than losing what it folds.
    await writeFromElsewhere(`INSERT INTO "CredentialEpoch" ("id", "value") VALUES (2147483001, 3)`, []);
    const withRowZero = await epoch();
    const zero = await hotRead<{ value: string }>(`SELECT "value"::text AS "value" FROM "CredentialEpoch" WHERE "id" = 0`, []);
    await writeFromElsewhere(`DELETE FROM "CredentialEpoch" WHERE "id" = 0`, []);
    // Other departed connections (earlier tests') may be folded with it.
    expect(await foldCredentialEpoch()).toBeGreaterThanOrEqual(1);
    expect(await hotRead(`SELECT "id" FROM "CredentialEpoch" WHERE "id" = 2147483001`, [])).toEqual([]);
    expect(await epoch()).toBe(withRowZero - BigInt(zero[0]!.value));
  });
});
