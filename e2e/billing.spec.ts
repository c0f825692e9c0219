import { expect, test } from "@playwright/test";
import { signInByEmail } from "./auth-helpers";
import { snap, uniqueEmail } from "./snap";

test.describe("buying credit", () => {
  test("through Stripe Checkout: the paid session's webhook raises the balance once", async ({ page }, testInfo) => {
    await signInByEmail(page, uniqueEmail(testInfo, "buyer"));
    await expect(page.getByTestId("balance")).toHaveText("$1.00");
    await snap(page, testInfo, "account-before-purchase");

    await page.getByText("$25", { exact: true }).click();
    await page.getByRole("button", { name: "Continue to payment" }).click();
    // The Stripe stand-in's payment page; "Pay" sends the signed checkout.session.completed webhook.
    await expect(page.getByRole("heading", { name: "Pay $25.00" })).toBeVisible();
    await snap(page, testInfo, "stripe-standin-checkout");
    await page.getByRole("button", { name: "Pay $25.00" }).click();

    await expect(page).toHaveURL(/\/account\?purchase=success&session_id=cs_test_/);
    await expect(page.getByRole("status")).toContainText("$25.00 was added to your credit");
    await expect(page.getByTestId("balance")).toHaveText("$26.00");
    const purchase = page.locator("#ledger tbody tr[data-kind=purchase]");
    await expect(purchase).toHaveCount(1);
    await expect(purchase).toContainText("+$25.00");
    await snap(page, testInfo, "account-after-purchase");

    // Reloading the return page credits nothing more.
    await page.reload();
    await expect(page.getByTestId("balance")).toHaveText("$26.00");

    // The CSV export carries the same entries.
    const download = page.waitForEvent("download");
    await page.getByRole("link", { name: "Export CSV" }).click();
    const csv = await (await download).createReadStream().then(async (stream) => {
      const chunks: Buffer[] = [];
      for await (const chunk of stream) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString("utf8");
    });
    expect(csv).toContain(",purchase,Purchase,25.000000,");
    expect(csv).toContain(",grant,Free credit,1.000000,");
  });

  test("a typed amount outside the limits is refused before Stripe is asked", async ({ page }, testInfo) => {
    await signInByEmail(page, uniqueEmail(testInfo, "limits"));
    await page.getByLabel(/Other amount in US dollars/).fill("3");
    await page.getByRole("button", { name: "Continue to payment" }).click();
    await expect(page.locator("#buy-error")).toContainText("between $5 and $500");
    await expect(page.getByTestId("balance")).toHaveText("$1.00");
  });

  test("cancelling at Stripe comes back with nothing charged", async ({ page }, testInfo) => {
    await signInByEmail(page, uniqueEmail(testInfo, "cancel"));
    await page.getByRole("button", { name: "Continue to payment" }).click();
    await page.getByRole("link", { name: "Cancel and go back" }).click();
    await expect(page.getByRole("status")).toContainText("nothing was charged");
    await expect(page.getByTestId("balance")).toHaveText("$1.00");
  });
});
