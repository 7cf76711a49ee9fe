import { execFile, spawn } from "node:child_process";
import { closeSync, openSync, unlinkSync, writeSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { ROOT } from "../world";

const run = promisify(execFile);

/**
 * The operating-system side of the SQLite faults: a small tmpfs to fill
 * (a full disk without filling the real one), a read-only bind mount, and
 * another process holding the write lock. Mounting needs root with
 * CAP_SYS_ADMIN; without it the cases say so and are skipped.
 */
export async function mountTmpfs(dir: string, size: string): Promise<string | null> {
  try {
    await run("mount", ["-t", "tmpfs", "-o", `size=${size},mode=0755`, "tmpfs", dir]);
    return null;
  } catch (e) {
    return `cannot mount a tmpfs here (${oneLine(e)}); needs root with CAP_SYS_ADMIN`;
  }
}

export async function mountReadOnly(source: string, target: string): Promise<string | null> {
  try {
    await run("mount", ["--bind", source, target]);
    await run("mount", ["-o", "remount,bind,ro", target]);
    return null;
  } catch (e) {
    await unmount(target);
    return `cannot make a read-only bind mount here (${oneLine(e)}); needs root with CAP_SYS_ADMIN`;
  }
}

export async function unmount(dir: string) {
  await run("umount", [dir]).catch(() => undefined);
}

/** Fill the file system holding `dir` to the last byte; returns a function that frees it again. */
export function fillDisk(dir: string): () => void {
  const file = join(dir, "filler");
  const fd = openSync(file, "w");
  try {
    for (const size of [1 << 20, 1 << 12, 1]) {
      const chunk = Buffer.alloc(size, 0x78);
      for (;;) {
        try {
          writeSync(fd, chunk);
        } catch {
          break; // ENOSPC at this chunk size: try smaller ones
        }
      }
    }
  } finally {
    closeSync(fd);
  }
  return () => unlinkSync(file);
}

/**
 * Another process (as the CLI or a backup would) takes SQLite's write lock
 * and keeps it for `ms`. Resolves once the lock is held, with when it was
 * taken and a promise of when it was released.
 */
export function holdWriteLock(file: string, ms: number): Promise<{ lockedAt: number; released: Promise<number> }> {
  const script = `const D = require("better-sqlite3"); const db = new D(${JSON.stringify(file)}); db.pragma("busy_timeout = 10000"); db.exec("BEGIN IMMEDIATE"); console.log("locked"); setTimeout(() => { db.exec("ROLLBACK"); db.close(); console.log("released"); }, ${ms});`;
  const child = spawn(process.execPath, ["-e", script], { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    let released: (t: number) => void;
    const whenReleased = new Promise<number>((r) => (released = r));
    child.stdout.on("data", (d: Buffer) => {
      const text = d.toString();
      if (text.includes("locked")) resolve({ lockedAt: Date.now(), released: whenReleased });
      if (text.includes("released")) released(Date.now());
    });
    child.once("exit", (code) => (code === 0 ? undefined : reject(new Error(`the lock holder exited with ${code}`))));
  });
}

const oneLine = (e: unknown) => (e instanceof Error ? ((e as { stderr?: string }).stderr || e.message) : String(e)).replace(/\s+/g, " ").trim();
