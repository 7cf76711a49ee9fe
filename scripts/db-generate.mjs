#!/usr/bin/env node
// Generates both Prisma clients: lib/generated/sqlite from prisma/schema.prisma
// and lib/generated/postgresql from its derived PostgreSQL variant.
//
//   node scripts/db-generate.mjs [--force]
//
// A client is regenerated only when its schema text or the Prisma version
// changed since the last run (recorded in a stamp file next to it), so this
// can run before every build, test and dev start at no cost.
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { tsImport } from "tsx/esm/api";

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(import.meta.url);

// The derivation lives in one place, prisma/tools/schemas.ts, shared with the
// migration tools; tsx loads it here without a build step.
const { PROVIDERS, SCHEMA_PATH, generatedClientDir, schemaText } = await tsImport(
  "../prisma/tools/schemas.ts",
  import.meta.url,
);

function schemaFileFor(provider) {
  // The PostgreSQL text only exists in memory; Prisma needs a file. It sits
  // in the ignored lib/generated/, where it also shows what was generated.
  return provider === "sqlite" ? SCHEMA_PATH : path.join(REPO_ROOT, "lib", "generated", `${provider}.prisma`);
}

function prismaVersion() {
  return JSON.parse(readFileSync(require.resolve("prisma/package.json"), "utf8")).version;
}

function stampPath(provider) {
  return path.join(REPO_ROOT, "lib", "generated", `.${provider}.stamp`);
}

// `prisma generate` never runs the schema engine, yet the CLI insists on
// finding (or downloading, which fails offline) one first. Any existing file
// satisfies it; this one says what went wrong should anything ever run it.
function dummySchemaEngine() {
  const file = path.join(REPO_ROOT, ".tmp", "no-schema-engine");
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(
      file,
      '#!/bin/sh\necho "the native Prisma schema engine is not available: use npm run db:migrate" >&2\nexit 1\n',
      { mode: 0o755 },
    );
  }
  return file;
}

function runPrismaGenerate(schemaFile) {
  const cli = path.join(path.dirname(require.resolve("prisma/package.json")), "build", "index.js");
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, "generate", "--schema", schemaFile], {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        PRISMA_SCHEMA_ENGINE_BINARY: dummySchemaEngine(),
        // No update check or telemetry: the network is closed and waiting
        // for it only slows every run down.
        CHECKPOINT_DISABLE: "1",
        PRISMA_HIDE_UPDATE_MESSAGE: "1",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code === 0) resolve();
      else reject(new Error(`prisma generate --schema ${path.relative(REPO_ROOT, schemaFile)} failed:\n${output.trim()}`));
    });
  });
}

async function generate(provider, force) {
  const schemaFile = schemaFileFor(provider);
  const text = schemaText(provider, { writtenTo: schemaFile });
  const stamp = createHash("sha256").update(`${prismaVersion()}\n${text}`).digest("hex");
  const clientDir = generatedClientDir(provider);
  const upToDate =
    existsSync(path.join(clientDir, "client.ts")) &&
    existsSync(stampPath(provider)) &&
    readFileSync(stampPath(provider), "utf8") === stamp;
  if (upToDate && !force) return `${provider} client up to date`;

  if (provider !== "sqlite") {
    mkdirSync(path.dirname(schemaFile), { recursive: true });
    writeFileSync(schemaFile, text);
  }
  // Until generation succeeds the old client is stale: drop its stamp first.
  rmSync(stampPath(provider), { force: true });
  await runPrismaGenerate(schemaFile);
  writeFileSync(stampPath(provider), stamp);
  return `generated ${provider} client in ${path.relative(REPO_ROOT, clientDir)}`;
}

const args = process.argv.slice(2);
const unknown = args.filter((arg) => arg !== "--force");
if (unknown.length > 0) {
  console.error(`db:generate: unknown argument ${unknown[0]} (usage: node scripts/db-generate.mjs [--force])`);
  process.exit(1);
}
// Side by side: the CLI's start-up dominates, and on two cores both runs
// take about 2.7 s instead of 4 s one after the other.
const results = await Promise.allSettled(PROVIDERS.map((provider) => generate(provider, args.includes("--force"))));
for (const result of results) {
  if (result.status === "fulfilled") console.log(result.value);
  else console.error(`db:generate: ${result.reason?.message ?? result.reason}`);
}
if (results.some((result) => result.status === "rejected")) process.exit(1);
