import { expect, test } from "@playwright/test";
import { snap } from "./snap";

test("requesting a model lists it, and a 'me too' adds a vote", async ({ page }, testInfo) => {
  const model = `e2e-lab/asr-${testInfo.project.name}-${Date.now()}`;
  await page.goto("/request");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Request a model");

  await page.getByLabel("Model id or URL").fill(model);
  await page.getByLabel(/Why do you need it/).fill("Dutch court recordings");
  await page.getByRole("button", { name: "Request this model" }).click();
  await expect(page.getByRole("status")).toContainText(model);

  const entry = page.getByTestId("open-requests").getByRole("listitem").filter({ hasText: model });
  await expect(entry).toBeVisible();
  const vote = entry.getByRole("button", { name: `Me too: vote for ${model}` });
  await expect(vote).toContainText("1");
  await vote.click();
  await expect(entry.getByRole("button", { name: `You voted for ${model}` })).toContainText("2");
  await snap(page, testInfo, "request");
});

test("a model already in the catalog is not requested again", async ({ page }) => {
  await page.goto("/request");
  await page.getByLabel("Model id or URL").fill("nvidia/canary-1b-flash");
  await page.getByRole("button", { name: "Request this model" }).click();
  await expect(page.getByRole("alert")).toBeVisible();
  await expect(page.getByRole("link", { name: "Find it in the catalog →" })).toBeVisible();
});
