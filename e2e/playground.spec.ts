import { readFileSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { signInByEmail } from "./auth-helpers";
import { drainBalance, sevenFixture, sharedFixture, snapPlayground } from "./playground-support";
import { uniqueEmail } from "./snap";

/**
 * The playground as people use it, against the built site (the e2e server serves ../shared/models,
 * where only moonshine-micro is live): free sample runs signed out, a paid upload signed in with its
 * cost, balance, activity row, word seeking and SRT download, and the errors a person can act on.
 */

const playground = (page: Page) => page.getByTestId("playground");

async function readDownload(page: Page, click: () => Promise<void>): Promise<{ name: string; text: string }> {
  const download = page.waitForEvent("download");
  await click();
  const file = await download;
  const chunks: Buffer[] = [];
  for await (const chunk of await file.createReadStream()) chunks.push(chunk as Buffer);
  return { name: file.suggestedFilename(), text: Buffer.concat(chunks).toString("utf8") };
}

async function upload(page: Page, file: string | { name: string; mimeType: string; buffer: Buffer }) {
  await page.getByTestId("audio-file-input").setInputFiles(file);
}

test("signed out, a sample clip runs free on the bundled model; anything else asks to sign in", async ({ page }, testInfo) => {
  await page.goto("/playground");
  await expect(page.getByRole("heading", { name: "Playground", level: 1 })).toBeVisible();
  await expect(page.getByLabel("Model", { exact: true })).toHaveValue("moonshine-ai/moonshine-micro");

  await page.getByRole("button", { name: "“seven”" }).click();
  await expect(page.getByTestId("estimated-cost")).toHaveText("Free");
  await expect(page.getByTestId("waveform")).toBeVisible();
  await page.getByRole("button", { name: /^Transcribe/ }).click();
  await expect(page.getByTestId("transcript")).toHaveText("seven");
  await expect(page.getByTestId("actual-cost")).toHaveText("Free");
  await snapPlayground(page, testInfo, "signed-out-sample");

  // "Get code": the same request for the API, ready to paste.
  await page.getByRole("tab", { name: "Get code" }).click();
  await page.getByRole("tab", { name: "curl" }).click();
  const curl = page.locator("pre code").first();
  await expect(curl).toContainText("/v1/audio/transcriptions");
  await expect(curl).toContainText('-F model="moonshine-ai/moonshine-micro"');
  await expect(curl).toContainText('-F response_format="verbose_json"');
  await expect(curl).toContainText('-F file="@seven.wav"');

  // Their own audio needs an account.
  await upload(page, sevenFixture());
  await expect(page.getByTestId("audio-name")).toContainText(".wav");
  await expect(page.getByRole("link", { name: /Sign in to run/ })).toHaveAttribute("href", /\/signin\?callbackUrl=%2Fplayground/);
});

test("signed in: an uploaded recording is transcribed and charged, words seek, SRT downloads, and the run is in the activity log", async ({
  page,
}, testInfo) => {
  await signInByEmail(page, uniqueEmail(testInfo, "playground"));
  await page.goto("/playground");
  await expect(page.getByTestId("playground-balance")).toHaveText("$1.00");

  await upload(page, sevenFixture());
  // One second of moonshine-micro at $0.0010 a minute, known from the decoded file before anything is sent.
  await expect(page.getByTestId("estimated-cost")).toHaveText("$0.000017");
  await page.getByRole("button", { name: /^Transcribe/ }).click();
  await expect(page.getByTestId("transcript")).toHaveText("seven");
  await expect(page.getByTestId("actual-cost")).toHaveText("$0.000017");
  await expect(page.getByTestId("playground-balance")).toHaveText("$0.999983");
  await expect(page.getByTestId("header-balance")).toHaveText("$0.999983");
  await snapPlayground(page, testInfo, "signed-in-upload");

  // Move the playhead near the end by clicking the waveform, then click the word: playback jumps to it.
  const waveform = page.getByTestId("waveform");
  const box = (await waveform.boundingBox())!;
  await waveform.click({ position: { x: box.width * 0.8, y: box.height / 2 } });
  await expect(page.getByTestId("playback-time")).not.toHaveText("0:00.00");
  const word = page.getByTestId("transcript").getByRole("button", { name: "seven" });
  await word.click();
  await expect(page.getByRole("button", { name: "Pause" })).toBeVisible();
  await expect(word).toHaveAttribute("aria-current", "true");

  const srt = await readDownload(page, () => page.getByRole("button", { name: "Download SRT" }).click());
  expect(srt.name).toMatch(/^transcript-.+\.srt$/);
  expect(srt.text).toBe("1\n00:00:00,000 --> 00:00:01,000\nseven\n");

  await page.goto("/activity");
  const row = page.locator("tbody tr").first();
  await expect(row).toContainText("moonshine-ai/moonshine-micro");
  await expect(row).toContainText("Playground");
  await expect(row).toContainText("200");
});

test("a file that is not audio is refused before upload, with the formats to use", async ({ page }) => {
  await page.goto("/playground");
  await upload(page, { name: "notes.wav", mimeType: "audio/wav", buffer: Buffer.from("these are my meeting notes, not audio") });
  const problem = page.getByTestId("playground-problem");
  await expect(problem).toContainText("This file is not audio the models can read");
  await expect(problem).toContainText("WAV, FLAC, MP3");
});

test("audio longer than the model hears can be cut to its loudest second and run", async ({ page }, testInfo) => {
  await signInByEmail(page, uniqueEmail(testInfo, "playground-long"));
  await page.goto("/playground");
  // Ten seconds of speech for a model that hears one.
  await upload(page, sharedFixture("beckett.wav"));
  const problem = page.getByTestId("playground-problem");
  await expect(problem).toContainText("This audio is too long for this model");
  await expect(page.getByRole("button", { name: /^Transcribe/ })).toBeDisabled();
  await snapPlayground(page, testInfo, "too-long");
  await problem.getByRole("button", { name: "Use the loudest 1 s" }).click();
  await expect(page.getByTestId("audio-name")).toContainText("beckett-trimmed.wav");
  await expect(page.getByTestId("audio-name")).toContainText("1.00 s");
  await page.getByRole("button", { name: /^Transcribe/ }).click();
  await expect(page.getByTestId("run-facts")).toContainText("$0.000017");
});

test("out of credit: the run is refused with what it costs and a button to add credit", async ({ page }, testInfo) => {
  const email = uniqueEmail(testInfo, "playground-broke");
  await signInByEmail(page, email);
  drainBalance(email);
  await page.goto("/playground");
  await expect(page.getByTestId("playground-balance")).toHaveText("$0.00");

  await upload(page, sevenFixture());
  await expect(page.getByTestId("shortfall")).toContainText("short of this run");
  // The server is the judge: the run is still sent, and refused there.
  await page.getByRole("button", { name: /^Transcribe/ }).click();
  const problem = page.getByTestId("playground-problem");
  await expect(problem).toContainText("Not enough credit");
  await expect(problem).toContainText("This run costs $0.000017 and your balance is $0.00");
  await snapPlayground(page, testInfo, "out-of-credit");
  await problem.getByRole("link", { name: "Add credit" }).click();
  await expect(page).toHaveURL(/\/account#buy-credit$/);
  await expect(page.getByRole("heading", { name: "Add credit" })).toBeVisible();
});

test("a blocked microphone says how to allow it", async ({ page }) => {
  // No permission granted and no fake media UI: Chromium refuses the microphone.
  await page.goto("/playground");
  await page.getByRole("button", { name: "Record" }).click();
  await expect(page.getByTestId("playground-problem")).toContainText(/The microphone is blocked|No microphone found/);
});

test("a coming-soon model's playground is closed, with the interest signup", async ({ page }, testInfo) => {
  await page.goto("/playground?model=canary-1b-flash");
  await expect(page).toHaveURL(/model=nvidia%2Fcanary-1b-flash/);
  const panel = page.getByTestId("playground-coming-soon");
  await expect(panel).toContainText("Canary 1B Flash is coming soon");
  await expect(page.getByTestId("playground")).toHaveCount(0);
  const email = uniqueEmail(testInfo, "playground-interest");
  await panel.getByLabel("Email").fill(email);
  await panel.getByRole("button", { name: "Tell us you want it" }).click();
  await expect(panel.getByRole("status")).toContainText(email);
  await snapPlayground(page, testInfo, "coming-soon");
});

test("every live model page has the playground", async ({ page }, testInfo) => {
  await page.goto("/models/moonshine-ai/moonshine-micro");
  const section = page.locator("#playground");
  await expect(section.getByRole("heading", { name: "playground" })).toBeVisible();
  await section.getByRole("button", { name: "“nine”" }).click();
  await section.getByRole("button", { name: /^Transcribe/ }).click();
  await expect(section.getByTestId("transcript")).toHaveText("nine");
  await snapPlayground(page, testInfo, "model-page");

  // The samples are what the guest route accepts, byte for byte.
  const served = await page.request.get("/samples/nine.wav");
  expect(Buffer.from(await served.body()).equals(readFileSync("public/samples/nine.wav"))).toBe(true);
});
