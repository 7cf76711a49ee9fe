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

// Prisma's query compiler is a 3 MB WebAssembly module, compiled as the
// client loads. By default V8 also optimises its busy functions (TurboFan),
// which a command that lives a second never repays: `orgs list` took 1.7 s
// and 1.9 s of CPU, 1.05 s and 1.15 s with baseline code only; exporting
// 104,590 audit events took no longer. Set before the bundle loads, since
// V8 reads them when it compiles the module. (Not --liftoff-only, which does
// the same but is a testing flag that aborts where Liftoff cannot compile.)
setFlagsFromString("--no-wasm-tier-up");
setFlagsFromString("--no-wasm-dynamic-tiering");

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
