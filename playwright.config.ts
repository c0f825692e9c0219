import path from "node:path";
import { defineConfig, devices } from "@playwright/test";
import { standInEnv } from "./e2e/auth-env";
import { chromiumLaunch } from "./e2e/chromium";

/**
 * End-to-end tests against the BUILT site (`next build` first; `npm test` does it), served by
 * `next start` on a throwaway SQLite database that e2e/serve.sh migrates and seeds from scratch.
 * Browser: Debian's chromium — never `playwright install`.
 */
const port = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://localhost:${port}`;
const databaseUrl = process.env.E2E_DATABASE_URL ?? `file:${path.resolve("data/e2e.db")}`;

const chromium = chromiumLaunch();

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results/e2e",
  // Signup and request tests count rows in one shared database: run one test at a time.
  fullyParallel: false,
  workers: 1,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: [["list"], ["html", { open: "never", outputFolder: "playwright-report" }]],
  // SMTP sink, OIDC issuer and Stripe stand-in for the sign-in and billing specs (e2e/auth-env.ts).
  globalSetup: "./e2e/auth-setup.ts",
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: chromium,
  },
  projects: [
    {
      name: "desktop",
      use: { ...devices["Desktop Chrome"], viewport: { width: 1280, height: 800 }, launchOptions: chromium },
    },
    {
      name: "phone",
      use: { ...devices["Pixel 7"], launchOptions: chromium },
    },
  ],
  webServer: {
    command: `bash e2e/serve.sh ${port}`,
    url: `${baseURL}/models`,
    reuseExistingServer: !process.env.CI,
    timeout: 180_000,
    stdout: "pipe",
    stderr: "pipe",
    env: {
      DATABASE_URL: databaseUrl,
      PUBLIC_URL: baseURL,
      NEXT_TELEMETRY_DISABLED: "1",
      ...standInEnv(),
    },
  },
});
