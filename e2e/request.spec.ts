import { expect, test } from "@playwright/test";
import { snap } from "./snap";

test("requesting a model lists it; a 'me too' from someone else adds a vote", async ({ page, browser }, testInfo) => {
  const model = `e2e-lab/asr-${testInfo.project.name}-${Date.now()}`;
  await page.goto("/request");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Request a model");

  await page.getByLabel("Model id or URL").fill(model);
  await page.getByLabel(/Why do you need it/).fill("Dutch court recordings");
  await page.getByRole("button", { name: "Request this model" }).click();
  await expect(page.getByRole("status")).toContainText(model);

  const entry = page.getByTestId("open-requests").getByRole("listitem").filter({ hasText: model });
  await expect(entry).toBeVisible();
  await expect(entry.getByRole("button", { name: `Me too: vote for ${model}` })).toContainText("1");
  await snap(page, testInfo, "request");

  // The requester's own "me too" is not a second vote.
  await entry.getByRole("button", { name: `Me too: vote for ${model}` }).click();
  await expect(entry.getByRole("button", { name: `You voted for ${model}` })).toContainText("1already voted");

  // Another visitor (another client address) adds one.
  const other = await browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": "203.0.113.7" } });
  const otherPage = await other.newPage();
  await otherPage.goto("/request");
  const otherEntry = otherPage.getByTestId("open-requests").getByRole("listitem").filter({ hasText: model });
  await otherEntry.getByRole("button", { name: `Me too: vote for ${model}` }).click();
  await expect(otherEntry.getByRole("button", { name: `You voted for ${model}` })).toContainText("2voted");
  await other.close();
});

test("a model already in the catalog is not requested again", async ({ page }) => {
  await page.goto("/request");
  await page.getByLabel("Model id or URL").fill("nvidia/canary-1b-flash");
  await page.getByRole("button", { name: "Request this model" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "already in the catalog" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Find it in the catalog →" })).toBeVisible();
});
