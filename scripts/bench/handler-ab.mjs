// `npm run bench:handlers -- --base REV`: the CPU one OAuth handler costs a
// call in this working tree (B) against revision REV (A), in alternating
// waves, for changes too small for `npm run bench` to resolve.
//
//   npm run bench:handlers -- --base HEAD [--job token|introspect-jwt|introspect-key|revoke]
//                              [--pairs 20] [--calls 1000] [--concurrency 50]
//
// Benchmark tooling, not product code. On this shared machine the speed of
// a core drifts by a third over tens of seconds, so two HTTP runs a minute
// apart differ by more than most single changes do. Here each tree's handler
// runs in a process of its own (handler-ab-child.mjs, both on core 0 where
// taskset exists, on copies of the same database), called directly: no HTTP,
// no load generator. The driver gives them waves of `calls` calls in turn,
// A B, B A, A B, ..., a second or so each, and reports the median of the
// per-pair ratios B/A (pairs.mjs): a ratio of 0.95 is 5% less CPU a call.
// The figures leave out what the HTTP server and the database server (on
// PostgreSQL) spend, so they say which way a change moves a handler, not
// what `npm run bench` will show.
//
// It uses the database and request list of the last `npm run bench` (SQLite,
// .tmp/bench/run), so run that first. REV is checked out in a temporary git
// worktree beside node_modules and the generated clients of this tree; the
// Prisma schema must be the same in both. Writes .tmp/bench/handlers-*.json.
import { execFileSync } from "node:child_process";
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { root } from "../lib/steps.mjs";
import { pinning, spawnOn } from "./machine.mjs";
import { pairOrder, pairedRatios } from "./pairs.mjs";
import { tesseraEnv } from "./tessera.mjs";

const JOBS = ["token", "introspect-jwt", "introspect-key", "revoke"];
const { values: flags } = parseArgs({
  options: {
    base: { type: "string" },
    job: { type: "string", default: "token" },
    pairs: { type: "string", default: "20" },
    calls: { type: "string", default: "1000" },
    concurrency: { type: "string", default: "50" },
  },
});
const positive = (name) => {
  const n = Number(flags[name]);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer, not ${JSON.stringify(flags[name])}`);
  return n;
};
if (!flags.base) throw new Error("usage: npm run bench:handlers -- --base REV [--job token] [--pairs 20] [--calls 1000] [--concurrency 50]");
if (!JOBS.includes(flags.job)) throw new Error(`--job must be one of ${JOBS.join(", ")}`);
const options = { job: flags.job, pairs: positive("pairs"), calls: positive("calls"), concurrency: positive("concurrency") };

const runDir = join(root, ".tmp", "bench", "run");
const jobFile = join(runDir, `job-tessera-${options.job}.json`);
const database = join(runDir, "tessera.db");
if (!existsSync(jobFile) || !existsSync(database)) throw new Error(`no ${jobFile} or ${database}: run \`npm run bench\` (SQLite) first`);

const git = (...args) => execFileSync("git", args, { cwd: root, encoding: "utf8" }).trim();
const sha = git("rev-parse", "--verify", `${flags.base}^{commit}`);
if (git("show", `${sha}:prisma/schema.prisma`) !== readFileSync(join(root, "prisma", "schema.prisma"), "utf8").trim()) {
  throw new Error(`prisma/schema.prisma differs between ${flags.base} and this tree: both must run on the same database`);
}

const workDir = join(root, ".tmp", "handler-ab");
const baseTree = join(workDir, `base-${sha.slice(0, 12)}`);
const job = JSON.parse(readFileSync(jobFile, "utf8"));
const children = [];
/** REV's tree, with this tree's node_modules and generated clients (the schema is the same). */
function checkOutBase() {
  rmSync(workDir, { recursive: true, force: true });
  git("worktree", "prune");
  mkdirSync(workDir, { recursive: true });
  git("worktree", "add", "--detach", baseTree, sha);
  symlinkSync(join(root, "node_modules"), join(baseTree, "node_modules"));
  cpSync(join(root, "lib", "generated"), join(baseTree, "lib", "generated"), { recursive: true });
}

function cleanUp() {
  for (const child of children) child.kill("SIGKILL");
  rmSync(workDir, { recursive: true, force: true });
  git("worktree", "prune");
}

/** A child running `tree`'s handler on its own copy of the bench's database. */
function startChild(name, tree) {
  const db = join(workDir, `${name}.db`);
  copyFileSync(database, db);
  const port = new URL(job.url).port;
  const env = { ...tesseraEnv(`file:${db}`, port), TESSERA_LOG_LEVEL: "silent", HANDLER_AB_ROOT: tree, HANDLER_AB_JOB: jobFile };
  const child = spawnOn("server", process.execPath, ["--import", "tsx", join(root, "scripts", "bench", "handler-ab-child.mjs")], {
    cwd: tree,
    env,
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  children.push(child);
  let waiting = null;
  child.on("message", (m) => {
    const settle = waiting;
    waiting = null;
    if (m.error) settle?.reject(new Error(`${name}: ${m.error}`));
    else settle?.resolve(m);
  });
  child.on("exit", (code) => waiting?.reject(new Error(`${name} exited (${code})`)));
  const next = () => new Promise((resolve, reject) => (waiting = { resolve, reject }));
  const ready = next();
  return {
    ready,
    wave: () => {
      const answer = next();
      child.send({ calls: options.calls, concurrency: options.concurrency });
      return answer;
    },
  };
}

try {
  checkOutBase();
  const sides = { a: startChild("a", baseTree), b: startChild("b", root) };
  await Promise.all([sides.a.ready, sides.b.ready]);
  console.log(`handler: ${options.job}; A = ${flags.base} (${sha.slice(0, 12)}), B = this working tree; ${pinning.pinned ? "both on core 0" : pinning.note}`);
  console.log(`${options.pairs} pairs of waves of ${options.calls} calls, ${options.concurrency} at a time, after two warm-up waves each`);
  for (let i = 0; i < 2; i++) for (const side of ["a", "b"]) await sides[side].wave();
  const cpu = { a: [], b: [] };
  let wrong = 0;
  for (let i = 0; i < options.pairs; i++) {
    for (const side of pairOrder(i)) {
      const result = await sides[side].wave();
      cpu[side].push(result.cpuUs);
      wrong += result.wrong;
    }
  }
  const summary = pairedRatios(cpu.a, cpu.b);
  const f = (n) => n.toFixed(1);
  console.log(`CPU a call, median of the waves: A ${f(summary.medianA)} µs, B ${f(summary.medianB)} µs`);
  console.log(`B/A per pair: median ${summary.ratio.median.toFixed(3)} (quartiles ${summary.ratio.p25.toFixed(3)}–${summary.ratio.p75.toFixed(3)}); B cheaper in ${summary.bCheaper} of ${summary.pairs} pairs`);
  if (wrong) console.log(`${wrong} answers were not what the job expects (status 200 and ${JSON.stringify(job.expect)})`);
  const out = join(root, ".tmp", "bench", `handlers-${options.job}-${new Date().toISOString().replace(/[:.]/g, "-")}.json`);
  writeFileSync(out, JSON.stringify({ base: flags.base, sha, options, pinned: pinning.pinned, wrong, ...summary, cpu }, null, 2) + "\n");
  console.log(`written: ${out}`);
  process.exitCode = wrong ? 1 : 0;
} finally {
  cleanUp();
}
