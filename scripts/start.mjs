// `npm start`: from a fresh clone to a running console, and fast when run again.
// Installs what is missing, creates .env with a TESSERA_SECRET, migrates the
// database, builds when the sources changed, then serves on PORT (3000).
import { spawn, spawnSync } from "node:child_process";
import { join } from "node:path";
import { buildApp, buildIsCurrent, ensureDependencies, ensureEnvFile, generateClients, loadEnvFile, root, run } from "./lib/steps.mjs";

const started = Date.now();
const say = (line) => process.stdout.write(`[tessera] ${line}\n`);

try {
  if (ensureDependencies()) say("dependencies installed");
  if (ensureEnvFile()) say("created .env with a new TESSERA_SECRET");
  loadEnvFile();
  process.env.NEXT_TELEMETRY_DISABLED = "1";

  generateClients();
  if (!buildIsCurrent()) {
    say("building the console (first run or changed sources)…");
    buildApp();
  }
  run(process.execPath, [join(root, "dist", "migrate.mjs")]);

  const boot = spawnSync(process.execPath, [join(root, "bin", "tessera.mjs"), "bootstrap", "--json"], {
    cwd: root,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  if (boot.status !== 0) throw new Error("first-run bootstrap failed");
  const result = JSON.parse(boot.stdout);
  const port = process.env.PORT || "3000";
  const base = (process.env.AUTH_URL || `http://localhost:${port}`).replace(/\/+$/, "");
  const message =
    result.kind === "setup-link"
      ? `[tessera] No user exists yet. Create the first owner (one-time link, valid 24 h):\n[tessera]   ${result.url}`
      : result.kind === "created-admin"
        ? `[tessera] Sign in at ${base}/sign-in as ${result.email} (owner of "${result.orgSlug}").`
        : `[tessera] Sign in at ${base}/sign-in`;

  const server = spawn(process.execPath, [join(root, "dist", "server.mjs")], {
    cwd: root,
    stdio: "inherit",
    env: {
      ...process.env,
      NODE_ENV: "production",
      TESSERA_READY_MESSAGE: message,
      TESSERA_STARTED_AT: String(started),
    },
  });
  for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
  server.on("exit", (code) => process.exit(code ?? 0));
} catch (e) {
  process.stderr.write(`[tessera] npm start failed: ${e instanceof Error ? e.message : e}\n`);
  process.exit(1);
}
