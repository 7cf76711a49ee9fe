import { defineConfig, devices } from "@playwright/test";
import { E2E_SERVER_LOG, prepareE2eEnvironment } from "./e2e/support/prepare";

// End-to-end journeys in the system Chromium against the production build.
// The first load of this file prepares a fresh database and a setup link;
// workers inherit the result through the environment.
const e2e = prepareE2eEnvironment();

export default defineConfig({
  testDir: "e2e",
  fullyParallel: true,
  workers: 2,
  retries: 0,
  // A hang detector, not a performance bound: on the slower 2-core machines a journey that takes
  // 34 s once took over 60 while the other worker ran a long journey too.
  timeout: 120_000,
  expect: { timeout: 10_000 },
  reporter: [["list"], ["json", { outputFile: ".tmp/playwright-results.json" }]],
  use: {
    baseURL: e2e.baseUrl,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"],
    },
  },
  projects: [
    { name: "setup", testMatch: /global\.setup\.ts/ },
    { name: "chromium", use: { ...devices["Desktop Chrome"] }, dependencies: ["setup"] },
  ],
  webServer: [
    {
      command: "node e2e/support/oidc-server.mjs",
      url: `${e2e.oidcIssuer}/.well-known/openid-configuration`,
      env: { OIDC_PORT: String(e2e.oidcPort), OIDC_APP_URL: e2e.baseUrl },
      reuseExistingServer: false,
      stdout: "ignore",
    },
    {
      // tee: the canary test reads the server's whole output afterwards.
      command: `node dist/server.mjs 2>&1 | tee ${JSON.stringify(E2E_SERVER_LOG)}`,
      url: `${e2e.baseUrl}/api/health`,
      env: e2e.serverEnv,
      reuseExistingServer: false,
      timeout: 120_000,
      // Every request logs a JSON line; they go to the file above, not the test report.
      stdout: "ignore",
    },
    {
      command: `node node_modules/next/dist/bin/next start -p ${e2e.nextStart.port} -H 127.0.0.1`,
      url: `http://localhost:${e2e.nextStart.port}/api/health`,
      env: e2e.nextStart.env,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: "ignore",
    },
  ],
});
