import { expect, test } from "@playwright/test";
import { snap } from "./snap";

test("a coming-soon model page shows every fact of the seed page", async ({ page }, testInfo) => {
  const response = await page.goto("/models/nvidia/canary-1b-flash");
  expect(response?.status()).toBe(200);
  await expect(page).toHaveTitle(/Canary 1B Flash/);

  const breadcrumb = page.getByRole("navigation", { name: "Breadcrumb" });
  await expect(breadcrumb).toContainText("models");
  await expect(breadcrumb).toContainText("speech-to-text");
  await expect(breadcrumb).toContainText("coming soon");

  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Canary 1B Flash");
  await expect(page.getByText("published Mar 2025 · updated Jun 2026")).toBeVisible();

  // The price box: the estimate and its note, exactly as the seed words them.
  const main = page.locator("main");
  await expect(main.getByText("~$0.0034").first()).toBeVisible();
  await expect(main.getByText("estimated, set at launch").first()).toBeVisible();
  await expect(main.getByText("3.9K")).toBeVisible();

  const specs = page.getByRole("table", { name: /Specifications/ });
  await expect(specs.getByRole("row", { name: /Parameters/ })).toContainText("883 million");
  await expect(specs.getByRole("row", { name: /Architecture/ })).toContainText(
    "FastConformer encoder with 32 layers + Transformer decoder with 4 layers",
  );
  await expect(specs.getByRole("row", { name: /^License/ })).toContainText("CC-BY-4.0");

  const wer = page.getByRole("table", { name: /Word error rate/ });
  await expect(wer.getByRole("row", { name: /^AMI/ })).toContainText("13.11");
  await expect(wer.getByRole("row", { name: /LibriSpeech Clean/ })).toContainText("1.48");
  // The chart beside the table carries the same numbers.
  await expect(page.getByRole("img", { name: /WER by dataset: AMI 13.11%/ })).toBeVisible();
  await expect(main.getByText("1,045.75").first()).toBeVisible();

  // FAQ answers open on click.
  const faq = page.locator("details", { hasText: "How do I call this model via the gigarouter API?" });
  await faq.locator("summary").click();
  await expect(faq.getByText(/\/v1\/audio\/transcriptions/)).toBeVisible();

  // The code sample calls our API for this model.
  const callIt = page.getByRole("region", { name: "how do I call it" });
  const code = callIt.getByRole("tabpanel");
  await expect(code).toContainText('model: "nvidia/canary-1b-flash"');
  await expect(code).toContainText("/v1");
  await callIt.getByRole("tab", { name: "curl" }).click();
  await expect(code).toContainText("/v1/audio/transcriptions");

  const notLive = page.getByRole("region", { name: "not yet live" });
  await expect(notLive).toBeVisible();
  await expect(notLive.getByRole("link", { name: "Sign in for free credit" })).toHaveAttribute("href", "/signin");
  await expect(page.getByRole("link", { name: /compare all|browse all models/ })).toBeVisible();

  await snap(page, testInfo, "model-canary-1b-flash");
});

test("a streaming model page shows its latency and parameter caveat", async ({ page }, testInfo) => {
  await page.goto("/models/kyutai/stt-2.6b-en");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Kyutai STT 2.6B English");
  await expect(page.getByRole("table", { name: /Specifications/ }).getByRole("row", { name: /Parameters/ })).toContainText(
    "~2.6 billion",
  );
  await expect(page.getByRole("heading", { name: "Streaming latency" })).toBeVisible();
  await expect(page.locator("main").getByText("2.5 s").first()).toBeVisible();
  await snap(page, testInfo, "model-kyutai-stt-2.6b-en");
});

test("model ids are matched in any case and redirect to one address", async ({ page }) => {
  await page.goto("/models/NVIDIA/Canary-1B-Flash");
  await expect(page).toHaveURL(/\/models\/nvidia\/canary-1b-flash$/);
});

test("a short name or an organisation under /models finds its way", async ({ page }) => {
  await page.goto("/models/canary-1b-flash");
  await expect(page).toHaveURL(/\/models\/nvidia\/canary-1b-flash$/);
  await page.goto("/models/kyutai");
  await expect(page).toHaveURL(/\/models\?q=kyutai$/);
  await expect(page.getByRole("link", { name: "Kyutai STT 2.6B English" })).toBeVisible();
});
