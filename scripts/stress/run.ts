/**
 * `npm run test:stress`: issue 13, items 3 to 6, against real server
 * processes (dist/server.mjs), a real PostgreSQL and real SQLite files.
 *
 *   npm run test:stress                      full run (fuzz >= 20,000 requests, full load)
 *   npm run test:stress -- --sample          every category, bounded (npm test's stress step)
 *   npm run test:stress -- --only fuzz,races one or more of: fuzz, faults, races, instances
 *   npm run test:stress -- --seed 1234       replay the fuzz run (and a sample's choice of faults) of that seed
 *   npm run test:stress -- --report f.json   also write the summary to f.json
 *
 * Environment: TESSERA_STRESS_SAMPLE=1 (as --sample), STRESS_SEED,
 * STRESS_PORT (first of 20 ports, default 3700), PGPORT_TESSERA (the
 * throwaway PostgreSQL's port). A TEST_DATABASE_URL already set is used
 * instead of starting a cluster; the PostgreSQL fault cases then skip, as
 * they stop and pause the server, unless TESSERA_STRESS_OWN_CLUSTER=1 says
 * it is the throwaway cluster of scripts/pg-cluster.mjs on PGPORT_TESSERA
 * (npm test's), which the run may stop, pause and restart but leaves
 * running. Prints a summary and writes it as JSON under .tmp/stress/; exits
 * 1 when any check failed.
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { buildApp, buildIsCurrent } from "../lib/steps.mjs";
import { startCluster, stopCluster } from "../pg-cluster.mjs";
import { chosenFaults, runFaults } from "./faults/faults";
import { runFuzz } from "./fuzz/fuzz";
import { runInstances } from "./instances";
import { commitTimestampsOn, runRaces } from "./races/races";
import { Category, printSummary, writeSummary, type CategoryResult } from "./summary";
import { ROOT } from "./world";

const CATEGORIES = ["fuzz", "faults", "races", "instances"] as const;
type CategoryId = (typeof CATEGORIES)[number];

function parseArgs(argv: string[]) {
  const value = (flag: string) => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const only = (value("--only") ?? CATEGORIES.join(",")).split(",").map((s) => s.trim());
  for (const id of only) if (!(CATEGORIES as readonly string[]).includes(id)) throw new Error(`--only: unknown category ${id} (use ${CATEGORIES.join(", ")})`);
  const seed = Number(value("--seed") ?? process.env.STRESS_SEED ?? Math.floor(Math.random() * 2 ** 31));
  if (!Number.isSafeInteger(seed)) throw new Error("--seed must be an integer");
  const port = Number(process.env.STRESS_PORT ?? 3700);
  const report = value("--report");
  return { sample: argv.includes("--sample") || process.env.TESSERA_STRESS_SAMPLE === "1", only: only as CategoryId[], seed, port, report: report ? resolve(report) : undefined };
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const mode = args.sample ? "sample" : "full";
  const started = Date.now();
  const workDir = join(ROOT, ".tmp", "stress", "work");
  rmSync(workDir, { recursive: true, force: true });
  process.stdout.write(`stress (${mode}): ${args.only.join(", ")}; fuzz seed ${args.seed}; ports ${args.port}-${args.port + 19}\n`);
  if (args.sample && args.only.includes("faults")) {
    const { postgres, sqlite } = chosenFaults(args);
    process.stdout.write(`sample: faults PostgreSQL ${postgres.join(", ")} and SQLite ${sqlite.join(", ")} (one of each, rotating with the seed)\n`);
  }
  if (!buildIsCurrent()) {
    process.stdout.write("the production build is stale: building (npm run build)\n");
    buildApp();
  }
  process.env.NEXT_TELEMETRY_DISABLED = "1";
  // startedCluster: this run starts (and stops) it; ownCluster: it may also stop and pause it meanwhile.
  const startedCluster = !process.env.TEST_DATABASE_URL;
  const ownCluster = startedCluster || process.env.TESSERA_STRESS_OWN_CLUSTER === "1";
  process.env.TEST_DATABASE_URL ||= await startCluster();
  if (ownCluster && args.only.includes("races")) await commitTimestampsOn(true, true);
  const results: CategoryResult[] = [];
  try {
    for (const id of args.only) {
      const port = args.port + CATEGORIES.indexOf(id) * 5;
      if (id === "fuzz") {
        const cat = new Category("fuzz", "Fuzzing (item 3): generated requests, no 5xx but 503 + Retry-After, errors in their documented shape");
        results.push(cat.result);
        await runFuzz(cat, { sample: args.sample, seed: args.seed, port, workDir });
      } else if (id === "faults") {
        const cat = new Category("faults", "Faults (item 4): the database stops, pauses, is busy, read-only or full");
        results.push(cat.result);
        await runFaults(cat, { sample: args.sample, port, workDir, ownCluster, seed: args.seed });
      } else if (id === "races") {
        const cat = new Category("races", "Races (item 5): tokens during rotations and a deactivation; owner demotions");
        results.push(cat.result);
        await runRaces(cat, { sample: args.sample, port, workDir, ownCluster });
      } else {
        const cat = new Category("instances", "Two instances on one PostgreSQL (item 6), under load");
        results.push(cat.result);
        await runInstances(cat, { sample: args.sample, port, workDir });
      }
    }
  } finally {
    if (startedCluster) await stopCluster().catch(() => undefined);
  }
  const meta = { seed: args.seed, minutes: Math.round((Date.now() - started) / 6000) / 10, finishedAt: new Date().toISOString(), replay: `npm run test:stress -- ${args.sample ? "--sample " : ""}--only fuzz --seed ${args.seed}` };
  const totals = printSummary(mode, results, meta);
  process.stdout.write(`summary written to ${writeSummary(join(ROOT, ".tmp", "stress"), mode, results, meta)}\n`);
  if (args.report) {
    mkdirSync(dirname(args.report), { recursive: true });
    writeFileSync(args.report, JSON.stringify({ mode, ...meta, totals, categories: results }, null, 2));
  }
  process.exit(totals.failures > 0 ? 1 : 0);
}

main().catch((e: unknown) => {
  process.stderr.write(`stress: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
