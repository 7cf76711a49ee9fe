import { spawn } from "node:child_process";
import { join } from "node:path";
import { expect, inject } from "vitest";

const BIN = join(import.meta.dirname, "..", "..", "bin", "tessera.mjs");

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** The real `tessera` launcher as a subprocess, on the test database unless told another. */
export function runCli(args: string[], databaseUrl: string = inject("databaseUrl"), env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { ...process.env, DATABASE_URL: databaseUrl, TESSERA_SKIP_DOTENV: "1", ...env },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** `tessera … --json` on the test database, which must succeed quietly; its parsed output. */
export async function runCliJson(...args: string[]) {
  const r = await runCli([...args, "--json"]);
  expect(r.stderr, args.join(" ")).toBe("");
  expect(r.code, args.join(" ")).toBe(0);
  return JSON.parse(r.stdout);
}
