/**
 * `npm run test:stress`: issue 13, items 3 to 6, against real server
 * processes (dist/server.mjs), a real PostgreSQL and real SQLite files.
 *
 *   npm run test:stress                      full run (fuzz >= 20,000 requests, full load)
 *   npm run test:stress -- --sample          every category with smaller counts (CI)
 *   npm run test:stress -- --only fuzz,races one or more of: fuzz, faults, races, instances
 *   npm run test:stress -- --seed 1234       replay the fuzz run of that seed
 *
 * Environment: STRESS_SAMPLE=1, STRESS_SEED, STRESS_PORT (first of 20 ports,
 * default 3700), PGPORT_TESSERA (the throwaway PostgreSQL's port; a
 * TEST_DATABASE_URL already set is used instead, but the fault cases need a
 * cluster of their own to stop and pause). Prints a summary and writes it as
 * JSON under .tmp/stress/; exits 1 when any check failed.
 */
import { rmSync } from "node:fs";
import { join } from "node:path";
import { buildApp, buildIsCurrent } from "../lib/steps.mjs";
import { startCluster, stopCluster } from "../pg-cluster.mjs";
import { runFaults } from "./faults/faults";
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
  return { sample: argv.includes("--sample") || process.env.STRESS_SAMPLE === "1", only: only as CategoryId[], seed, port };
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const mode = args.sample ? "sample" : "full";
  const started = Date.now();
  const workDir = join(ROOT, ".tmp", "stress", "work");
  rmSync(workDir, { recursive: true, force: true });
  process.stdout.write(`stress (${mode}): ${args.only.join(", ")}; fuzz seed ${args.seed}; ports ${args.port}-${args.port + 19}\n`);
  if (!buildIsCurrent()) {
    process.stdout.write("the production build is stale: building (npm run build)\n");
    buildApp();
  }
  process.env.NEXT_TELEMETRY_DISABLED = "1";
  const ownCluster = !process.env.TEST_DATABASE_URL;
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
        await runFaults(cat, { sample: args.sample, port, workDir, ownCluster });
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
    if (ownCluster) await stopCluster().catch(() => undefined);
  }
  const meta = { seed: args.seed, minutes: Math.round((Date.now() - started) / 6000) / 10, finishedAt: new Date().toISOString(), replay: `npm run test:stress -- ${args.sample ? "--sample " : ""}--only fuzz --seed ${args.seed}` };
  const totals = printSummary(mode, results, meta);
  process.stdout.write(`summary written to ${writeSummary(join(ROOT, ".tmp", "stress"), mode, results, meta)}\n`);
  process.exit(totals.failures > 0 ? 1 : 0);
}

main().catch((e: unknown) => {
  process.stderr.write(`stress: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
