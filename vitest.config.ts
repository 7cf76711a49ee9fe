import { defineConfig } from "vitest/config";
import { fileURLToPath } from "node:url";
import { SHORT_LIVED_V8_FLAGS } from "./scripts/lib/short-lived-v8-flags.mjs";

// Unit and integration tests. Integration tests use a real database: the
// global setup makes a fresh, migrated one for each run, on the provider
// that TEST_DB names (sqlite by default; postgresql needs TEST_DATABASE_URL).
export default defineConfig({
  resolve: { alias: { "@": fileURLToPath(new URL(".", import.meta.url)) } },
  test: {
    // app/: tests that drive route handlers sit next to them.
    include: ["lib/**/*.test.ts", "components/**/*.test.ts", "prisma/**/*.test.ts", "scripts/**/*.test.ts", "app/**/*.test.ts"],
    globalSetup: ["lib/testing/global-setup.ts"],
    setupFiles: ["lib/testing/setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    maxWorkers: 2,
    // A test file's worker lives seconds: baseline WebAssembly code only, as the CLI runs.
    execArgv: SHORT_LIVED_V8_FLAGS,
    env: {
      TESSERA_SECRET: "test-secret-test-secret-test-secret-0123456789",
      NEXT_TELEMETRY_DISABLED: "1",
    },
  },
});
