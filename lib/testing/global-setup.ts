import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { bundleEntrypoints } from "../../scripts/lib/steps.mjs";
import { createScratchDatabase, testDbProvider } from "./scratch-database";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
    testDbProvider: "sqlite" | "postgresql";
  }
}

/**
 * One fresh, migrated database per test run, never a shared or a real one;
 * the provider is TEST_DB's (sqlite by default). Dropped afterwards.
 */
export default async function setup(project: TestProject) {
  // The CLI tests run the compiled CLI, as a deployment does, compiled from
  // the sources under test (never a dist/ left by an older build).
  const cli = join(process.cwd(), ".tmp", "vitest-cli");
  bundleEntrypoints(cli, ["lib/cli/run.ts"]);
  process.env.TESSERA_CLI_BUNDLE = join(cli, "tessera.mjs");
  const provider = testDbProvider();
  const scratch = await createScratchDatabase(provider);
  project.provide("databaseUrl", scratch.url);
  project.provide("testDbProvider", provider);
  return scratch.drop;
}
