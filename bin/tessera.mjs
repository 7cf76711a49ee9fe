#!/usr/bin/env node
// Launcher for the `tessera` command. `npm run build` compiles the CLI to
// dist/tessera.mjs, which is what runs in a built deployment
// (TESSERA_CLI_BUNDLE names another compiled copy: the vitest run compiles
// its own, so it never runs a dist/ left by an older build). Without a
// build, or with TESSERA_CLI_FROM_SOURCE=1 (development), the TypeScript in
// lib/cli/ runs through tsx instead.
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { setFlagsFromString } from "node:v8";
import { SHORT_LIVED_V8_FLAGS } from "../scripts/lib/short-lived-v8-flags.mjs";

// Set before the bundle loads: V8 reads them when it compiles Prisma's WebAssembly.
for (const flag of SHORT_LIVED_V8_FLAGS) setFlagsFromString(flag);

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
if (existsSync(join(root, ".env")) && !process.env.TESSERA_SKIP_DOTENV) process.loadEnvFile(join(root, ".env"));
process.env.DATABASE_URL ??= `file:${join(root, "data", "tessera.db")}`;

const built = process.env.TESSERA_CLI_BUNDLE || join(root, "dist", "tessera.mjs");
if (existsSync(built) && !process.env.TESSERA_CLI_FROM_SOURCE) {
  await import(pathToFileURL(built).href);
} else {
  const { register } = await import("tsx/esm/api");
  register();
  await import("../lib/cli/run.ts");
}
