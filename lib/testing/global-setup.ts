import type { TestProject } from "vitest/node";
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
  const provider = testDbProvider();
  const scratch = await createScratchDatabase(provider);
  project.provide("databaseUrl", scratch.url);
  project.provide("testDbProvider", provider);
  return scratch.drop;
}
