import { afterAll, inject } from "vitest";
import { createScratchDatabase } from "./scratch-database";

/**
 * For a test file that holds SQLite's write lock on purpose: a database of
 * its own (the file runs in its own process, see vitest's forks pool), so
 * other test files sharing the run's database are never stalled. Call at
 * the top level, before anything opens the database. Null on PostgreSQL runs.
 */
export async function ownSqliteDatabase(): Promise<{ file: string } | null> {
  if (inject("testDbProvider") !== "sqlite") return null;
  const scratch = await createScratchDatabase("sqlite");
  process.env.DATABASE_URL = scratch.url;
  afterAll(() => scratch.drop());
  return { file: scratch.url.slice("file:".length) };
}
