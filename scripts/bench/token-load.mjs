// `npm run bench`: Tessera's OAuth hot paths side by side with a bare
// node:http yardstick doing the same jobs (scripts/bench/yardstick/) and
// oidc-provider (scripts/bench/peer/), in one run, on the production build.
//
//   npm run bench [-- --duration 10 --warmup 3 --connections 100 --timeout 10 --rounds 1
//                     --only tessera,yardstick,peer --scenarios health,token,introspect-jwt,introspect-key,revoke
//                     --revoke-tokens 40000 --postgres]
// The same settings from the environment: BENCH_DURATION, BENCH_WARMUP,
// BENCH_CONNECTIONS, BENCH_TIMEOUT, BENCH_ROUNDS, BENCH_ONLY, BENCH_SCENARIOS,
// BENCH_REVOKE_TOKENS, BENCH_DB=postgresql.
//
// The servers run at once, each pinned to core 0 (autocannon on core 1) on a
// fresh database, idle but for the one measured: each scenario measures them
// one after another. With --rounds N, each scenario measures them N times,
// in alternating order (first to last, then last to first), and each figure
// is a server's median round: this shared machine's noise comes in spells of
// seconds to minutes, and a spell that falls on one server's only run moves
// the ratios by a third. Prints a table per scenario and writes .tmp/bench/bench-*.json.
// Exits non-zero when a server failed, or when Tessera's token.issued events
// do not match the tokens it handed out (see checkTokenEvents).
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { root } from "../lib/steps.mjs";
import { prepareDatabases } from "./databases.mjs";
import { machineContext, waitIdle } from "./machine.mjs";
import { measure, startServer } from "./processes.mjs";
import { LEGEND, SERVER_LABELS, medianRound, printContext, printScenario, roundRatios, writeJson } from "./report.mjs";
import { SCENARIOS, checkScenario, scenarioJob } from "./scenarios.mjs";
import { auditMaintenanceCost, checkTokenEvents, ensureBuild, prepareTessera, tesseraCommand, tesseraEnv, statementsSent } from "./tessera.mjs";

const PORTS = { tessera: 3400, yardstick: 3410, peer: 3411 };
const ACCOUNTS = 100;

const { values: flags } = parseArgs({
  options: {
    duration: { type: "string" },
    warmup: { type: "string" },
    connections: { type: "string" },
    timeout: { type: "string" },
    rounds: { type: "string" },
    only: { type: "string" },
    scenarios: { type: "string" },
    "revoke-tokens": { type: "string" },
    postgres: { type: "boolean" },
    help: { type: "boolean" },
  },
});
if (flags.help) {
  // The usage is this file's header comment.
  const header = readFileSync(new URL(import.meta.url), "utf8").split("\n").filter((l) => l.startsWith("//"));
  console.log(header.map((l) => l.slice(3)).join("\n"));
  process.exit(0);
}
const number = (flag, env, fallback, min = 1, { integer = false } = {}) => {
  const n = Number(flags[flag] ?? process.env[env] ?? fallback);
  if (!Number.isFinite(n) || n < min || (integer && !Number.isInteger(n))) throw new Error(`--${flag} must be ${integer ? "a whole number" : "a number"} of at least ${min}`);
  return n;
};
const list = (flag, env, all) => {
  const names = (flags[flag] ?? process.env[env] ?? all.join(",")).split(",").map((s) => s.trim()).filter(Boolean);
  const unknown = names.filter((n) => !all.includes(n));
  if (unknown.length) throw new Error(`--${flag}: unknown ${unknown.join(", ")} (choose from ${all.join(", ")})`);
  return all.filter((n) => names.includes(n));
};
const options = {
  duration: number("duration", "BENCH_DURATION", 10),
  warmup: number("warmup", "BENCH_WARMUP", 3, 0),
  connections: number("connections", "BENCH_CONNECTIONS", 100),
  timeout: number("timeout", "BENCH_TIMEOUT", 10),
  rounds: number("rounds", "BENCH_ROUNDS", 1, 1, { integer: true }),
  servers: list("only", "BENCH_ONLY", Object.keys(SERVER_LABELS)),
  scenarios: list("scenarios", "BENCH_SCENARIOS", SCENARIOS),
  revokeTokens: number("revoke-tokens", "BENCH_REVOKE_TOKENS", 40_000),
  postgres: Boolean(flags.postgres) || process.env.BENCH_DB === "postgresql",
};
// Revocation's pool per round; each round revokes a part of its own (scenarioJob).
const revokeCount = options.scenarios.includes("revoke") ? Math.max(1, options.revokeTokens) : 0;
const seededRevokeTokens = revokeCount * options.rounds;
// A server issues those tokens before it reports ready: oidc-provider through its own token
// endpoint, one core, about 1,000 a second here (120,000 for three rounds outlasted 180 s).
const readyTimeoutMs = 180_000 + 5 * seededRevokeTokens;
// The servers sign the tokens introspected and revoked once, at the start, for an hour: a run
// that could outlast them would measure expired tokens (refused, or revoked as no-ops).
const plannedMinutes = (options.scenarios.length * options.servers.length * options.rounds * (options.warmup + options.duration + 10)) / 60;
if (plannedMinutes > 45) {
  throw new Error(`about ${Math.round(plannedMinutes)} minutes of runs planned; the pre-issued tokens live an hour, so keep it under 45 (fewer rounds, scenarios or seconds)`);
}
const provider = options.postgres ? "postgresql" : "sqlite";

const benchDir = join(root, ".tmp", "bench");
const runDir = join(benchDir, "run");
rmSync(runDir, { recursive: true, force: true });
mkdirSync(runDir, { recursive: true });

const startedAt = new Date().toISOString();
const machine = machineContext();
printContext(machine, options, provider);
if (options.servers.includes("tessera") && ensureBuild()) console.log("built the production app");
const databases = await prepareDatabases({ postgres: options.postgres, dir: runDir });

/** Credentials in Tessera's shapes, for runs without Tessera (whose seed otherwise provides them). */
function generatedCredentials() {
  const id = () => `sa_${randomBytes(15).toString("base64url").slice(0, 20)}`;
  const secret = (prefix) => `${prefix}${randomBytes(32).toString("base64url").replace(/[-_]/g, "x").slice(0, 42)}`;
  const clients = Array.from({ length: ACCOUNTS }, () => ({ clientId: id(), clientSecret: secret("tss_") }));
  return { clients, introspector: { clientId: id(), clientSecret: secret("tss_") }, apiKey: secret("tak_") };
}

let credentials;
const setups = {
  async tessera() {
    const port = PORTS.tessera;
    const fixture = prepareTessera({ databaseUrl: databases.tessera, port, seedFile: join(runDir, "tessera-seed.json"), accounts: ACCOUNTS, revokeTokens: seededRevokeTokens });
    credentials = { clients: fixture.clients, introspector: fixture.introspector, apiKey: fixture.apiKey };
    const [command, args] = tesseraCommand();
    const server = await startServer({ name: "Tessera", command, args, env: tesseraEnv(databases.tessera, port), log: join(runDir, "tessera.log") });
    return { server, fixture };
  },
  async yardstick() {
    const seed = join(runDir, "yardstick-seed.json");
    const out = join(runDir, "yardstick-tokens.json");
    writeFileSync(seed, JSON.stringify({ ...credentials, revokeCount: seededRevokeTokens }));
    const env = { ...process.env, NODE_ENV: "production", YARDSTICK_DB: databases.yardstick, YARDSTICK_PORT: String(PORTS.yardstick), YARDSTICK_SEED: seed, YARDSTICK_OUT: out };
    const server = await startServer({ name: "yardstick", command: process.execPath, args: ["scripts/bench/yardstick/server.mjs"], env, log: join(runDir, "yardstick.log"), readyTimeoutMs });
    return { server, fixture: { ...credentials, ...JSON.parse(readFileSync(out, "utf8")), healthPath: "/api/health/live" } };
  },
  async peer() {
    const seed = join(runDir, "peer-seed.json");
    const out = join(runDir, "peer-tokens.json");
    writeFileSync(seed, JSON.stringify({ ...credentials, revokeCount: seededRevokeTokens }));
    const env = { ...process.env, NODE_ENV: "production", PEER_PORT: String(PORTS.peer), PEER_SEED: seed, PEER_OUT: out };
    const server = await startServer({ name: "oidc-provider", command: process.execPath, args: ["scripts/bench/peer/server.mjs"], env, log: join(runDir, "peer.log"), readyTimeoutMs });
    // No API keys and no health route: those scenarios are n/a.
    return { server, fixture: { ...credentials, ...JSON.parse(readFileSync(out, "utf8")), apiKey: null, healthPath: null } };
  },
};

const results = Object.fromEntries(options.scenarios.map((s) => [s, {}]));
let selfCheck = null;
let maintenance = null;

/** Measures one scenario on one running server. For Tessera's tokens, `jtis` holds the sample request's token too. */
async function runScenario(name, scenario, job, server) {
  const base = `http://127.0.0.1:${PORTS[name]}`;
  const sample = await checkScenario(base, scenario, job);
  const cpuPids = { server: server.pid, db: databases.dbPid() };
  const statementsBefore = name === "tessera" ? await statementsSent(base) : null;
  // The load runs through the window's start, so whatever the server still has to do (its console
  // starting, the last scenario's abandoned requests) must be done before the run begins.
  await waitIdle([cpuPids.server]);
  const r = await measure({ job, base, options, cpuPids, jobFile: join(runDir, `job-${name}-${scenario}.json`) });
  // Requests the client abandoned may still be running: let them finish before the next run.
  await waitIdle([cpuPids.server]);
  if (statementsBefore !== null) {
    // Every statement of the run (warm-up included, group commits and background flushes too) per answered request.
    const answered = r.run.answered;
    r.queriesPerRequest = answered ? ((await statementsSent(base)) - statementsBefore) / answered : null;
  }
  console.log(`  ${scenario}, ${SERVER_LABELS[name]}: ${Math.round(r.requestsPerSecond)} req/s, p99 ${r.latencyMs.p99} ms, ${r.non2xx} non-2xx, ${r.timeouts} timeouts, ${r.socketErrors} socket errors`);
  if (name === "tessera" && scenario === "token") {
    r.jtis.push(JSON.parse(Buffer.from(JSON.parse(sample).access_token.split(".")[1], "base64url").toString()).jti);
  }
  return r;
}

/** One round of a scenario on one server: its result, null when the server has no such job, or { failed }. */
async function runRound(name, scenario, { server, fixture }, round) {
  try {
    const job = scenarioJob(scenario, fixture, round, options.rounds);
    if (!job) return null;
    if (server.exited) throw new Error("not run");
    return await runScenario(name, scenario, job, server);
  } catch (error) {
    // A dead server shows as a refused connection before its exit event arrives: give that a moment.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const why = server.exited ? `${SERVER_LABELS[name]} exited (${server.exited}); log: ${join(runDir, `${name}.log`)}` : error.message;
    console.log(`  ${scenario}, ${SERVER_LABELS[name]}: FAILED: ${why}`);
    return { failed: why };
  }
}

/** The most revocations a server was sent in one round (its sample request included), against the pool of a round. */
const mostRevocationsSent = {};

/**
 * The self-check over every round of Tessera's tokens: the jti of every 200
 * (sample requests included), the 200s (each round's sample too) and the
 * requests abandoned at each run's end.
 */
function selfCheckOf(runs, fixture) {
  return checkTokenEvents({
    databaseUrl: databases.tessera,
    orgId: fixture.orgId,
    seen: runs.flatMap((r) => r.jtis),
    ok: runs.reduce((sum, r) => sum + r.run.ok + 1, 0),
    abandoned: runs.reduce((sum, r) => sum + r.run.sent - r.run.answered, 0),
  });
}

try {
  // Every server runs at once, idle but for the one measured, and each scenario measures them one
  // after another: a noisy spell on this shared machine then falls on one scenario's neighbours,
  // not on all of one server's runs.
  const running = {};
  try {
    credentials = generatedCredentials();
    for (const name of options.servers) {
      console.log(`\n${SERVER_LABELS[name]}: starting`);
      running[name] = await setups[name]();
    }
    for (const scenario of options.scenarios) {
      const runs = Object.fromEntries(options.servers.map((name) => [name, []]));
      for (let round = 0; round < options.rounds; round++) {
        if (options.rounds > 1) console.log(`  ${scenario}: round ${round + 1} of ${options.rounds}`);
        const order = round % 2 ? [...options.servers].reverse() : options.servers;
        for (const name of order) runs[name].push(await runRound(name, scenario, running[name], round));
      }
      for (const name of options.servers) results[scenario][name] = medianRound(runs[name]);
      if (scenario === "revoke") {
        for (const name of options.servers) if (results.revoke[name] && !results.revoke[name].failed) mostRevocationsSent[name] = Math.max(...runs[name].map((r) => r.run.sent + 1));
      }
      if (scenario === "token" && running.tessera && results.token.tessera && !results.token.tessera.failed) {
        try {
          selfCheck = await selfCheckOf(runs.tessera, running.tessera.fixture);
        } catch (error) {
          results.token.tessera = { failed: `self-check could not read the events: ${error.message}` };
        }
      }
    }
  } finally {
    for (const { server } of Object.values(running)) await server.stop();
  }
  if (running.tessera && (options.scenarios.includes("token") || options.scenarios.includes("revoke"))) {
    try {
      maintenance = auditMaintenanceCost(databases.tessera, PORTS.tessera, join(runDir, "audit-maintenance.json"));
    } catch (error) {
      maintenance = { failed: error.message };
    }
  }
} finally {
  await databases.close();
}

// Said, because with nothing changing during the run Tessera reads one short row per introspection.
const REMEMBERED_READS =
  "No credential changes during the run: Tessera reads the credential epoch and answers from the caller, key and token rows it read before (lib/credentials/remembered-reads.ts); the yardstick reads them every time.";
const notes = {
  "introspect-jwt": [
    // As a resource server does: the same tokens again and again. Said, because it is where the servers differ most.
    `${ACCOUNTS} tokens, each introspected many times: Tessera verifies a token's signature once and remembers it (lib/oauth/verified-signatures.ts); the yardstick verifies it every time.`,
    REMEMBERED_READS,
    ...(options.servers.includes("peer") ? ["oidc-provider refuses to introspect JWT access tokens (unsupported_token_type); its row introspects opaque tokens."] : []),
  ],
  "introspect-key": [REMEMBERED_READS],
  revoke: [
    `${revokeCount.toLocaleString("en-US")} distinct tokens per server${options.rounds > 1 ? " and round" : ""}; requests beyond that revoke a token again, which still answers 200 and changes nothing.`,
    ...(options.servers.includes("peer") ? ["oidc-provider refuses to revoke JWT access tokens; its row revokes opaque tokens."] : []),
  ],
};
for (const [key, sent] of Object.entries(mostRevocationsSent)) {
  const where = options.rounds > 1 ? " in a round" : "";
  if (sent > revokeCount) notes.revoke.push(`${SERVER_LABELS[key]}: ${sent.toLocaleString("en-US")} revocations sent${where} over ${revokeCount.toLocaleString("en-US")} tokens (--revoke-tokens raises the pool).`);
}
for (const scenario of options.scenarios) printScenario(scenario, results[scenario], { postgres: options.postgres, connections: options.connections, notes: notes[scenario] });
console.log("");
for (const line of LEGEND) console.log(line);
// Said, because it is a way of writing that the other servers could adopt too, and its gain depends on where the client runs.
if (options.servers.includes("tessera")) {
  console.log(
    "Tessera writes the answers ready in one turn of its event loop together (lib/http/coalesced-writes.ts); the yardstick and oidc-provider write each at once. With the load generator on the same host, that spares it a wake-up per answer, paid by the server's writes; across a network the gain is smaller.",
  );
}
if (options.postgres) console.log("DB CPU ms/req: the PostgreSQL cluster's processes, unpinned, sharing both cores.");

if (selfCheck) {
  const s = selfCheck;
  const equal = s.extra === 0 ? `= ${s.responses200} 200 responses` : `= ${s.responses200} 200 responses + ${s.extra} for requests the client abandoned (timed out or in flight at a run's end; at most ${s.abandoned})`;
  console.log(`\nself-check, Tessera token: ${s.events} token.issued events ${equal}; ${s.missing} tokens without an event, ${s.duplicates} duplicate events: ${s.pass ? "PASS" : "FAIL"}`);
}
if (maintenance) {
  const m = maintenance;
  console.log(
    m.failed
      ? `\naudit maintenance after the runs: FAILED: ${m.failed}`
      : `\naudit maintenance, held off during the runs and run once after them: verified and signed ${m.events.toLocaleString("en-US")} events in ${Math.round(m.cpuMs).toLocaleString("en-US")} ms of CPU` +
          (m.events ? ` (${Math.round((m.cpuMs * 1000) / m.events)} µs an event; every token and revocation writes one)` : ""),
  );
}
const roundRatiosByScenario = Object.fromEntries(Object.entries(results).map(([scenario, byServer]) => [scenario, roundRatios(byServer)]));
const path = writeJson(benchDir, provider, { provider, startedAt, machine, options, results, roundRatios: roundRatiosByScenario, selfCheck, maintenance, notes });
console.log(`\nJSON: ${path}`);
const failed = Object.values(results).some((byServer) => Object.values(byServer).some((r) => r?.failed));
if (failed) console.log("some runs FAILED: see above");
if (failed || (selfCheck && !selfCheck.pass) || maintenance?.failed) process.exitCode = 1;
