#!/usr/bin/env node
// Launcher for the `tessera` command. The CLI is TypeScript in lib/cli/,
// loaded through tsx so that it shares the console's domain code as-is.
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { register } from "tsx/esm/api";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
if (existsSync(join(root, ".env")) && !process.env.TESSERA_SKIP_DOTENV) process.loadEnvFile(join(root, ".env"));
process.env.DATABASE_URL ??= `file:${join(root, "data", "tessera.db")}`;

register();
const { runCli } = await import("../lib/cli/main.ts");
process.exitCode = await runCli(process.argv.slice(2));
