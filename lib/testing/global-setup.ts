import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { migrateDatabase } from "../../prisma/tools/migrate";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
    testDbProvider: "sqlite" | "postgresql";
  }
}

/**
 * One fresh, migrated database per test run, never a shared or a real one:
 * SQLite gets a new file under .tmp/, PostgreSQL a new database on the
 * server named by TEST_DATABASE_URL, dropped afterwards.
 */
export default async function setup(project: TestProject) {
  const provider = process.env.TEST_DB === "postgresql" ? "postgresql" : "sqlite";
  const id = `${Date.now()}_${randomBytes(3).toString("hex")}`;
  let url: string;
  let teardown: () => Promise<void>;

  if (provider === "sqlite") {
    const dir = join(process.cwd(), ".tmp", "test-db");
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `tessera_${id}.db`);
    url = `file:${file}`;
    teardown = async () => {
      for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(file + suffix, { force: true });
    };
  } else {
    const server = process.env.TEST_DATABASE_URL;
    if (!server) throw new Error("TEST_DB=postgresql needs TEST_DATABASE_URL (npm test starts a throwaway cluster)");
    const host = new URL(server).hostname;
    if (!["127.0.0.1", "localhost", "::1", "[::1]"].includes(host)) {
      throw new Error(`Refusing to create test databases on non-local host ${host}`);
    }
    const name = `tessera_test_${id}`;
    const admin = new pg.Client({ connectionString: server });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    await admin.end();
    const u = new URL(server);
    u.pathname = `/${name}`;
    url = u.toString();
    teardown = async () => {
      const c = new pg.Client({ connectionString: server });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    };
  }

  await migrateDatabase(url);
  project.provide("databaseUrl", url);
  project.provide("testDbProvider", provider);
  return teardown;
}
