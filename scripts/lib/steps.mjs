// Steps shared by `npm start`, `npm run build` and `npm test`.
import { spawnSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { appendFileSync, existsSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";

export const root = join(import.meta.dirname, "..", "..");
const bin = (name) => join(root, "node_modules", ".bin", name);

export function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit", ...options, env: { ...process.env, ...options.env } });
  if (result.status !== 0) {
    throw new Error(`${[command, ...args].join(" ")} failed (exit ${result.status ?? result.signal})`);
  }
  return result;
}

export const tsx = (args, options) => run(process.execPath, ["--import", "tsx", ...args], options);

/** Install dependencies when node_modules is missing or older than the lockfile. */
export function ensureDependencies() {
  const marker = join(root, "node_modules", ".package-lock.json");
  const lock = join(root, "package-lock.json");
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return false;
  run("npm", ["install", "--no-audit", "--no-fund"], { env: { PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: "1" } });
  return true;
}

/** Create .env with a fresh TESSERA_SECRET (384 random bits) when it has none. */
export function ensureEnvFile() {
  const path = join(root, ".env");
  const text = existsSync(path) ? readFileSync(path, "utf8") : "";
  if (!/^TESSERA_SECRET=./m.test(text) && !process.env.TESSERA_SECRET) {
    const header = text ? (text.endsWith("\n") ? "" : "\n") : "# Tessera settings (see README, Configuration). Keep this file out of git.\n";
    appendFileSync(path, `${header}TESSERA_SECRET=${randomBytes(48).toString("base64url")}\n`, { mode: 0o600 });
    return true;
  }
  return false;
}

export function loadEnvFile() {
  const path = join(root, ".env");
  if (existsSync(path)) process.loadEnvFile(path);
  process.env.DATABASE_URL ||= "file:./data/tessera.db";
}

const FINGERPRINTED = ["app", "components", "lib", "public", "scripts/server.ts", "scripts/console-worker.ts", "prisma/schema.prisma", "prisma/tools", "next.config.ts", "package-lock.json", "postcss.config.mjs", "tsconfig.json"];

function* files(path) {
  if (!existsSync(path)) return;
  const s = statSync(path);
  if (s.isFile()) yield [path, s];
  else if (s.isDirectory()) {
    for (const entry of readdirSync(path).sort()) {
      if (entry === "generated" || entry === "node_modules" || entry.endsWith(".test.ts")) continue;
      yield* files(join(path, entry));
    }
  }
}

/** A fingerprint of what the production build is made of, to skip needless rebuilds. */
export function sourceFingerprint() {
  const hash = createHash("sha256");
  for (const entry of FINGERPRINTED) {
    for (const [path, s] of files(join(root, entry))) hash.update(`${relative(root, path)}:${s.size}:${s.mtimeMs}\n`);
  }
  return hash.digest("hex");
}

const fingerprintFile = join(root, ".next", "tessera-fingerprint");

export function buildIsCurrent() {
  return (
    existsSync(join(root, ".next", "BUILD_ID")) &&
    existsSync(join(root, "dist", "server.mjs")) &&
    existsSync(fingerprintFile) &&
    readFileSync(fingerprintFile, "utf8") === sourceFingerprint()
  );
}

export function generateClients() {
  run(process.execPath, [join(root, "scripts", "db-generate.mjs")]);
}

/**
 * The production server, the CLI and the migrator, compiled to dist/ so that
 * a built deployment runs them with plain node (no tsx) after
 * `npm install --omit=dev`. Packages stay external (they are runtime
 * dependencies); the CLI is split so that `--help` loads no database code.
 */
export function bundleEntrypoints(outdir = join(root, "dist"), entries = ["scripts/server.ts", "scripts/console-worker.ts", "lib/cli/run.ts", "prisma/tools/migrate.ts"]) {
  rmSync(outdir, { recursive: true, force: true });
  run(bin("esbuild"), [
    ...entries,
    "--bundle",
    "--splitting",
    "--platform=node",
    "--format=esm",
    "--target=node20",
    "--packages=external",
    `--alias:@=${root}`,
    `--outdir=${outdir}`,
    "--entry-names=[name]",
    "--chunk-names=chunks/[name]-[hash]",
    "--out-extension:.js=.mjs",
    "--log-level=warning",
  ]);
  renameSync(join(outdir, "run.mjs"), join(outdir, "tessera.mjs"));
}

export function buildApp() {
  generateClients();
  const fingerprint = sourceFingerprint();
  run(bin("next"), ["build"], { env: { NEXT_TELEMETRY_DISABLED: "1" } });
  bundleEntrypoints();
  writeFileSync(fingerprintFile, fingerprint);
}
