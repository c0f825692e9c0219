import { expect, test } from "@playwright/test";
import { signInByEmail } from "./auth-helpers";
import { sevenFixture, snapPlayground } from "./playground-support";
import { uniqueEmail } from "./snap";
import { fakeMicrophone } from "./chromium";

/**
 * Recording through Chromium's fake microphone, which plays a real recording of "seven" in a loop: the
 * level meter moves, the take is cut to the loudest second (what moonshine-micro hears), and the model
 * hears "seven".
 */
test.use(fakeMicrophone(sevenFixture()));

test("record from the microphone, stop, and get the transcript", async ({ page }, testInfo) => {
  await signInByEmail(page, uniqueEmail(testInfo, "playground-mic"));
  await page.goto("/playground");
  await page.getByRole("button", { name: "Record" }).click();

  const recorder = page.getByTestId("recorder");
  await expect(recorder).toContainText("Recording");
  // The meter lights up as the fake microphone plays speech.
  await expect.poll(async () => Number(await page.getByTestId("level-meter").getAttribute("aria-valuenow")), { timeout: 10_000 }).toBeGreaterThan(20);
  await expect(recorder.getByText(/^[2-9]\.\d s$/)).toBeVisible({ timeout: 10_000 });
  await snapPlayground(page, testInfo, "recording");
  await recorder.getByRole("button", { name: "Stop" }).click();

  await expect(page.getByTestId("audio-name")).toContainText("recording-trimmed.wav");
  await expect(page.getByTestId("audio-note")).toContainText("kept the loudest 1 s");
  await expect(page.getByRole("button", { name: "Re-record" })).toBeVisible();
  await page.getByRole("button", { name: /^Transcribe/ }).click();
  await expect(page.getByTestId("transcript")).toHaveText("seven");
  await snapPlayground(page, testInfo, "recorded-transcript");
});
