#!/usr/bin/env node
// A throwaway PostgreSQL 15 server for tests and local runs: trust auth,
// loopback only, no durability. Never use it for data you want to keep.
//
//   node scripts/pg-cluster.mjs start   start (or find running); last stdout line is the URL
//   node scripts/pg-cluster.mjs stop    stop and delete the data directory
//   node scripts/pg-cluster.mjs url     print the URL
//
// Fault tests (npm run test:stress) also import haltCluster() (stop, keep
// the data, so startCluster() brings the same database back) and
// pauseCluster()/resumeCluster() (SIGSTOP/SIGCONT on the server's processes:
// the database stops answering without closing a connection).
//
// PGPORT_TESSERA overrides the port (54329). A test runner can import
// startCluster()/stopCluster() instead of spawning this file.
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { appendFileSync, chownSync, existsSync, mkdirSync, readFileSync, readdirSync, realpathSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";

const run = promisify(execFile);

const PG_BIN = "/usr/lib/postgresql/15/bin";
const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const AS_ROOT = process.getuid?.() === 0;

export function clusterPort() {
  const raw = process.env.PGPORT_TESSERA || "54329";
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1024 || port > 65535) {
    throw new Error(`PGPORT_TESSERA must be a port number from 1024 to 65535, got ${JSON.stringify(raw)}`);
  }
  return port;
}

export function clusterUrl() {
  return `postgresql://postgres@127.0.0.1:${clusterPort()}/postgres`;
}

// Not in the repo's .tmp/: as root the server must run as the postgres user,
// which cannot reach a clone under an unreadable home such as /root, and the
// unix socket lives in this directory, whose path must stay under ~100 bytes.
// Hashing the repo path keeps two clones (and two ports) from sharing a cluster.
export function clusterDir() {
  const hash = createHash("sha256").update(REPO_ROOT).digest("hex").slice(0, 12);
  return path.join(os.tmpdir(), `tessera-pg-${hash}-${clusterPort()}`);
}

/** Runs a PostgreSQL binary, as the postgres user when we are root. */
async function pg(binary, args) {
  const file = path.join(PG_BIN, binary);
  const [cmd, argv] = AS_ROOT ? ["runuser", ["-u", "postgres", "--", file, ...args]] : [file, args];
  try {
    // cwd: the postgres user may be unable to enter the caller's directory.
    return await run(cmd, argv, { cwd: os.tmpdir(), env: { ...process.env, LC_ALL: "C" } });
  } catch (error) {
    error.pgOutput = `${error.stderr ?? ""}${error.stdout ?? ""}`.trim();
    throw error;
  }
}

function checkPrerequisites() {
  for (const binary of ["initdb", "pg_ctl", "postgres"]) {
    if (!existsSync(path.join(PG_BIN, binary))) {
      throw new Error(`${path.join(PG_BIN, binary)} not found: install PostgreSQL 15 (apt-get install postgresql-15)`);
    }
  }
}

async function postgresUser() {
  try {
    const [{ stdout: uid }, { stdout: gid }] = await Promise.all([run("id", ["-u", "postgres"]), run("id", ["-g", "postgres"])]);
    return { uid: Number(uid), gid: Number(gid) };
  } catch {
    throw new Error("running as root, but there is no postgres user to run the server as (PostgreSQL refuses root)");
  }
}

async function isRunning(dir) {
  if (!existsSync(path.join(dir, "PG_VERSION"))) return false;
  try {
    await pg("pg_ctl", ["status", "-D", dir]);
    return true;
  } catch (error) {
    // 3: not running. Anything else (4: not a data directory) is a real problem.
    if (error.code === 3) return false;
    throw new Error(`pg_ctl status failed: ${oneLine(error.pgOutput || error.message)}`);
  }
}

async function initCluster(dir) {
  // A directory without PG_VERSION is a leftover from an interrupted initdb.
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { mode: 0o700 });
  if (AS_ROOT) {
    const { uid, gid } = await postgresUser();
    chownSync(dir, uid, gid);
  }
  try {
    await pg("initdb", ["-D", dir, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync", "--no-instructions"]);
  } catch (error) {
    throw new Error(`initdb failed: ${oneLine(error.pgOutput || error.message)}`);
  }
  // The settings live in the cluster's own config so that a later
  // `pg_ctl start` by hand behaves the same way.
  appendFileSync(
    path.join(dir, "postgresql.conf"),
    [
      "",
      "# scripts/pg-cluster.mjs: throwaway test server",
      "listen_addresses = '127.0.0.1'",
      `port = ${clusterPort()}`,
      `unix_socket_directories = '${dir}'`,
      "fsync = off",
      "synchronous_commit = off",
      "full_page_writes = off",
      "max_connections = 200",
      "",
    ].join("\n"),
  );
}

/** Starts the cluster unless it is already running; resolves to its URL. */
export async function startCluster() {
  checkPrerequisites();
  const dir = clusterDir();
  if (await isRunning(dir)) return clusterUrl();
  if (!existsSync(path.join(dir, "PG_VERSION"))) await initCluster(dir);
  const log = path.join(dir, "server.log");
  try {
    await pg("pg_ctl", ["start", "-D", dir, "-l", log, "-w", "-t", "60"]);
  } catch (error) {
    const fatal = existsSync(log)
      ? readFileSync(log, "utf8").split("\n").filter((line) => /FATAL|ERROR/.test(line)).pop()
      : undefined;
    throw new Error(`PostgreSQL did not start on port ${clusterPort()}: ${oneLine(fatal || error.pgOutput || error.message)} (log: ${log})`);
  }
  return clusterUrl();
}

/** Stops the cluster if it runs and deletes its data; resolves to its URL. */
export async function stopCluster() {
  const dir = clusterDir();
  if (await isRunning(dir)) {
    try {
      await pg("pg_ctl", ["stop", "-D", dir, "-m", "fast", "-w", "-t", "60"]);
    } catch (error) {
      throw new Error(`pg_ctl stop failed: ${oneLine(error.pgOutput || error.message)}`);
    }
  }
  rmSync(dir, { recursive: true, force: true });
  return clusterUrl();
}

/** Stops the cluster but keeps its data: startCluster() brings the same databases back. */
export async function haltCluster() {
  const dir = clusterDir();
  if (!(await isRunning(dir))) return;
  try {
    await pg("pg_ctl", ["stop", "-D", dir, "-m", "fast", "-w", "-t", "60"]);
  } catch (error) {
    throw new Error(`pg_ctl stop failed: ${oneLine(error.pgOutput || error.message)}`);
  }
}

/** The postmaster and every process it forked (backends, checkpointer, walwriter...). */
function clusterProcesses() {
  const pidFile = path.join(clusterDir(), "postmaster.pid");
  if (!existsSync(pidFile)) throw new Error(`no running cluster on port ${clusterPort()}`);
  const postmaster = Number(readFileSync(pidFile, "utf8").split("\n")[0]);
  const children = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // Field 4 of /proc/PID/stat is the parent; the name in field 2 may hold spaces, so split after its ")".
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid === postmaster) children.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return [postmaster, ...children];
}

/** Freezes the cluster (SIGSTOP): connections stay open, nothing answers. Resolves to the frozen pids. */
export function pauseCluster() {
  const pids = clusterProcesses();
  for (const pid of pids) process.kill(pid, "SIGSTOP");
  return pids;
}

/** Thaws what pauseCluster() froze (and anything else of the cluster). */
export function resumeCluster(pids = clusterProcesses()) {
  for (const pid of pids) {
    try {
      process.kill(pid, "SIGCONT");
    } catch {
      // gone already
    }
  }
}

function oneLine(text) {
  return String(text).replace(/\s+/g, " ").trim();
}

async function main(command) {
  switch (command) {
    case "start":
      console.log(await startCluster());
      break;
    case "stop":
      await stopCluster();
      break;
    case "url":
      console.log(clusterUrl());
      break;
    default:
      throw new Error(`usage: node scripts/pg-cluster.mjs start|stop|url`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href) {
  main(process.argv[2]).catch((error) => {
    console.error(`pg-cluster: ${oneLine(error.message)}`);
    process.exitCode = 1;
  });
}
