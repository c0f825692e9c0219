import { expect, test, type Page } from "@playwright/test";
import { snap } from "./snap";

const results = (page: Page) => page.getByTestId("model-results").getByRole("listitem").filter({ has: page.getByRole("article") });

test("filtering the catalog narrows the results and keeps the state in the URL", async ({ page }, testInfo) => {
  await page.goto("/models");
  const all = await results(page).count();
  expect(all).toBeGreaterThan(2);
  await snap(page, testInfo, "models-all");

  // On phones the filters sit in a disclosure.
  const summary = page.locator("summary", { hasText: "Filters" });
  if (await summary.isVisible()) await summary.click();

  await page.getByRole("complementary", { name: "Filters" }).getByText("Translation", { exact: true }).click();
  // Empty fields are dropped: the address holds exactly the state.
  await expect(page).toHaveURL(/\/models\?task=translation$/);
  await expect(page.getByRole("link", { name: "Remove filter: Translation" })).toBeVisible();
  const translation = await results(page).count();
  expect(translation).toBeGreaterThan(0);
  expect(translation).toBeLessThan(all);
  await expect(page.getByRole("link", { name: "Canary 1B Flash" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Kyutai STT 2.6B English" })).toHaveCount(0);

  await page.getByLabel("Sort by").selectOption("wer");
  await expect(page).toHaveURL(/\/models\?task=translation&sort=wer$/);

  // The URL alone reproduces the state.
  const shared = page.url();
  await page.goto(shared);
  await expect(results(page)).toHaveCount(translation);
  await snap(page, testInfo, "models-translation");

  // Removing the chip drops just that filter.
  await page.getByRole("link", { name: "Remove filter: Translation" }).click();
  await expect(page).not.toHaveURL(/task=/);
  await expect(results(page)).toHaveCount(all);
});

test("search and filters work as plain GET forms without JavaScript", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto("/models");
  await page.getByLabel("Search by name or organisation").fill("kyutai");
  await page.getByRole("button", { name: "Search", exact: true }).click();
  await expect(page).toHaveURL(/\/models\?q=kyutai$/);
  await expect(results(page)).toHaveCount(1);
  await expect(page.getByRole("link", { name: "Kyutai STT 2.6B English" })).toBeVisible();

  await page.goto("/models?status=live&task=&language=");
  // Empty fields are dropped from the address.
  await expect(page).toHaveURL(/\/models\?status=live$/);
  await context.close();
});

test("the home page search lands on the filtered catalog", async ({ page }, testInfo) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("speech-to-text");
  await snap(page, testInfo, "home");
  const search = page.getByRole("searchbox", { name: "Search models by name or organisation" });
  await search.fill("canary");
  await search.press("Enter");
  await expect(page).toHaveURL(/\/models\?q=canary/);
  await expect(page.getByRole("link", { name: "Canary 1B Flash" })).toBeVisible();
});

test("keyboard users keep their place while filters apply", async ({ page }) => {
  await page.goto("/models");
  const summary = page.locator("summary", { hasText: "Filters" });
  if (await summary.isVisible()) await summary.click();

  await page.locator("#filter-task-any").focus();
  await page.keyboard.press("ArrowRight");
  await expect(page).toHaveURL(/\/models\?task=transcription$/);
  await expect(page.getByRole("radio", { name: "Transcription" })).toBeFocused();
  await expect(page.getByRole("radio", { name: "Transcription" })).toBeChecked();
});
