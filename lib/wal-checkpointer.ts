import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
import { sqlitePath } from "./sqlite-path";
import { log } from "./log";
import { processState } from "./process-state";

/**
 * SQLite's WAL checkpoints, on a thread of their own.
 *
 * A connection that commits past `wal_autocheckpoint` frames (1,000 by
 * default) copies the WAL back into the database file there and then, fsyncs
 * included, inside its commit. On the server that commit runs on the event
 * loop (better-sqlite3 is synchronous): under token load, one stall of about
 * 9 ms (3 ms of it CPU, the rest waiting for the disk) every few hundred
 * tokens, during which no request is answered.
 *
 * So the server checkpoints from a worker thread with its own connection,
 * PASSIVE (it never waits for, nor holds up, readers and writers), every
 * CHECKPOINT_EVERY_MS, and its connections checkpoint themselves only past
 * BACKSTOP_FRAMES: should the worker stop or fall behind, the WAL still
 * stays bounded. Other processes (the CLI, the console) keep SQLite's default.
 */
export const CHECKPOINT_EVERY_MS = 100;
export const BACKSTOP_FRAMES = 4_000;

interface Checkpoint {
  /** Frames in the WAL, and how many of them are now in the database file. */
  log: number;
  checkpointed: number;
}

const state = processState("wal-checkpointer", () => ({
  worker: undefined as Worker | undefined,
  runs: 0,
  last: undefined as Checkpoint | undefined,
}));

// Plain CommonJS for an eval'd worker: the bundle has no file of its own to run.
const WORKER = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
const timer = setInterval(() => {
  try {
    const [r] = db.pragma("wal_checkpoint(PASSIVE)");
    parentPort.postMessage({ log: r.log, checkpointed: r.checkpointed });
  } catch (e) {
    parentPort.postMessage({ error: String(e && e.message || e) });
  }
}, workerData.everyMs);
parentPort.on("message", () => { clearInterval(timer); db.close(); parentPort.close(); });
`;

/**
 * Start checkpointing the database of `url` from a worker thread (SQLite
 * only; for PostgreSQL nothing). Call it before the first database use, so
 * that the process's connections open with the backstop (walAutocheckpoint).
 */
export function startWalCheckpointer(url: string): void {
  if (!url.startsWith("file:") || state.worker) return;
  const file = sqlitePath(url);
  if (file === ":memory:") return;
  const driver = createRequire(import.meta.url).resolve("better-sqlite3");
  const worker = new Worker(WORKER, { eval: true, workerData: { driver, file, everyMs: CHECKPOINT_EVERY_MS } });
  worker.unref();
  let warned = false;
  worker.on("message", (m: Checkpoint | { error: string }) => {
    if ("error" in m) {
      if (!warned) log.warn({ error: m.error }, "WAL checkpoint failed; the server's own connections will checkpoint past the backstop");
      warned = true;
      return;
    }
    state.runs++;
    state.last = m;
  });
  worker.on("error", (e) => log.warn({ err: e }, "WAL checkpointer stopped; the server's own connections will checkpoint past the backstop"));
  worker.on("exit", () => {
    if (state.worker === worker) state.worker = undefined;
  });
  state.worker = worker;
}

/** Stop the worker (shutdown, tests); checkpoints go back to the connections past the backstop. */
export async function stopWalCheckpointer(): Promise<void> {
  const worker = state.worker;
  if (!worker) return;
  state.worker = undefined;
  const exited = new Promise((resolve) => worker.once("exit", resolve));
  worker.postMessage("stop");
  await exited;
}

/** What a connection of this process should set `wal_autocheckpoint` to: undefined for SQLite's default. */
export function walAutocheckpoint(): number | undefined {
  return state.worker ? BACKSTOP_FRAMES : undefined;
}

/** How many checkpoints the worker has run, and the last one's figures. */
export function walCheckpointerStats() {
  return { running: state.worker !== undefined, runs: state.runs, last: state.last };
}
