// Applies prisma/migrations/<provider>/ to a database, like `prisma migrate
// deploy` (same folder format, same _prisma_migrations table), but through
// the WebAssembly schema engine so it needs no download.
//
//   npm run db:migrate            DATABASE_URL, else file:./data/tessera.db
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { MigrationList } from "@prisma/schema-engine-wasm/schema_engine_bg";
import Database from "better-sqlite3";
import { describeError, withEngine } from "./engine.js";
import { sqlitePath } from "../../lib/sqlite-path";
import { migrationsDir, providerFromUrl, type Provider } from "./schemas.js";

export const DEFAULT_DATABASE_URL = "file:./data/tessera.db";
export const LOCKFILE = "migration_lock.toml";
export const NO_FILTERS = { externalTables: [], externalEnums: [] };

/** A migration folder name: Prisma's 14-digit UTC timestamp, then the name. */
export const MIGRATION_DIR_PATTERN = /^\d{14}_[a-z0-9_]+$/;

/** The provider's history as the engine wants it: already read from disk. */
export function loadMigrations(provider: Provider, baseDir = migrationsDir(provider)): MigrationList {
  const names = existsSync(baseDir)
    ? readdirSync(baseDir, { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => entry.name)
        .sort()
    : [];
  const stray = names.filter((name) => !MIGRATION_DIR_PATTERN.test(name));
  if (stray.length > 0) {
    // The engine would report a missing migration.sql; naming the folder helps more.
    throw new Error(`unexpected folder in ${baseDir}: ${stray.join(", ")}`);
  }
  const lockPath = path.join(baseDir, LOCKFILE);
  return {
    baseDir,
    lockfile: { path: LOCKFILE, content: existsSync(lockPath) ? readFileSync(lockPath, "utf8") : null },
    shadowDbInitScript: "",
    migrationDirectories: names.map((name) => {
      const file = path.join(baseDir, name, "migration.sql");
      return {
        path: name,
        migrationFile: {
          path: "migration.sql",
          content: existsSync(file)
            ? { tag: "ok" as const, value: readFileSync(file, "utf8") }
            : { tag: "error" as const, value: `${file} does not exist` },
        },
      };
    }),
  };
}

/**
 * Applies every migration the database has not recorded yet. Safe to run on
 * every start: an up-to-date database costs one query to _prisma_migrations.
 */
export async function migrateDatabase(
  url: string,
  options: { migrationsBaseDir?: string } = {},
): Promise<{ applied: string[] }> {
  const provider = providerFromUrl(url);
  const migrationsList = loadMigrations(provider, options.migrationsBaseDir);
  if (migrationsList.migrationDirectories.length === 0) {
    throw new Error(`no migrations in ${migrationsList.baseDir}: create one with npm run db:migration -- NAME`);
  }
  const output = await withEngine(provider, url, (engine) =>
    engine.applyMigrations({ migrationsList, filters: NO_FILTERS }),
  );
  if (provider === "sqlite") enableWriteAheadLog(url);
  return { applied: output.appliedMigrationNames };
}

/**
 * SQLite in WAL mode: readers never block the writer, and a commit costs one
 * fsync of the log instead of several of the rollback journal, which is what
 * makes per-request audit commits affordable. The mode is stored in the file.
 */
function enableWriteAheadLog(url: string): void {
  const sqlite = new Database(sqlitePath(url));
  try {
    sqlite.pragma("journal_mode = WAL");
  } finally {
    sqlite.close();
  }
}

async function main(): Promise<void> {
  // Like Next.js, an .env in the working directory supplies defaults; a
  // variable already set in the environment wins (loadEnvFile keeps it).
  if (existsSync(".env")) process.loadEnvFile(".env");
  const url = process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
  const provider = providerFromUrl(url);
  const { applied } = await migrateDatabase(url);
  console.log(
    applied.length > 0 ? `migrated ${provider} (${applied.length} applied)` : `${provider} database up to date`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  // Exit explicitly: whatever a dependency leaves running (pg-pool's idle
  // timers, say) must not keep a finished CLI waiting.
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(`db:migrate: ${describeError(error)}`);
      process.exit(1);
    },
  );
}
