import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { signInByEmail } from "./auth-helpers";
import { snap, uniqueEmail } from "./snap";

/**
 * API keys and activity as a person uses them: create a key on the account page (shown once), call the
 * API with it, see the request and its cost on the account page and /activity (filters, CSV), revoke
 * the key and watch the API refuse it. The e2e server serves ../shared/models, where moonshine-micro is live.
 */

const sevenClip = (() => {
  const folder = path.resolve("../shared/fixtures/audio/alphanumeric/seven");
  return readFileSync(path.join(folder, readdirSync(folder).filter((f) => f.endsWith(".wav")).sort()[0]!));
})();

async function transcribe(baseURL: string, key: string): Promise<Response> {
  const form = new FormData();
  form.append("file", new Blob([new Uint8Array(sevenClip)]), "seven.wav");
  form.append("model", "moonshine-micro");
  return fetch(`${baseURL}/v1/audio/transcriptions`, { method: "POST", headers: { authorization: `Bearer ${key}` }, body: form });
}

async function readDownload(page: Page, click: () => Promise<void>): Promise<string> {
  const download = page.waitForEvent("download");
  await click();
  const stream = await (await download).createReadStream();
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

test("an API key is created once, used, seen in activity with its cost, and revoked", async ({ page, baseURL }, testInfo) => {
  await signInByEmail(page, uniqueEmail(testInfo, "apikey"));
  const keys = page.locator("#api-keys");
  await expect(keys.getByText("You have no API keys yet.")).toBeVisible();

  await keys.getByLabel("Name").fill("e2e pipeline");
  await keys.getByLabel("Spend limit (USD, optional)").fill("0.5");
  await keys.getByRole("button", { name: "Create key" }).click();
  const shown = page.getByTestId("new-api-key");
  await expect(shown).toContainText("it will not be shown again");
  const key = (await shown.locator("code").first().textContent())!.trim();
  expect(key).toMatch(/^gr_live_[A-Za-z0-9_-]{43}$/);
  const row = page.getByTestId("api-keys").locator("li", { hasText: "e2e pipeline" });
  await expect(row).toContainText(`${key.slice(0, 14)}…`);
  await expect(row).toContainText("$0.00 of $0.50");
  await snap(page, testInfo, "account-api-key-created");

  // The key works with the API, and costs what the model's price says: 1 s of moonshine-micro.
  const ok = await transcribe(baseURL!, key);
  expect(ok.status).toBe(200);
  expect(await ok.json()).toMatchObject({ text: "seven", cost: 0.000017 });
  const requestId = ok.headers.get("x-request-id")!;

  // Shown once: after a reload the page holds only the prefix.
  await page.reload();
  expect(await page.content()).not.toContain(key);
  await expect(row).toContainText("$0.000017 of $0.50");
  await expect(page.locator("#activity tbody tr").first()).toContainText("moonshine-ai/moonshine-micro");
  await expect(page.getByTestId("balance")).toHaveText("$0.999983");

  // The activity page: the request, totals, filters, CSV.
  await page.getByRole("link", { name: /All activity/ }).click();
  await expect(page).toHaveURL(/\/activity$/);
  await expect(page.locator("tbody tr")).toHaveCount(1);
  await expect(page.locator("tbody tr").first()).toContainText("200");
  await expect(page.getByTestId("activity-totals")).toContainText("$0.000017");
  await snap(page, testInfo, "activity");
  await page.getByLabel("Outcome").selectOption("error");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/outcome=error/);
  await expect(page.getByText("No requests match.")).toBeVisible();
  await page.getByLabel("Outcome").selectOption("");
  await page.getByRole("button", { name: "Filter" }).click();
  const csv = await readDownload(page, () => page.getByRole("link", { name: "Export CSV" }).click());
  expect(csv.split("\r\n")[0]).toBe(
    "created_at,request_id,endpoint,model,api_key,status,error_code,audio_seconds,billed_seconds,cost_usd,latency_ms,response_format,stream",
  );
  expect(csv).toContain(`,${requestId},transcription,moonshine-ai/moonshine-micro,e2e pipeline,200,,1,1,0.000017,`);

  // Revoked: the API refuses the key at once.
  await page.goto("/account#api-keys");
  await row.getByText("Revoke", { exact: true }).click();
  await row.getByRole("button", { name: /^Revoke gr_live_/ }).click();
  await expect(row).toContainText("revoked");
  const refused = await transcribe(baseURL!, key);
  expect(refused.status).toBe(401);
  expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("api_key_revoked");
});

test("the activity page asks visitors to sign in", async ({ page }) => {
  await page.goto("/activity");
  await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Factivity/);
});
