import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { describe, expect, it } from "vitest";

/**
 * What the compiled CLI loads before any command runs: its entry and every
 * chunk reachable through static imports. Domain code is reached only
 * through lazy() (a dynamic import), so `tessera --help` never loads it.
 */
function staticallyLoaded(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const walk = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    // esbuild writes static imports as statements at the start of a line; import("…") never matches.
    for (const [, specifier] of readFileSync(file, "utf8").matchAll(/^import\s*(?:[\w*${}\s,]+?\s*from\s*)?"([^"]+)";/gm)) {
      if (specifier!.startsWith(".")) walk(resolve(dirname(file), specifier!));
      else packages.add(specifier!);
    }
  };
  walk(entry);
  return { files, packages };
}

describe("the compiled CLI", () => {
  it("loads only commander and node built-ins until a command runs: no zod, Prisma, database driver or jose", () => {
    const bundle = process.env.TESSERA_CLI_BUNDLE;
    expect(bundle, "the vitest global setup compiles the CLI and names it in TESSERA_CLI_BUNDLE").toBeTruthy();
    const { files, packages } = staticallyLoaded(bundle!);
    expect([...packages].filter((p) => p !== "commander" && !p.startsWith("node:"))).toEqual([]);
    // The walk really followed the chunks (the command definitions share some).
    expect(files.size).toBeGreaterThan(1);
  });
});
