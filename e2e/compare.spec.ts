import { expect, test } from "@playwright/test";
import { snap } from "./snap";

test("compare two models side by side, then add and remove one", async ({ page }, testInfo) => {
  await page.goto("/compare?models=nvidia/canary-1b-flash,kyutai/stt-2.6b-en");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Compare models");

  const table = page.getByRole("table", { name: /Comparison of/ });
  await expect(table.getByRole("columnheader", { name: /Canary 1B Flash/ })).toBeVisible();
  await expect(table.getByRole("columnheader", { name: /Kyutai STT 2.6B English/ })).toBeVisible();
  await expect(table.getByRole("row", { name: /^Parameters/ })).toContainText("883 million");
  await expect(table.getByRole("row", { name: /^Parameters/ })).toContainText("~2.6 billion");
  await expect(table.getByRole("row", { name: /^AMI/ })).toContainText("13.11");
  await expect(table.getByRole("row", { name: /^Streaming\b/ }).first()).toContainText("Yes");
  await expect(page.getByRole("figure").filter({ hasText: "Word error rate by dataset" })).toBeVisible();
  await snap(page, testInfo, "compare-two");

  // Add a third model with the plain form; the URL is rewritten to the clean list.
  const add = page.getByLabel("Add a model");
  const firstChoice = await add.locator("option").nth(1).getAttribute("value");
  expect(firstChoice).toBeTruthy();
  await add.selectOption(firstChoice!);
  await page.getByRole("button", { name: "Add to comparison" }).click();
  await expect(page).toHaveURL(new RegExp(`models=nvidia/canary-1b-flash,kyutai/stt-2.6b-en,${firstChoice!.replace(/[.]/g, "\\.")}$`));
  await expect(page.getByRole("link", { name: /^Remove .+ from the comparison$/ })).toHaveCount(3);

  await page.getByRole("link", { name: "Remove Kyutai STT 2.6B English from the comparison" }).click();
  await expect(page).not.toHaveURL(/kyutai/);
  await expect(page.getByRole("link", { name: /^Remove .+ from the comparison$/ })).toHaveCount(2);
});

test("the model page links to a comparison with its related models", async ({ page }) => {
  await page.goto("/models/nvidia/canary-1b-flash");
  const link = page.getByRole("link", { name: "compare all →" });
  await link.click();
  await expect(page).toHaveURL(/\/compare\?models=nvidia\/canary-1b-flash,/);
  await expect(page.getByRole("table", { name: /Comparison of/ }).getByRole("columnheader").first()).toContainText(
    "Canary 1B Flash",
  );
});
