import { expect, type Page } from "@playwright/test";
import { E2E_OIDC_NAME, standInPorts } from "./auth-env";

/** The newest sign-in link the SMTP sink holds for `email`, waiting for it to arrive. */
export async function signInLinkFor(email: string): Promise<string> {
  let link: string | undefined;
  await expect
    .poll(
      async () => {
        const response = await fetch(`http://127.0.0.1:${standInPorts().inboxPort}/messages?to=${encodeURIComponent(email)}`);
        const messages = (await response.json()) as { body: string }[];
        link = /https?:\/\/[^\s"'<>]+\/api\/auth\/callback\/nodemailer\?[^\s"'<>]+/.exec(messages.at(-1)?.body ?? "")?.[0];
        return link;
      },
      { message: `a sign-in email to ${email}`, timeout: 15_000 },
    )
    .toBeTruthy();
  return link!.replaceAll("&amp;", "&");
}

/** Signs in through the sign-in page's email form and the emailed link; ends on /account. */
export async function signInByEmail(page: Page, email: string): Promise<void> {
  await page.goto("/signin?callbackUrl=/account");
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByRole("button", { name: "Email me a sign-in link" }).click();
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  await page.goto(await signInLinkFor(email));
  await expect(page).toHaveURL(/\/account$/);
}

/** Signs in with the OIDC stand-in's development login screens as `email`; ends on /account. */
export async function signInByOidc(page: Page, email: string): Promise<void> {
  await page.goto("/signin?callbackUrl=/account");
  await page.getByRole("button", { name: `Continue with ${E2E_OIDC_NAME}` }).click();
  await page.locator('input[name="login"]').fill(email);
  await page.locator('input[name="password"]').fill("any password");
  await page.getByRole("button", { name: "Sign-in" }).click();
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page).toHaveURL(/\/account$/);
}
