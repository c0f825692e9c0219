import { expect, test, type Browser, type Page, type TestInfo } from "@playwright/test";
import { signInByEmail } from "./auth-helpers";
import { sevenFixture, snapPlayground } from "./playground-support";
import { uniqueEmail } from "./snap";

/**
 * The playground's runs wait their turn in the job queue (run by e2e/playground-queue.config.ts: one
 * worker, each job held 4 s before the model runs). Someone else's run holds the queue; ours shows its
 * position, then runs and shows its transcript — or is cancelled while it waits, and the hold is gone.
 */

const transcribe = (page: Page) => page.getByRole("button", { name: /^Transcribe/ });

/** Another person, in their own browser, whose run takes the only worker; resolves once it is running. */
async function holdQueue(browser: Browser, testInfo: TestInfo): Promise<Page> {
  const context = await browser.newContext({ baseURL: testInfo.project.use.baseURL });
  const page = await context.newPage();
  await signInByEmail(page, uniqueEmail(testInfo, "queue-holder"));
  await page.goto("/playground");
  await page.getByTestId("audio-file-input").setInputFiles(sevenFixture());
  await transcribe(page).click();
  await expect(page.getByTestId("run-status")).toContainText("Running on Moonshine Micro");
  return page;
}

async function readyToRun(page: Page, testInfo: TestInfo, tag: string): Promise<void> {
  await signInByEmail(page, uniqueEmail(testInfo, tag));
  await page.goto("/playground");
  await expect(page.getByTestId("playground-balance")).toHaveText("$1.00");
  await page.getByTestId("audio-file-input").setInputFiles(sevenFixture());
  await expect(page.getByTestId("estimated-cost")).toHaveText("$0.000017");
}

test("a run behind another shows its queue position, then runs and shows the transcript", async ({ page, browser }, testInfo) => {
  await readyToRun(page, testInfo, "queue-wait");
  const holder = await holdQueue(browser, testInfo);
  await expect(holder.getByRole("progressbar", { name: "Run" })).toBeVisible();
  await snapPlayground(holder, testInfo, "running");

  await transcribe(page).click();
  await expect(page.getByTestId("run-status")).toContainText("In queue — position 1");
  await expect(page.getByRole("button", { name: "Cancel run" })).toBeVisible();
  await snapPlayground(page, testInfo, "queued");

  await expect(page.getByTestId("run-status")).toContainText("Running on Moonshine Micro");
  await expect(page.getByTestId("transcript")).toHaveText("seven", { timeout: 20_000 });
  await expect(page.getByTestId("actual-cost")).toHaveText("$0.000017");
  await expect(page.getByTestId("playground-balance")).toHaveText("$0.999983");
  await snapPlayground(page, testInfo, "queued-then-done");
  await expect(holder.getByTestId("transcript")).toHaveText("seven");
  await holder.context().close();
});

test("cancelling a queued run releases its hold: nothing is charged", async ({ page, browser }, testInfo) => {
  await readyToRun(page, testInfo, "queue-cancel");
  const holder = await holdQueue(browser, testInfo);

  await transcribe(page).click();
  await expect(page.getByTestId("run-status")).toContainText("In queue — position 1");
  await page.getByRole("button", { name: "Cancel run" }).click();
  const problem = page.getByTestId("playground-problem");
  await expect(problem).toContainText("Cancelled");
  await expect(problem).toContainText("hold on your balance was released");
  await expect(page.getByTestId("playground-balance")).toHaveText("$1.00");
  await expect(page.getByTestId("header-balance")).toHaveText("$1.00");
  await snapPlayground(page, testInfo, "cancelled");

  // The run that held the queue is untouched by it.
  await expect(holder.getByTestId("transcript")).toHaveText("seven");
  await holder.context().close();

  await page.goto("/activity");
  const row = page.locator("tbody tr").first();
  await expect(row).toContainText("Playground");
  await expect(row).toContainText("499");
});
