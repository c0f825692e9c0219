import { expect, test } from "@playwright/test";
import { snap, uniqueEmail } from "./snap";

/** "12 people are waiting" -> 12; the "be the first" wording -> 0. */
function parseWaiting(text: string): number {
  const match = /(\d[\d,]*)\s+(people are|person is) waiting/.exec(text);
  return match?.[1] ? Number(match[1].replace(/,/g, "")) : 0;
}

test("signing up for a coming-soon model confirms and counts the signup", async ({ page }, testInfo) => {
  await page.goto("/models/kyutai/stt-2.6b-en");
  const card = page.getByRole("region", { name: "not yet live" });
  const count = card.getByTestId("waiting-count");
  const before = parseWaiting(await count.innerText());

  // A bad address is refused with a message, and nothing is counted.
  await card.getByLabel("Email").fill("not-an-email");
  await card.getByRole("button", { name: "Tell us you want it" }).click();
  await expect(card.getByRole("alert")).toBeVisible();
  await expect(count).toHaveText(new RegExp(before === 0 ? "Be the first" : `^${before} `));

  const email = uniqueEmail(testInfo, "interest");
  await card.getByLabel("Email").fill(email);
  await card.getByLabel(/What would you use it for/).fill("Live captions for English meetings");
  await card.getByRole("button", { name: "Tell us you want it" }).click();

  await expect(card.getByRole("status")).toContainText(email);
  await expect(count).toHaveText(before + 1 === 1 ? "1 person is waiting" : `${before + 1} people are waiting`);
  await snap(page, testInfo, "interest-confirmed");

  // The count is stored, not just shown: a fresh load agrees.
  await page.reload();
  await expect(page.getByRole("region", { name: "not yet live" }).getByTestId("waiting-count")).toContainText(
    String(before + 1),
  );
});
