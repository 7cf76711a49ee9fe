// Proves that the committed migration history of the provider in
// DATABASE_URL builds exactly prisma/schema.prisma, so a schema change
// without `npm run db:migration` (or a hand-edited migration) fails here.
//
// Every test works in scratch databases of its own: a temp file for SQLite,
// a uniquely named database on the server of DATABASE_URL for PostgreSQL.
// Without DATABASE_URL the suite runs on SQLite.
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { withEngine } from "./engine.js";
import { loadMigrations, migrateDatabase, NO_FILTERS } from "./migrate.js";
import { sqlitePath } from "../../lib/sqlite-path";
import { migrationsDir, providerFromUrl, REPO_ROOT, SCHEMA_PATH, schemaText, type Provider } from "./schemas.js";

const baseUrl = process.env.DATABASE_URL || undefined;
const provider: Provider = baseUrl ? providerFromUrl(baseUrl) : "sqlite";
const TIMEOUT = 60_000;

interface Scratch {
  url: string;
  drop(): Promise<void>;
}

const scratches: Scratch[] = [];

afterAll(async () => {
  await Promise.all(scratches.map((scratch) => scratch.drop()));
});

async function scratchDatabase(): Promise<Scratch> {
  const scratch = provider === "sqlite" || !baseUrl ? scratchSqlite() : await scratchPostgres(baseUrl);
  scratches.push(scratch);
  return scratch;
}

function scratchSqlite(): Scratch {
  const dir = mkdtempSync(path.join(os.tmpdir(), "tessera-migrations-test-"));
  return {
    url: `file:${path.join(dir, "scratch.db")}`,
    drop: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

async function scratchPostgres(serverUrl: string): Promise<Scratch> {
  const name = `tessera_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE "${name}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    // FORCE: a connection leaked by a failed test must not leave the database behind.
    drop: () => admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}

/**
 * The SQL that would turn the live database into `schema`; empty when they
 * match. The engine introspects tables, columns, types, defaults, indexes,
 * foreign keys and enums, so anything a migration forgot shows up here.
 */
async function driftFrom(url: string, schema = schemaText(provider)): Promise<string> {
  const files = [{ path: SCHEMA_PATH, content: schema }];
  const result = await withEngine(provider, url, (engine) =>
    engine.diff({
      from: { tag: "schemaDatasource", files, configDir: REPO_ROOT },
      to: { tag: "schemaDatamodel", files },
      script: true,
      exitCode: true,
      filters: NO_FILTERS,
    }),
  );
  // exitCode 2 means "the two differ"; the script then says how.
  return result.exitCode === 2 ? (result.stdout ?? "(no script)") : "";
}

/**
 * The current schema less one optional field and one @@index, picked so that
 * nothing else refers to them: what a history missing a column and an index
 * would build.
 */
function schemaMissingAFieldAndAnIndex(): { schema: string; field: string } {
  const full = schemaText(provider);
  const indexLine = /^[ \t]*@@index\(\[[^\]]*\]\)[ \t]*$/m.exec(full)?.[0];
  if (!indexLine) throw new Error("schema.prisma has no @@index to leave out");
  const withoutIndex = full.replace(indexLine + "\n", "");
  const optional = [...withoutIndex.matchAll(/^[ \t]+(\w+)[ \t]+String\?[ \t]*$/gm)].map(([line, field]) => ({
    line,
    field: field ?? "",
  }));
  const pick = optional.find(({ field }) => withoutIndex.split(new RegExp(`\\b${field}\\b`)).length === 2);
  if (!pick) throw new Error("schema.prisma has no unreferenced optional String field to leave out");
  return {
    schema: withoutIndex.replace(pick.line + "\n", ""),
    field: pick.field,
  };
}

describe(`migrations (${provider})`, () => {
  it(
    "apply the whole history to an empty database, then nothing the second time",
    async () => {
      const { url } = await scratchDatabase();
      const history = loadMigrations(provider).migrationDirectories.map((dir) => dir.path);
      expect(history.length).toBeGreaterThan(0);

      expect((await migrateDatabase(url)).applied).toEqual(history);
      expect((await migrateDatabase(url)).applied).toEqual([]);
    },
    TIMEOUT,
  );

  it(
    "build exactly the schema in prisma/schema.prisma",
    async () => {
      const { url } = await scratchDatabase();
      await migrateDatabase(url);
      const drift = await driftFrom(url);
      // On failure the message is the SQL that the missing migration needs.
      expect(drift, "the migrations do not build schema.prisma: run npm run db:migration -- NAME").toBe("");
    },
    TIMEOUT,
  );

  // The check above is only worth something if it can fail. This builds a
  // database that lacks a column and an index (with the engine's `db push` of
  // a reduced schema) and expects the same check to name both.
  it(
    "detect a database that lacks a column and an index",
    async () => {
      const { url } = await scratchDatabase();
      const reduced = schemaMissingAFieldAndAnIndex();
      const pushed = await withEngine(provider, url, (engine) =>
        engine.schemaPush({
          force: false,
          schema: { files: [{ path: SCHEMA_PATH, content: reduced.schema }] },
          filters: NO_FILTERS,
        }),
      );
      expect(pushed.executedSteps).toBeGreaterThan(0);
      expect(await driftFrom(url, reduced.schema)).toBe("");

      const drift = await driftFrom(url);
      expect(drift).toMatch(new RegExp(`"${reduced.field}"`));
      expect(drift).toMatch(/CREATE INDEX/);
    },
    TIMEOUT,
  );

  // A data migration: organisations made before tessera:scopes:write and
  // tessera:change-requests:approve existed get them, high-risk and reserved.
  it(
    "backfill the management API's reserved scopes into existing organisations",
    async () => {
      const { url } = await scratchDatabase();
      await migrateBefore(url, "_management_api");
      await sql(url, `INSERT INTO "Organization" ("id", "slug", "name", "createdAt", "updatedAt") VALUES ('org_old', 'old', 'Old', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)`);
      await migrateDatabase(url);
      const rows = (await sql(url, `SELECT "name", "highRisk", "reserved", "updatedAt" FROM "Scope" WHERE "orgId" = 'org_old' ORDER BY "name"`)) as {
        name: string; highRisk: unknown; reserved: unknown; updatedAt: unknown;
      }[];
      expect(rows.map((r) => r.name)).toEqual(["tessera:change-requests:approve", "tessera:scopes:write"]);
      for (const r of rows) {
        expect(Boolean(r.highRisk) && Boolean(r.reserved)).toBe(true);
        expect(Number.isNaN(new Date(r.updatedAt as string).getTime())).toBe(false);
      }
    },
    TIMEOUT,
  );

  // A data migration: events recorded before otherTargetId existed get it as
  // record-audit-event derives it (the target, unless it is the actor), so a
  // client id's list still finds them and verification still passes.
  it(
    "backfill otherTargetId into existing audit events",
    async () => {
      const { url } = await scratchDatabase();
      await migrateBefore(url, "_audit_other_target");
      const cases = [["self", "'sa_1'", "'sa_1'"], ["other", "'usr_1'", "'sa_1'"], ["system", "NULL", "'sa_1'"], ["none", "'sa_1'", "NULL"]];
      for (const [i, [id, actorId, targetId]] of cases.entries()) {
        await sql(url, `INSERT INTO "AuditEvent" ("id", "chainKey", "seq", "occurredAt", "actorType", "actorId", "action", "targetId", "outcome", "hash")
          VALUES ('${id}', 'c', ${i + 1}, CURRENT_TIMESTAMP, 'system', ${actorId}, 'x', ${targetId}, 'success', 'h')`);
      }
      await migrateDatabase(url);
      const rows = await sql(url, `SELECT "id", "otherTargetId" FROM "AuditEvent" ORDER BY "seq"`);
      expect(rows).toEqual([{ id: "self", otherTargetId: null }, { id: "other", otherTargetId: "sa_1" }, { id: "system", otherTargetId: "sa_1" }, { id: "none", otherTargetId: null }]);
    },
    TIMEOUT,
  );
});

/** Apply the history up to (not including) the migration whose name ends with `suffix`: a database from before it. */
async function migrateBefore(url: string, suffix: string) {
  const history = loadMigrations(provider).migrationDirectories.map((dir) => dir.path);
  const cut = history.findIndex((name) => name.endsWith(suffix));
  expect(cut).toBeGreaterThan(0);
  const before = mkdtempSync(path.join(os.tmpdir(), "tessera-history-"));
  cpSync(migrationsDir(provider), before, { recursive: true, filter: (src) => !history.slice(cut).some((name) => src.includes(name)) });
  await migrateDatabase(url, { migrationsBaseDir: before });
  rmSync(before, { recursive: true, force: true });
}

async function sql(url: string, text: string): Promise<unknown[]> {
  if (provider === "sqlite") {
    const db = new Database(sqlitePath(url));
    try {
      const statement = db.prepare(text);
      return statement.reader ? statement.all() : (statement.run(), []);
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text)).rows;
  } finally {
    await client.end();
  }
}
