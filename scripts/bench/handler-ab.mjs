// `npm run bench:handlers -- --base REV`: the CPU one OAuth handler costs a
// call in this working tree (B) against revision REV (A), in alternating
// waves, for changes too small for `npm run bench` to resolve.
//
//   npm run bench:handlers -- --base REV [--job token|introspect-jwt|introspect-key|revoke]
//                              [--pairs 20] [--calls 1000] [--concurrency 50]
//
// Benchmark tooling, not product code. On this shared machine the speed of
// a core drifts by a third over tens of seconds, so two HTTP runs a minute
// apart differ by more than most single changes do. Here each tree's handler
// runs in a process of its own (handler-ab-child.mjs, both on core 0 where
// taskset exists, on copies of the same database), called directly: no HTTP,
// no load generator. After two warm-up waves each, the driver gives them
// waves of `calls` calls in turn, A B, B A, A B, ..., a second or so each,
// and reports the median of the per-pair ratios B/A (pairs.mjs): a ratio of
// 0.95 is 5% less CPU a call. The figures leave out Tessera's HTTP server,
// and SQLite checkpoints the WAL in the children's commits (as it does by
// itself), not on the server's checkpointer thread, so they say which way a
// change moves a handler, not what `npm run bench` will show.
//
// It uses the database and requests of the last `npm run bench` (SQLite,
// .tmp/bench/run), so run that first: its pre-issued tokens live an hour and
// must outlive the run by TOKEN_MARGIN_SECONDS, and those the bench revoked
// are left out (handler-ab-items.mjs). A revocation is sent once per token,
// so a revocation run needs (2 + pairs) × calls fresh tokens. REV is checked out in a temporary git worktree
// beside this tree's node_modules and generated clients; the Prisma schema
// must be the same in both. One run at a time. Writes
// .tmp/bench/handlers-<job>-<time>.json; exits non-zero when an answer was
// not what the job expects.
import { execFileSync } from "node:child_process";
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import Database from "better-sqlite3";
import { root } from "../lib/steps.mjs";
import { usableItems } from "./handler-ab-items.mjs";
import { pinning, spawnOn } from "./machine.mjs";
import { pairOrder, pairedRatios } from "./pairs.mjs";
import { tesseraEnv } from "./tessera.mjs";

const USAGE = "usage: npm run bench:handlers -- --base REV [--job token|introspect-jwt|introspect-key|revoke] [--pairs 20] [--calls 1000] [--concurrency 50]";
const JOBS = ["token", "introspect-jwt", "introspect-key", "revoke"];
const WARM_UP_WAVES = 2;
const WAVE_TIMEOUT_MS = 5 * 60_000;
// A token must outlive the run with room to spare: a run takes a few minutes.
const TOKEN_MARGIN_SECONDS = 15 * 60;

const { values: flags } = parseArgs({
  options: {
    base: { type: "string" },
    job: { type: "string", default: "token" },
    pairs: { type: "string", default: "20" },
    calls: { type: "string", default: "1000" },
    concurrency: { type: "string", default: "50" },
    help: { type: "boolean", short: "h" },
  },
});
if (flags.help) {
  console.log(USAGE);
  process.exit(0);
}
const positive = (name) => {
  const n = Number(flags[name]);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer, not ${JSON.stringify(flags[name])}`);
  return n;
};
if (!flags.base) throw new Error(USAGE);
if (!JOBS.includes(flags.job)) throw new Error(`--job must be one of ${JOBS.join(", ")}`);
const options = { job: flags.job, pairs: positive("pairs"), calls: positive("calls"), concurrency: positive("concurrency") };
// Each side goes first equally often.
if (options.pairs % 2) throw new Error("--pairs must be even: pairs alternate which side goes first");

const runDir = join(root, ".tmp", "bench", "run");
const database = join(runDir, "tessera.db");
const jobFile = join(runDir, `job-tessera-${options.job}.json`);
if (!existsSync(jobFile) || !existsSync(database)) throw new Error(`no ${jobFile} or ${database}: run \`npm run bench\` (SQLite) first`);

const git = (...args) => execFileSync("git", args, { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
const sha = git("rev-parse", "--verify", `${flags.base}^{commit}`);
if (git("show", `${sha}:prisma/schema.prisma`) !== readFileSync(join(root, "prisma", "schema.prisma"), "utf8").trim()) {
  throw new Error(`prisma/schema.prisma differs between ${flags.base} and this tree: both must run on the same database`);
}

const job = JSON.parse(readFileSync(jobFile, "utf8"));
const expectation = `status 200${job.expect ? ` and ${JSON.stringify(job.expect)}` : ""}`;
const usable = usableItems(job.items, { now: Math.floor(Date.now() / 1000), marginSeconds: TOKEN_MARGIN_SECONDS, revoked: revokedJtis() });
if (!usable.items.length) throw new Error(`no request of the ${options.job} job is usable (${usable.expired} tokens expire within ${TOKEN_MARGIN_SECONDS / 60} minutes, ${usable.revoked} were revoked by the bench): run \`npm run bench\` again`);
// A revocation is a request once: sent again, it is answered without a write.
const needed = (WARM_UP_WAVES + options.pairs) * options.calls;
if (options.job === "revoke" && usable.items.length < needed) {
  throw new Error(`the revoke job has ${usable.items.length} tokens left to revoke, and the run needs ${needed}: lower --pairs (even) or --calls, or run \`npm run bench\` again`);
}

/** The token ids the bench's revocation run revoked in its database. */
function revokedJtis() {
  const db = new Database(database, { readonly: true, fileMustExist: true });
  try {
    return new Set(db.prepare(`SELECT "jti" FROM "RevokedToken"`).pluck().all());
  } finally {
    db.close();
  }
}

const workDir = join(root, ".tmp", "bench", "handler-ab");
const baseTree = join(workDir, `base-${sha.slice(0, 12)}`);
const children = new Set();

/** REV's tree, with this tree's node_modules and generated clients (the schema is the same). */
function checkOutBase() {
  rmSync(workDir, { recursive: true, force: true });
  git("worktree", "prune");
  mkdirSync(workDir, { recursive: true });
  git("worktree", "add", "--detach", baseTree, sha);
  symlinkSync(join(root, "node_modules"), join(baseTree, "node_modules"));
  cpSync(join(root, "lib", "generated"), join(baseTree, "lib", "generated"), { recursive: true });
}

let cleaned = false;
function cleanUp() {
  if (cleaned) return;
  cleaned = true;
  for (const child of children) child.kill("SIGKILL");
  rmSync(workDir, { recursive: true, force: true });
  try {
    git("worktree", "prune");
  } catch {
    // The directory is gone; the next run's prune drops the entry.
  }
}
process.on("exit", cleanUp);
for (const [signal, code] of [["SIGINT", 130], ["SIGTERM", 143]]) {
  process.once(signal, () => {
    cleanUp();
    process.exit(code);
  });
}

/** A child running `tree`'s handler on its own copy of the bench's database. */
function startChild(name, tree) {
  const db = join(workDir, `${name}.db`);
  copyFileSync(database, db);
  // A server killed before it checkpointed leaves committed rows in the WAL.
  if (existsSync(`${database}-wal`)) copyFileSync(`${database}-wal`, `${db}-wal`);
  const env = { ...tesseraEnv(`file:${db}`, new URL(job.url).port), TESSERA_LOG_LEVEL: "silent", HANDLER_AB_ROOT: tree, HANDLER_AB_JOB: usableJobFile };
  const child = spawnOn("server", process.execPath, ["--import", "tsx", join(root, "scripts", "bench", "handler-ab-child.mjs")], {
    cwd: tree,
    env,
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  children.add(child);
  let waiting = null;
  let ended = null;
  const settle = (outcome) => {
    const w = waiting;
    waiting = null;
    if (!w) return;
    clearTimeout(w.timer);
    if (outcome instanceof Error) w.reject(outcome);
    else w.resolve(outcome);
  };
  child.on("message", (m) => settle(m.error ? new Error(`${name}: ${m.error}`) : m));
  child.on("error", (e) => settle((ended = new Error(`${name}: ${e.message}`))));
  child.on("exit", (code, signal) => settle((ended = new Error(`${name} exited (${signal ?? code})`))));
  const next = (send) =>
    new Promise((resolve, reject) => {
      if (ended) return reject(ended);
      waiting = { resolve, reject, timer: setTimeout(() => settle(new Error(`${name}: no answer in ${WAVE_TIMEOUT_MS / 1000} s`)), WAVE_TIMEOUT_MS) };
      send?.();
    });
  return {
    ready: next(),
    wave: () => next(() => child.send({ calls: options.calls, concurrency: options.concurrency })),
  };
}

checkOutBase();
const usableJobFile = join(workDir, "job.json");
writeFileSync(usableJobFile, JSON.stringify({ ...job, items: usable.items }));
const sides = { a: startChild("a", baseTree), b: startChild("b", root) };
await Promise.all([sides.a.ready, sides.b.ready]);
console.log(`handler: ${options.job}; A = ${flags.base} (${sha.slice(0, 12)}), B = this working tree; ${pinning.pinned ? "both on core 0" : pinning.note}`);
console.log(`${usable.items.length} requests (${usable.expired} expiring and ${usable.revoked} revoked tokens left out); ${options.pairs} pairs of waves of ${options.calls} calls, ${options.concurrency} at a time, after ${WARM_UP_WAVES} warm-up waves each`);
let wrong = 0;
for (let i = 0; i < WARM_UP_WAVES; i++) for (const side of ["a", "b"]) wrong += (await sides[side].wave()).wrong;
const cpu = { a: [], b: [] };
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
if (wrong) console.log(`${wrong} answers were not ${expectation}`);
const out = join(root, ".tmp", "bench", `handlers-${options.job}-${new Date().toISOString().replace(/[:.]/g, "-")}.json`);
writeFileSync(out, JSON.stringify({ base: flags.base, sha, options, pinned: pinning.pinned, requests: usable.items.length, wrong, ...summary, cpu }, null, 2) + "\n");
console.log(`written: ${out}`);
process.exitCode = wrong ? 1 : 0;
cleanUp();
