// Starting and stopping the servers under test, and one measured scenario:
// autocannon in its own pinned process, the server's CPU time read at the
// edges of the measured window.
import { closeSync, openSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { root } from "../lib/steps.mjs";
import { spawnOn, treeCpuMs } from "./machine.mjs";

const running = new Set();
process.on("exit", () => {
  for (const child of running) child.kill("SIGKILL");
});

/**
 * Starts a server pinned to the server core; resolves once its log holds a
 * line containing "ready". Its output goes straight to the file `log`, as a
 * deployment's would go to a file or a collector: passed through this
 * process, the access log's every write would wake it, on either core, in
 * the middle of the measured run, and only Tessera writes a line a request.
 */
export function startServer({ name, command, args, env, log, readyTimeoutMs = 180_000 }) {
  const out = openSync(log, "w");
  let child;
  try {
    child = spawnOn("server", command, args, { cwd: root, env, stdio: ["ignore", out, out] });
  } finally {
    closeSync(out);
  }
  running.add(child);
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const fail = (error) => {
      clearInterval(poll);
      child.kill("SIGKILL");
      reject(error);
    };
    child.once("exit", (code, signal) => fail(new Error(`${name} exited (${code ?? signal}) before it was ready; log: ${log}`)));
    const said = () => {
      try {
        return readFileSync(log, "utf8");
      } catch {
        return "";
      }
    };
    const poll = setInterval(() => {
      if (/\bready\b/i.test(said())) {
        clearInterval(poll);
        child.removeAllListeners("exit");
        const handle = { name, pid: child.pid, exited: null, stop: () => stopServer(child) };
        // Something else may end the server mid-run (a crash, a broad pkill): say so instead of failing obscurely.
        child.once("exit", (code, signal) => {
          handle.exited = signal ?? `exit code ${code}`;
        });
        resolve(handle);
      } else if (Date.now() - started > readyTimeoutMs) {
        fail(new Error(`${name} did not get ready in ${readyTimeoutMs / 1000} s (log: ${log})`));
      }
    }, 100);
  });
}

function stopServer(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const kill = setTimeout(() => child.kill("SIGKILL"), 15_000);
    child.once("exit", () => {
      clearTimeout(kill);
      running.delete(child);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

/**
 * Runs one scenario against one server: one load run, warm-up then the
 * measured window, on the same connections (load.mjs).
 * `cpuPids` are the processes whose CPU is charged to the server ({server, db}).
 * Resolves to the window's result plus CPU per request, the whole run's
 * counts (`run`: sent, answered, ok) and the jti of every token seen (warm-up
 * included), for the self-check.
 */
export function measure({ job, base, options, cpuPids, jobFile }) {
  writeFileSync(jobFile, JSON.stringify({ ...job, url: base, connections: options.connections, duration: options.duration, warmup: options.warmup, timeout: options.timeout }));
  const loader = spawnOn("loader", process.execPath, [join(root, "scripts", "bench", "load.mjs"), jobFile], {
    cwd: root,
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  running.add(loader);
  const cpu = () => Object.fromEntries(Object.entries(cpuPids).map(([k, pid]) => [k, pid ? treeCpuMs(pid) : null]));
  return new Promise((resolve, reject) => {
    // The load goes on through the window's edges: the CPU is read the moment each is told.
    const edges = {};
    loader.on("message", (message) => {
      if (message.type !== "measured") {
        edges[message.type] = cpu();
        return;
      }
      const { opened: before, closed: after } = edges;
      const r = message.result;
      const perRequest = (key) => (before?.[key] == null || after?.[key] == null || !r.completed ? null : (after[key] - before[key]) / r.completed);
      resolve({
        ...r,
        // A wrong 2xx (checked by the job's `expect`) is no throughput.
        requestsPerSecond: (r.ok - r.wrong) / r.seconds,
        cpuMsPerRequest: perRequest("server"),
        dbCpuMsPerRequest: perRequest("db"),
        jtis: message.jtis,
      });
    });
    loader.once("exit", (code) => {
      running.delete(loader);
      if (code !== 0) reject(new Error(`load generator exited with ${code}`));
    });
  });
}
