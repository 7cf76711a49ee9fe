import { afterAll, inject } from "vitest";
import { disconnectDb } from "../db";
import { flushPendingWork } from "../pending-work";
import { createScratchDatabase } from "./scratch-database";

/**
 * A database of the test file's own (the file runs in its own process, see
 * vitest's forks pool), for a file that other test files sharing the run's
 * database would disturb: one that counts statements or remembered reads,
 * which any write to a credential elsewhere makes fresh again (the
 * credential epoch is one per database). Call at the top level, before
 * anything opens the database. Dropped after the file.
 */
export async function ownDatabase(): Promise<{ url: string; provider: "sqlite" | "postgresql" }> {
  const provider = inject("testDbProvider");
  const scratch = await createScratchDatabase(provider);
  process.env.DATABASE_URL = scratch.url;
  afterAll(async () => {
    // What a timer would write later (failure counts, usage) is written now, not to a database gone.
    await flushPendingWork();
    await disconnectDb();
    await scratch.drop();
  });
  return { url: scratch.url, provider };
}

/**
 * For a test file that holds SQLite's write lock on purpose: a database of
 * its own, so other test files sharing the run's database are never
 * stalled. Null on PostgreSQL runs.
 */
export async function ownSqliteDatabase(): Promise<{ file: string } | null> {
  if (inject("testDbProvider") !== "sqlite") return null;
  const { url } = await ownDatabase();
  return { file: url.slice("file:".length) };
}
