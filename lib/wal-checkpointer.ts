import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
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
 * CHECKPOINT_EVERY_MS, and the writers of its adapter (adoptWriter)
 * checkpoint themselves only past BACKSTOP_FRAMES while the worker runs.
 * When it stops, for whatever reason, they go back to SQLite's default.
 */
export const CHECKPOINT_EVERY_MS = 100;
export const BACKSTOP_FRAMES = 4_000;
const SQLITE_DEFAULT_FRAMES = 1_000;
const STOP_PATIENCE_MS = 2_000;

interface Checkpoint {
  /** Frames in the WAL, and how many of them are now in the database file. */
  log: number;
  checkpointed: number;
}

interface Pragmas {
  pragma(source: string): unknown;
}

const state = processState("wal-checkpointer", () => ({
  worker: undefined as Worker | undefined,
  writers: new Set<Pragmas>(),
  runs: 0,
  failures: 0,
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
    parentPort.postMessage({ error: String((e && e.message) || e) });
  }
}, workerData.everyMs);
parentPort.on("message", () => { clearInterval(timer); db.close(); parentPort.close(); });
`;

function setAutocheckpoint(writer: Pragmas, frames: number) {
  try {
    writer.pragma(`wal_autocheckpoint = ${frames}`);
  } catch {
    // Closed since: nothing to set.
  }
}

/**
 * Start checkpointing the SQLite database at `file` (a path, see sqlitePath)
 * from a worker thread. Writers adopted before or after hold back to the
 * backstop while it runs.
 */
export function startWalCheckpointer(file: string): void {
  if (state.worker || file === ":memory:") return;
  const driver = createRequire(import.meta.url).resolve("better-sqlite3");
  const worker = new Worker(WORKER, { eval: true, workerData: { driver, file, everyMs: CHECKPOINT_EVERY_MS } });
  worker.unref();
  worker.on("message", (m: Checkpoint | { error: string }) => {
    if ("error" in m) {
      // Logged once every 100 failures: a database that keeps refusing should not flood the log.
      if (state.failures++ % 100 === 0) log.warn({ error: m.error, failures: state.failures }, "WAL checkpoint failed");
      return;
    }
    state.runs++;
    state.last = m;
  });
  worker.on("error", (e) => log.warn({ err: e }, "WAL checkpointer stopped; the connections checkpoint themselves again"));
  worker.on("exit", () => {
    if (state.worker !== worker) return;
    state.worker = undefined;
    for (const writer of state.writers) setAutocheckpoint(writer, SQLITE_DEFAULT_FRAMES);
  });
  state.worker = worker;
  for (const writer of state.writers) setAutocheckpoint(writer, BACKSTOP_FRAMES);
}

/** Stop the worker (at shutdown, before the connections close); the writers go back to SQLite's default. */
export async function stopWalCheckpointer(): Promise<void> {
  const worker = state.worker;
  if (!worker) return;
  const exited = new Promise((resolve) => worker.once("exit", resolve));
  worker.postMessage("stop");
  // A checkpoint stuck on the disk must not hold the shutdown.
  const patience = setTimeout(() => void worker.terminate(), STOP_PATIENCE_MS);
  await exited;
  clearTimeout(patience);
}

/** A writer connection of this process: held to the backstop while the worker runs, SQLite's default otherwise. */
export function adoptWriter(writer: Pragmas): void {
  state.writers.add(writer);
  if (state.worker) setAutocheckpoint(writer, BACKSTOP_FRAMES);
}

/** Forget a writer (its connection closed). */
export function releaseWriter(writer: Pragmas): void {
  state.writers.delete(writer);
}

/** Whether the worker runs, how many checkpoints it has run, and the last one's figures. */
export function walCheckpointerStats() {
  return { running: state.worker !== undefined, runs: state.runs, failures: state.failures, last: state.last };
}
