import { defineConfig, type PlaywrightTestConfig } from "@playwright/test";
import base from "../playwright.config";

/**
 * The playground's queue, end to end: the main configuration's site and browsers, served with one
 * worker (QUEUE_CONCURRENCY=1) and a test-only pause before each job runs (QUEUE_TEST_RUN_DELAY_MS),
 * so one person's run holds the queue long enough for another's to wait behind it. Its own server
 * (never one left running: those have the normal settings), so run it on its own, after the main suite:
 *   npx playwright test -c e2e/playground-queue.config.ts
 * Paths here are relative to this folder.
 */
const server = base.webServer as Extract<PlaywrightTestConfig["webServer"], { command: string }>;

export default defineConfig({
  ...base,
  testDir: ".",
  testMatch: "playground-queue.e2e.ts",
  outputDir: "../test-results/e2e-playground-queue",
  globalSetup: "./auth-setup.ts",
  reporter: [["list"]],
  // Each test waits for a held run to finish before its own.
  timeout: 60_000,
  webServer: {
    ...server,
    cwd: "..",
    reuseExistingServer: false,
    env: { ...server.env, QUEUE_CONCURRENCY: "1", QUEUE_TEST_RUN_DELAY_MS: "4000" },
  },
});
