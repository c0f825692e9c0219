import { expect, test } from "@playwright/test";
import { snap } from "./snap";

test("an unknown model is a real 404 with a search box", async ({ page }, testInfo) => {
  const response = await page.goto("/models/nobody/no-such-model");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("couldn");
  await snap(page, testInfo, "not-found");

  const search = page.getByRole("searchbox", { name: "Search models by name or organisation" });
  await search.fill("whisper");
  await search.press("Enter");
  await expect(page).toHaveURL(/\/models\?q=whisper/);
});

test("any unknown path is a 404 too", async ({ page }) => {
  const response = await page.goto("/definitely/not/a/page");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("link", { name: "Browse all models" })).toBeVisible();
});
