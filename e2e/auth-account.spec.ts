import { expect, test } from "@playwright/test";
import { signInByEmail } from "./auth-helpers";
import { snap, uniqueEmail } from "./snap";

// Canary 1B Flash is coming soon wherever its weights are absent (always, in these tests).
const COMING_SOON = "nvidia/canary-1b-flash";

test.describe("account page", () => {
  test("launch emails: models waited for with the same email are listed and can be switched off", async ({ page }, testInfo) => {
    const email = uniqueEmail(testInfo, "notify");
    const signup = await page.request.post("/api/interest", {
      data: { modelId: COMING_SOON, email },
      headers: { "x-forwarded-for": `10.9.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}` },
    });
    expect(signup.status()).toBe(201);

    await signInByEmail(page, email);
    const model = page.locator("#notifications").getByRole("checkbox", { name: "Canary 1B Flash" });
    await expect(model).toBeChecked();
    await model.uncheck();
    await page.getByRole("button", { name: "Save email preferences" }).click();
    await expect(page.locator("#notifications").getByRole("status")).toHaveText("Saved.");
    await page.reload();
    await expect(page.locator("#notifications").getByRole("checkbox", { name: "Canary 1B Flash" })).not.toBeChecked();
    await expect(page.getByRole("checkbox", { name: /Email me when a model I wait for goes live/ })).toBeChecked();
    await snap(page, testInfo, "account-notifications");
  });

  test("deleting the account signs out, and a new account for the same email gets no second free credit", async ({ page }, testInfo) => {
    const email = uniqueEmail(testInfo, "delete");
    await signInByEmail(page, email);
    await expect(page.getByTestId("balance")).toHaveText("$1.00");

    await page.getByLabel(/to confirm/).fill(email);
    await page.getByRole("button", { name: "Delete my account" }).click();
    await expect(page).toHaveURL(/\/\?account=deleted$/);
    await page.goto("/account");
    await expect(page).toHaveURL(/\/signin/);

    await signInByEmail(page, email);
    await expect(page.getByTestId("balance")).toHaveText("$0.00");
    await expect(page.getByTestId("free-credit")).toContainText("already given to this email address");
  });
});
