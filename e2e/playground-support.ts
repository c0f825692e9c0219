import { execFileSync } from "node:child_process";
import { readdirSync } from "node:fs";
import path from "node:path";
import type { Page, TestInfo } from "@playwright/test";

/** Shared by the playground specs: fixtures, screenshots, and the database helper. */

/** The first real recording of "seven" in ../shared (moonshine-micro's own test set). */
export function sevenFixture(): string {
  const folder = path.resolve("../shared/fixtures/audio/alphanumeric/seven");
  return path.join(folder, readdirSync(folder).filter((f) => f.endsWith(".wav")).sort()[0]!);
}

export function sharedFixture(name: string): string {
  return path.resolve("../shared/fixtures/audio", name);
}

/** Keeps a screenshot under artifacts/screenshots/playground/ and attaches it to the report. */
export async function snapPlayground(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const file = `artifacts/screenshots/playground/${testInfo.project.name}-${name}.png`;
  // From the top, so the sticky header is drawn once, where it belongs.
  await page.evaluate(async () => {
    await document.fonts.ready;
    window.scrollTo(0, 0);
  });
  const body = await page.screenshot({ path: file, fullPage: true });
  await testInfo.attach(name, { body, contentType: "image/png" });
}

/** Spends a person's whole balance in the e2e server's database (the one playwright.config.ts serves). */
export function drainBalance(email: string): void {
  const databaseUrl = process.env.E2E_DATABASE_URL ?? `file:${path.resolve("data/e2e.db")}`;
  execFileSync(process.execPath, ["--conditions=react-server", "--import", "tsx", "e2e/playground-drain.ts", email], {
    env: { ...process.env, DATABASE_URL: databaseUrl },
    stdio: "pipe",
  });
}
