// `npm test`: the whole suite, ending with one line "N passed, N failed".
//   1. typecheck and lint
//   2. unit + integration tests (vitest) on SQLite
//   3. the same suite on a real PostgreSQL: TEST_DATABASE_URL, or a throwaway
//      cluster started here from the local PostgreSQL 15 binaries
//   4. production build, then Playwright journeys in the system Chromium (and
//      browser-less specs running real server processes on that PostgreSQL)
//   5. a bounded sample of the stress suite (`npm run test:stress -- --sample`:
//      fuzzing, database faults, races, two instances) against that build and
//      that PostgreSQL, each of its cases counted as a test; the whole stress
//      suite instead with TESSERA_STRESS_FULL=1 (CI runs the sample; see .ci/run)
// A missing PostgreSQL or Chromium is a failure, never a silent skip.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { join, relative } from "node:path";
import { buildApp, ensureDependencies, generateClients, root } from "./lib/steps.mjs";
import { startCluster, stopCluster } from "./pg-cluster.mjs";

const bin = (name) => join(root, "node_modules", ".bin", name);
const tally = { passed: 0, failed: 0, skipped: 0 };
const failures = [];
/** Each failed test by name with the first line of its error, repeated at the end so a log's tail says what failed. */
const failedTests = [];
const started = Date.now();

function step(name, command, args, env = {}) {
  process.stdout.write(`\n=== ${name} ===\n`);
  const t = Date.now();
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...env } });
  process.stdout.write(`--- ${name}: exit ${result.status} in ${((Date.now() - t) / 1000).toFixed(1)} s\n`);
  return result.status === 0;
}

/** A check that is not a test runner (typecheck, lint, build) counts as one test. */
function check(name, ok) {
  if (ok) tally.passed++;
  else {
    tally.failed++;
    failures.push(name);
  }
}

function countVitest(name, file, ok) {
  if (!existsSync(file)) return check(`${name} (no report)`, false);
  const report = JSON.parse(readFileSync(file, "utf8"));
  tally.passed += report.numPassedTests;
  tally.failed += report.numFailedTests;
  tally.skipped += report.numPendingTests + (report.numTodoTests ?? 0);
  if (report.numFailedTests > 0 || !ok) failures.push(name);
  if (!ok && report.numFailedTests === 0) tally.failed++; // e.g. a suite that failed to load
  for (const suite of report.testResults ?? []) {
    const where = relative(root, suite.name);
    for (const t of suite.assertionResults ?? []) {
      if (t.status === "failed") failedTests.push(`${name}: ${where} > ${t.fullName}: ${firstLine(t.failureMessages?.[0])}`);
    }
    if (suite.status === "failed" && !(suite.assertionResults ?? []).some((t) => t.status === "failed")) {
      failedTests.push(`${name}: ${where}: ${firstLine(suite.message)}`);
    }
  }
}

function firstLine(text) {
  const line = String(text ?? "").split("\n").find((l) => l.trim()) ?? "";
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}

function vitest(name, provider, env) {
  const out = join(root, ".tmp", `vitest-${provider}.json`);
  const ok = step(name, bin("vitest"), ["run", "--reporter=default", "--reporter=json", `--outputFile.json=${out}`], { TEST_DB: provider, ...env });
  readReport(name, () => countVitest(name, out, ok));
}

function countPlaywright(file, ok) {
  if (!existsSync(file)) return check("playwright (no report)", false);
  const report = JSON.parse(readFileSync(file, "utf8"));
  const { stats } = report;
  tally.passed += stats.expected;
  tally.failed += stats.unexpected + stats.flaky;
  tally.skipped += stats.skipped;
  if (stats.unexpected + stats.flaky > 0 || !ok) failures.push("playwright");
  const walk = (suite, path) => {
    for (const spec of suite.specs ?? []) {
      for (const t of spec.tests ?? []) {
        if (t.status === "unexpected" || t.status === "flaky") {
          const error = t.results?.map((r) => r.errors?.[0] ?? r.error).find(Boolean);
          failedTests.push(`playwright: ${[...path, spec.title].join(" > ")} (${t.status}): ${firstLine(error?.message)}`);
        }
      }
    }
    for (const child of suite.suites ?? []) walk(child, [...path, child.title]);
  };
  for (const suite of report.suites ?? []) walk(suite, [suite.title]);
  // Failures outside any test: the web server or the global setup.
  for (const error of report.errors ?? []) failedTests.push(`playwright: ${firstLine(error.message)}`);
  if (!ok && stats.unexpected + stats.flaky === 0) tally.failed++;
}

/** Each stress case is one test: passed with no failed check, skipped when it says why it could not run. */
function countStress(file, ok) {
  if (!existsSync(file)) return check("stress sample (no report)", false);
  const { categories } = JSON.parse(readFileSync(file, "utf8"));
  let failed = 0;
  for (const c of categories.flatMap((category) => category.cases.map((c) => ({ ...c, name: `${category.id}: ${c.name}` })))) {
    if (c.skipped) tally.skipped++;
    else if (c.failures.length) {
      failed++;
      failedTests.push(`stress: ${c.name}: ${firstLine(c.failures[0])}`);
    }
    else tally.passed++;
  }
  tally.failed += failed;
  if (failed > 0 || !ok) failures.push("stress sample");
  if (!ok && failed === 0) tally.failed++;
}

/** A report that cannot be read is one failure, never the end of the run (the summary line must still come). */
function readReport(name, count) {
  try {
    count();
  } catch (e) {
    check(`${name} (report unreadable: ${e.message})`, false);
  }
}

mkdirSync(join(root, ".tmp"), { recursive: true });
try {
  ensureDependencies();
  generateClients();
} catch (e) {
  check(`setup: ${e.message}`, false);
}

check("typecheck", step("typecheck", bin("tsc"), ["--noEmit"]));
check("lint", step("lint", bin("eslint"), [".", "--max-warnings=0"]));

vitest("vitest (SQLite)", "sqlite", {});

let startedCluster = false;
let pgUrl = process.env.TEST_DATABASE_URL;
try {
  if (!pgUrl) {
    process.stdout.write("\n=== PostgreSQL: starting a throwaway cluster ===\n");
    pgUrl = await startCluster();
    startedCluster = true;
  }
  vitest("vitest (PostgreSQL)", "postgresql", { TEST_DATABASE_URL: pgUrl });
} catch (e) {
  check(`PostgreSQL unavailable: ${e.message}`, false);
}

try {
  const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  if (!existsSync(chromium)) {
    check(`Chromium missing at ${chromium} (apt-get install -y chromium)`, false);
  } else {
    let built = false;
    try {
      process.stdout.write("\n=== production build ===\n");
      buildApp();
      built = true;
    } catch (e) {
      process.stdout.write(`build failed: ${e.message}\n`);
    }
    check("production build", built);
    if (built) {
      // The browser-less specs that run several real instances need the same PostgreSQL.
      const report = join(root, ".tmp", "playwright-results.json");
      const ok = step("playwright (Chromium)", bin("playwright"), ["test"], { CHROMIUM_PATH: chromium, ...(pgUrl ? { TEST_DATABASE_URL: pgUrl } : {}) });
      readReport("playwright", () => countPlaywright(report, ok));

      // The stress sample, on the same build and PostgreSQL. The cluster started here is
      // throwaway, so the fault cases may stop and pause it (they bring it back).
      // TESSERA_STRESS_FULL=1 runs the whole stress suite here instead of the sample.
      const full = process.env.TESSERA_STRESS_FULL === "1";
      const stressReport = join(root, ".tmp", "stress-sample.json");
      rmSync(stressReport, { force: true });
      const stressEnv = { ...(pgUrl ? { TEST_DATABASE_URL: pgUrl } : {}), ...(startedCluster ? { TESSERA_STRESS_OWN_CLUSTER: "1" } : {}) };
      const stressArgs = ["scripts/stress/run.ts", ...(full ? [] : ["--sample"]), "--report", stressReport];
      const stressOk = step(full ? "stress (full)" : "stress sample", bin("tsx"), stressArgs, stressEnv);
      readReport("stress", () => countStress(stressReport, stressOk));
    }
  }
} finally {
  if (startedCluster) await stopCluster().catch(() => undefined);
}

process.stdout.write(`\nfinished in ${((Date.now() - started) / 60000).toFixed(1)} min`);
process.stdout.write(failures.length ? `; failing: ${failures.join(", ")}\n` : "\n");
const SHOWN = 25;
for (const line of failedTests.slice(0, SHOWN)) process.stdout.write(`FAILED ${line}\n`);
if (failedTests.length > SHOWN) process.stdout.write(`FAILED … and ${failedTests.length - SHOWN} more (above)\n`);
// Skipped tests get a line of their own: the last line stays exactly "N passed, N failed".
if (tally.skipped) process.stdout.write(`${tally.skipped} skipped\n`);
process.stdout.write(`${tally.passed} passed, ${tally.failed} failed\n`);
process.exit(tally.failed > 0 ? 1 : 0);
