import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { migrateDatabase } from "../../prisma/tools/migrate";

export interface ScratchDatabase {
  url: string;
  drop: () => Promise<void>;
}

const LOCAL_HOSTS = ["127.0.0.1", "localhost", "::1", "[::1]"];

/**
 * A fresh, migrated database that nothing else uses: a new SQLite file under
 * .tmp/, or a new database on the local PostgreSQL server named by
 * TEST_DATABASE_URL. Refuses any non-local server.
 */
export async function createScratchDatabase(provider: "sqlite" | "postgresql"): Promise<ScratchDatabase> {
  const id = `${Date.now()}_${randomBytes(3).toString("hex")}`;
  let scratch: ScratchDatabase;
  if (provider === "sqlite") {
    const dir = join(process.cwd(), ".tmp", "test-db");
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `tessera_${id}.db`);
    scratch = {
      url: `file:${file}`,
      drop: async () => {
        for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(file + suffix, { force: true });
      },
    };
  } else {
    const server = process.env.TEST_DATABASE_URL;
    if (!server) throw new Error("PostgreSQL tests need TEST_DATABASE_URL (npm test starts a throwaway cluster)");
    const host = new URL(server).hostname;
    if (!LOCAL_HOSTS.includes(host)) throw new Error(`Refusing to create test databases on non-local host ${host}`);
    const name = `tessera_test_${id}`;
    const admin = new pg.Client({ connectionString: server });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    await admin.end();
    const url = new URL(server);
    url.pathname = `/${name}`;
    scratch = {
      url: url.toString(),
      drop: async () => {
        const c = new pg.Client({ connectionString: server });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        await c.end();
      },
    };
  }
  await migrateDatabase(scratch.url);
  return scratch;
}

export const testDbProvider = (): "sqlite" | "postgresql" => (process.env.TEST_DB === "postgresql" ? "postgresql" : "sqlite");
