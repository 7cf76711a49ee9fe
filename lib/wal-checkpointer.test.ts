import { afterEach, describe, expect, it } from "vitest";
import Database from "better-sqlite3";
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { SqlDriverAdapter } from "@prisma/driver-adapter-utils";
import { PrismaSqlite } from "./sqlite-adapter";
import { BACKSTOP_FRAMES, startWalCheckpointer, stopWalCheckpointer, walCheckpointerStats } from "./wal-checkpointer";

const dirs: string[] = [];
const adapters: SqlDriverAdapter[] = [];
afterEach(async () => {
  await stopWalCheckpointer();
  for (const adapter of adapters.splice(0)) await adapter.dispose();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A database file of its own in WAL mode, with one table. */
function scratch() {
  const dir = mkdtempSync(join(tmpdir(), "tessera-wal-"));
  dirs.push(dir);
  const file = join(dir, "t.db");
  const setup = new Database(file);
  setup.pragma("journal_mode = WAL");
  setup.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, body BLOB NOT NULL)");
  setup.close();
  return file;
}

/** Tessera's adapter on `file`, as the server connects to it. */
async function connect(file: string) {
  const adapter = await new PrismaSqlite({ url: `file:${file}` }).connect();
  adapters.push(adapter);
  return adapter;
}

const writerAutocheckpoint = async (adapter: SqlDriverAdapter) =>
  Number((await adapter.queryRaw({ sql: "PRAGMA wal_autocheckpoint", args: [], argTypes: [] })).rows[0]![0]);

/** Rows in the database file alone: a copy of it without its WAL. */
function rowsInFile(file: string) {
  copyFileSync(file, `${file}.copy`);
  const copy = new Database(`${file}.copy`, { fileMustExist: true });
  try {
    return (copy.prepare("SELECT count(*) AS n FROM t").get() as { n: number }).n;
  } finally {
    copy.close();
  }
}

async function until(check: () => boolean, ms = 10_000) {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe("the WAL checkpointer", () => {
  it("moves into the database file what the adapter's writer, held to the backstop, leaves in the WAL", async () => {
    const file = scratch();
    const adapter = await connect(file);
    expect(await writerAutocheckpoint(adapter)).toBe(1_000);
    startWalCheckpointer(file);
    expect(await writerAutocheckpoint(adapter)).toBe(BACKSTOP_FRAMES);
    // About 2,000 frames: past SQLite's default, under the backstop, so the writer checkpoints nothing itself.
    for (let i = 0; i < 500; i++) {
      await adapter.executeRaw({ sql: "INSERT INTO t (body) VALUES (zeroblob(12000))", args: [], argTypes: [] });
    }
    // Two more reports: the second checkpoint began after the last insert had committed.
    await new Promise((r) => setTimeout(r, 0));
    const runs = walCheckpointerStats().runs;
    await until(() => walCheckpointerStats().runs >= runs + 2);
    await stopWalCheckpointer();
    expect(rowsInFile(file)).toBe(500);
  });

  it("gives the writers SQLite's default back when it stops, and the backstop to writers that connect while it runs", async () => {
    const file = scratch();
    startWalCheckpointer(file);
    const adapter = await connect(file);
    expect(await writerAutocheckpoint(adapter)).toBe(BACKSTOP_FRAMES);
    await stopWalCheckpointer();
    expect(walCheckpointerStats().running).toBe(false);
    expect(await writerAutocheckpoint(adapter)).toBe(1_000);
    expect(await writerAutocheckpoint(await connect(file))).toBe(1_000);
  });

  it("leaves the writers alone without a worker: nothing for an in-memory database", async () => {
    startWalCheckpointer(":memory:");
    expect(walCheckpointerStats().running).toBe(false);
  });
});
