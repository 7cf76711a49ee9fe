// What the benchmark needs from the machine: pinning with taskset, the CPU
// time a process tree has used (from /proc), and a description of the
// conditions to print beside the figures.
import { execFileSync, spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import os from "node:os";

function hasTaskset() {
  try {
    execFileSync("taskset", ["-p", String(process.pid)], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

const cores = os.availableParallelism();

/**
 * The server gets core 0 and the load generator core 1, so neither steals
 * from the other. Without taskset, or on one core, both run unpinned and the
 * output says so.
 */
export const pinning = hasTaskset()
  ? cores >= 2
    ? { pinned: true, server: 0, loader: 1, note: "server pinned to core 0 (taskset -c 0), autocannon to core 1 (taskset -c 1)" }
    : { pinned: false, note: "unpinned: only one core" }
  : { pinned: false, note: "unpinned: taskset not found" };

/** Spawns a command on one core when pinning is available, else unpinned. */
export function spawnOn(role, command, args, options) {
  if (!pinning.pinned) return spawn(command, args, options);
  // taskset execs the command, so the child's pid is the command's own pid.
  return spawn("taskset", ["-c", String(pinning[role]), command, ...args], options);
}

let ticksPerSecond;
function clockTicks() {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/** [ppid, utime + stime + cutime + cstime in clock ticks] from the text of /proc/<pid>/stat. */
export function parseStat(text) {
  // The command name may hold spaces and parentheses: fields start after the last ")".
  const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
  // fields[0] is field 3 (state): ppid is field 4, utime..cstime are fields 14..17.
  return [Number(fields[1]), Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])];
}

function readStat(pid) {
  try {
    return parseStat(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return null; // gone meanwhile
  }
}

/**
 * CPU milliseconds used so far by a process and all its live descendants.
 * Reaped children are in their parent's cutime/cstime, so a worker that
 * exits between two readings is still counted, and nothing twice.
 */
export function treeCpuMs(rootPid) {
  if (!existsSync("/proc/self/stat")) return null;
  const stats = new Map();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readStat(entry);
    if (stat) stats.set(Number(entry), stat);
  }
  if (!stats.has(rootPid)) return null;
  const children = new Map();
  for (const [pid, [ppid]] of stats) {
    if (!children.has(ppid)) children.set(ppid, []);
    children.get(ppid).push(pid);
  }
  let ticks = 0;
  const queue = [rootPid];
  while (queue.length) {
    const pid = queue.pop();
    ticks += stats.get(pid)[1];
    queue.push(...(children.get(pid) ?? []));
  }
  return (ticks * 1000) / clockTicks();
}

/** Waits until the process trees have been (nearly) idle for half a second, at most `limitMs`. */
export async function waitIdle(pids, limitMs = 20_000) {
  const total = () => pids.reduce((sum, pid) => sum + (treeCpuMs(pid) ?? 0), 0);
  const started = Date.now();
  let before = total();
  while (Date.now() - started < limitMs) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    const now = total();
    // Below 5% of a core: in-flight requests from the last run are done.
    if (now - before < 25) return;
    before = now;
  }
}

export function machineContext() {
  return {
    nproc: cores,
    loadAverage: os.loadavg().map((l) => Number(l.toFixed(2))),
    node: process.version,
    cpu: os.cpus()[0]?.model ?? "unknown",
    pinned: pinning.pinned,
    pinning: pinning.note,
  };
}
