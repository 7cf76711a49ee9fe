// The benchmark's output: one table per scenario (Tessera, yardstick, peer),
// the ratios of Tessera's throughput to both, and the JSON file.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { SCENARIO_TITLES } from "./scenarios.mjs";
import { percentile } from "./window.mjs";

export const SERVER_LABELS = { tessera: "Tessera", yardstick: "yardstick (bare node:http)", peer: "oidc-provider 9" };
const SHORT_LABELS = { tessera: "Tessera", yardstick: "yardstick", peer: "oidc-provider" };
/** The servers Tessera is compared with. */
const OTHERS = Object.keys(SERVER_LABELS).filter((k) => k !== "tessera");

const fmt = {
  int: (n) => Math.round(n).toLocaleString("en-US"),
  ms: (n) => (n == null ? "-" : n >= 100 ? String(Math.round(n)) : n.toFixed(1)),
  cpu: (n) => (n == null ? "-" : n.toFixed(3)),
  ratio: (a, b) => (a == null || b == null || !b ? "-" : `${(a / b).toFixed(2)}×`),
};

function row(label, r, withDb) {
  if (r === undefined) return null;
  const blank = (text) => [label, text, "", "", "", "", "", "", "", ...(withDb ? [""] : []), ""];
  if (r === null) return blank("n/a");
  if (r.failed) return blank("FAILED");
  return [
    label,
    fmt.int(r.requestsPerSecond),
    fmt.ms(r.completed ? r.latencyMs.p50 : null),
    fmt.ms(r.completed ? r.latencyMs.p99 : null),
    fmt.int(r.non2xx),
    fmt.int(r.timeouts),
    fmt.int(r.socketErrors),
    fmt.int(r.wrong),
    fmt.cpu(r.cpuMsPerRequest),
    ...(withDb ? [fmt.cpu(r.dbCpuMsPerRequest)] : []),
    `${r.loaderCpuPercent}%`,
  ];
}

function table(rows) {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
  const line = (r) => r.map((cell, i) => (i === 0 ? String(cell).padEnd(widths[i]) : String(cell).padStart(widths[i]))).join("  ");
  return [line(rows[0]), widths.map((w) => "-".repeat(w)).join("  "), ...rows.slice(1).map(line)].join("\n");
}

/** Prints one scenario's table; `results` is {tessera, yardstick, peer}, null = n/a, undefined = not run. */
export function printScenario(name, results, { postgres, connections, notes = [] }) {
  const head = ["server", "req/s (2xx)", "p50 ms", "p99 ms", "non-2xx", "timeouts", "socket err", "wrong", "CPU ms/req", ...(postgres ? ["DB CPU ms/req"] : []), "autocannon CPU"];
  const rows = [head, ...Object.entries(SERVER_LABELS).map(([key, label]) => row(label, results[key], postgres)).filter(Boolean)];
  console.log(`\n${name}: ${SCENARIO_TITLES[name]}`);
  console.log(table(rows));
  for (const [key, r] of Object.entries(results)) {
    if (r?.failed) notes = [...notes, `${SERVER_LABELS[key]} failed: ${r.failed}`];
    // A stalled server shows no errors when the window is shorter than the timeout: say it.
    else if (r && r.completed < connections) {
      notes = [...notes, `${SERVER_LABELS[key]} answered only ${r.completed} requests in the ${r.seconds} s window, fewer than its ${connections} connections; the rest were still waiting when it closed.`];
    }
  }
  const ok = (r) => r && !r.failed;
  const t = results.tessera?.requestsPerSecond;
  const ratios = [];
  for (const key of OTHERS) if (ok(results.tessera) && ok(results[key])) ratios.push(`Tessera ÷ ${SHORT_LABELS[key]} ${fmt.ratio(t, results[key].requestsPerSecond)}`);
  if (ratios.length) console.log(`req/s ratios: ${ratios.join(", ")}`);
  const rounds = Object.entries(results).filter(([, r]) => ok(r) && r.rounds?.length > 1);
  if (rounds.length) {
    console.log(`req/s of each round, in run order: ${rounds.map(([key, r]) => `${SERVER_LABELS[key]} ${r.rounds.map(fmt.int).join(", ")}`).join("; ")}`);
    console.log(`p99 ms of each round, in run order: ${rounds.map(([key, r]) => `${SERVER_LABELS[key]} ${r.p99Rounds.map(fmt.ms).join(", ")}`).join("; ")}`);
    const times = (x) => (x == null ? "-" : `${x.toFixed(2)}×`);
    for (const [key, p] of Object.entries(roundRatios(results))) {
      const which = p.perRound.filter((x) => x !== null).length % 2 ? "median" : "lower median";
      console.log(`Tessera ÷ ${SHORT_LABELS[key]}, round by round: ${p.perRound.map(times).join(", ")}; ${which} of these ${times(p.median)} (the ratio above compares each server's median round)`);
    }
  }
  const firsts = Object.entries(results).filter(([, r]) => ok(r) && r.firstAnswerMs?.max != null);
  if (firsts.length) {
    const each = firsts.map(([key, r]) => `${SERVER_LABELS[key]} p50 ${fmt.ms(r.firstAnswerMs.p50)}, max ${fmt.ms(r.firstAnswerMs.max)}`);
    console.log(`first answer on each new connection, at the warm-up's start: ${each.join("; ")} ms`);
  }
  if (ok(results.tessera) && results.tessera.queriesPerRequest != null) console.log(`Tessera queries per request: ${results.tessera.queriesPerRequest.toFixed(2)} (every statement sent, group commits amortised)`);
  for (const note of notes) console.log(`note: ${note}`);
}

export function printContext(machine, options, provider) {
  const rounds = options.rounds > 1 ? `; ${options.rounds} rounds, servers in turn, in alternating order, each figure from its median round` : "";
  console.log(
    `\nnpm run bench: ${provider}, ${options.connections} connections, ${options.duration} s after a ${options.warmup} s warm-up on the same connections, timeout ${options.timeout} s${rounds}`,
  );
  console.log(`machine: ${machine.nproc} cores (${machine.cpu}), load average ${machine.loadAverage.join(" ")}, node ${machine.node}`);
  console.log(`pinning: ${machine.pinning}`);
}

export const LEGEND = [
  "req/s counts 2xx answers only; latencies are over all answers in the window (timed-out requests have none).",
  "errors: non-2xx answers, timeouts (no answer within the timeout) and socket errors, listed apart;",
  "  'wrong' is a 2xx whose body is not the right answer (no access_token, an inactive introspection).",
  "CPU ms/req: the server process tree's user+system CPU over the measured window, per completed request.",
  "The warm-up and the window are one run on the same connections. Its connections all open at the warm-up's start, and a busy",
  "  Node.js server accepts one new connection per turn of its event loop: 'first answer on each new connection' shows that wait.",
];

/**
 * A server's result over the rounds of a scenario: the round with the median
 * req/s (nearest rank, as percentile: the lower of the middle two for an
 * even count), whole, so that its latencies, errors and CPU are of the same
 * run, with every round's req/s
 * (`rounds`) and p99 (`p99Rounds`) in run order beside it. A failed round
 * fails the result.
 */
export function medianRound(runs) {
  const failed = runs.find((r) => r?.failed);
  if (failed) return failed;
  if (runs.some((r) => !r)) return null;
  const sorted = [...runs].sort((a, b) => a.requestsPerSecond - b.requestsPerSecond);
  return {
    ...percentile(sorted, 0.5),
    rounds: runs.map((r) => Math.round(r.requestsPerSecond)),
    p99Rounds: runs.map((r) => r.latencyMs?.p99 ?? null),
  };
}

/**
 * Tessera's req/s over each other server's, round by round (req/s as
 * printed), and the median of those (the lower of the middle two for an
 * even count, as medianRound). A round measures every server once, tens of
 * seconds apart, so a slow spell of this shared machine that spans a round
 * falls on both sides of its ratio, where the ratio of the median rounds
 * (the table's) compares rounds run minutes apart. Both are printed. A round
 * in which the other server answered nothing has no ratio (null) and is left
 * out of the median. Empty without two rounds or more.
 * @returns {Record<string, { perRound: (number | null)[], median: number | null }>}
 */
export function roundRatios(results) {
  const t = results.tessera;
  /** @type {Record<string, { perRound: (number | null)[], median: number | null }>} */
  const out = {};
  if (!t || t.failed || !(t.rounds?.length > 1)) return out;
  for (const key of OTHERS) {
    const other = results[key];
    if (!other || other.failed || other.rounds?.length !== t.rounds.length) continue;
    const perRound = t.rounds.map((rps, i) => (other.rounds[i] > 0 ? rps / other.rounds[i] : null));
    const known = perRound.filter((x) => x !== null).sort((a, b) => a - b);
    out[key] = { perRound, median: percentile(known, 0.5) };
  }
  return out;
}

/** Writes the JSON (without the jti lists) and returns its path. */
export function writeJson(dir, provider, report) {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `bench-${provider}-${new Date().toISOString().replace(/[:.]/g, "-")}.json`);
  const strip = (value) => JSON.parse(JSON.stringify(value, (key, v) => (key === "jtis" ? undefined : v)));
  writeFileSync(path, JSON.stringify(strip(report), null, 2) + "\n");
  return path;
}
