import { expect, test } from "@playwright/test";
import { signInByEmail, signInByOidc } from "./auth-helpers";
import { snap, uniqueEmail } from "./snap";

test.describe("sign-in", () => {
  test("by magic link: the emailed link signs in, and the free credit is on the account page", async ({ page }, testInfo) => {
    const email = uniqueEmail(testInfo, "magic");
    await page.goto("/signin");
    await expect(page.getByText("$1.00 of free credit")).toBeVisible();
    await snap(page, testInfo, "signin");

    await signInByEmail(page, email);
    await expect(page.getByRole("heading", { name: "Account", exact: true })).toBeVisible();
    await expect(page.getByText(`Signed in as ${email}`)).toBeVisible();
    await expect(page.getByTestId("balance")).toHaveText("$1.00");
    await expect(page.getByTestId("free-credit")).toContainText("Free credit: $1.00 added on");
    await expect(page.locator("#ledger tbody tr[data-kind=grant]")).toContainText("Free credit for signing up");
    // The header shows the balance on every page once signed in.
    await page.goto("/models");
    await expect(page.getByTestId("header-balance")).toHaveText("$1.00");
    await page.goto("/account");
    await snap(page, testInfo, "account-after-magic-link");
  });

  test("by OIDC: the identity provider's login brings the person back signed in", async ({ page }, testInfo) => {
    const email = uniqueEmail(testInfo, "oidc");
    await signInByOidc(page, email);
    await expect(page.getByText(`Signed in as ${email}`)).toBeVisible();
    await expect(page.getByTestId("balance")).toHaveText("$1.00");
    await snap(page, testInfo, "account-after-oidc");
  });

  test("a second sign-in method with the same email gives no second free credit", async ({ page, context }, testInfo) => {
    const email = uniqueEmail(testInfo, "twice");
    await signInByEmail(page, email);
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/$/);
    await context.clearCookies();
    await signInByOidc(page, email);
    await expect(page.getByTestId("balance")).toHaveText("$1.00");
    await expect(page.locator("#ledger tbody tr[data-kind=grant]")).toHaveCount(1);
  });

  test("the account page sends signed-out visitors to sign in and back", async ({ page }) => {
    await page.goto("/account");
    await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Faccount$/);
    await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  });

  test("an expired or reused link explains itself", async ({ page }) => {
    await page.goto("/signin?error=Verification");
    await expect(page.getByText("That sign-in link has expired or was already used")).toBeVisible();
  });

  test("a mistyped email is refused beside the field", async ({ page }) => {
    await page.goto("/signin");
    await page.getByLabel("Email", { exact: true }).fill("not-an-email");
    await page.getByRole("button", { name: "Email me a sign-in link" }).click();
    await expect(page.locator("#signin-email-error")).toContainText("valid email");
  });
});
