import { afterEach, describe, expect, it } from "vitest";
import Database from "better-sqlite3";
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PrismaSqlite } from "./sqlite-adapter";
import { BACKSTOP_FRAMES, startWalCheckpointer, stopWalCheckpointer, walAutocheckpoint, walCheckpointerStats } from "./wal-checkpointer";

const dirs: string[] = [];
afterEach(async () => {
  await stopWalCheckpointer();
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

async function until(check: () => boolean, ms = 5_000) {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("the WAL checkpointer", () => {
  it("checkpoints from its worker what the process's writer, set to the backstop, leaves in the WAL", async () => {
    const file = scratch();
    startWalCheckpointer(`file:${file}`);
    expect(walAutocheckpoint()).toBe(BACKSTOP_FRAMES);
    const writer = new Database(file);
    writer.pragma(`wal_autocheckpoint = ${walAutocheckpoint()}`);
    const insert = writer.prepare("INSERT INTO t (body) VALUES (?)");
    // About 2,000 frames: past SQLite's default of 1,000, under the backstop, so only the worker checkpoints.
    for (let i = 0; i < 500; i++) writer.transaction(() => insert.run(Buffer.alloc(12_000, i % 256)))();
    const runs = walCheckpointerStats().runs;
    await until(() => walCheckpointerStats().runs > runs + 1 && walCheckpointerStats().last!.log > 1_000 && walCheckpointerStats().last!.checkpointed === walCheckpointerStats().last!.log);
    // All of it is in the database file: a copy of that file alone, without the WAL, holds every row.
    writer.close();
    copyFileSync(file, `${file}.copy`);
    const copy = new Database(`${file}.copy`, { fileMustExist: true });
    try {
      expect(copy.prepare("SELECT count(*) AS n FROM t").get()).toEqual({ n: 500 });
    } finally {
      copy.close();
    }
  });

  it("opens Tessera's connections with the backstop while it runs, and with SQLite's default otherwise", async () => {
    const file = scratch();
    const autocheckpoint = async () => {
      const adapter = await new PrismaSqlite({ url: `file:${file}` }).connect();
      try {
        const result = await adapter.queryRaw({ sql: "PRAGMA wal_autocheckpoint", args: [], argTypes: [] });
        return Number(result.rows[0]![0]);
      } finally {
        await adapter.dispose();
      }
    };
    expect(await autocheckpoint()).toBe(1_000);
    startWalCheckpointer(`file:${file}`);
    expect(await autocheckpoint()).toBe(BACKSTOP_FRAMES);
    await stopWalCheckpointer();
    expect(walCheckpointerStats().running).toBe(false);
    expect(walAutocheckpoint()).toBeUndefined();
    expect(await autocheckpoint()).toBe(1_000);
  });

  it("does nothing for PostgreSQL", () => {
    startWalCheckpointer("postgresql://user@127.0.0.1:1/none");
    expect(walCheckpointerStats().running).toBe(false);
    expect(walAutocheckpoint()).toBeUndefined();
  });
});
