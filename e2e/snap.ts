import type { Page, TestInfo } from "@playwright/test";

/**
 * Keeps a full-page screenshot of the page as it is now, per project (desktop / phone), under
 * artifacts/screenshots/, and attaches it to the test report.
 */
export async function snap(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const file = `artifacts/screenshots/${testInfo.project.name}/${name}.png`;
  // Fonts and images settle before the picture is taken, so the artifact shows the real layout.
  // From the top, so the sticky header is drawn once, where it belongs.
  await page.evaluate(async () => {
    await document.fonts.ready;
    window.scrollTo(0, 0);
  });
  const body = await page.screenshot({ path: file, fullPage: true });
  await testInfo.attach(name, { body, contentType: "image/png" });
}

/** A unique address per run and project, so repeated runs never collide on "one signup per email". */
export function uniqueEmail(testInfo: TestInfo, tag: string): string {
  return `e2e-${tag}-${testInfo.project.name}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.com`;
}
