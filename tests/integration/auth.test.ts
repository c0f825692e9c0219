import { unique } from "./support";
import { APP_ORIGIN, appBrowser, csrfToken, sessionOf, signInByEmail, signInByOidc, startAuthStandIns, type AuthStandIns } from "./auth-support";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { handlers } from "@/lib/auth";
import { listModels } from "@/lib/catalog";
import { auditBalance, freeCreditMicroUsd, freeCreditStatus, getBalance } from "@/lib/credits";
import { db } from "@/lib/db";
import { requestModel } from "@/lib/requests";
import { deleteAccount } from "@/lib/users";

let standIns: AuthStandIns;
let comingSoon: string;

beforeAll(async () => {
  standIns = await startAuthStandIns();
  comingSoon = (await listModels()).find((m) => m.status === "coming_soon")!.id;
});
afterAll(async () => {
  await standIns?.close();
});

const userByEmail = (email: string) => db.user.findUnique({ where: { email } });
const FREE = freeCreditMicroUsd();

describe("sign-in by magic link", () => {
  it("signs in from the emailed link, stores the session in the database and grants the free credit once", async () => {
    const browser = appBrowser(handlers);
    const email = `${unique("magic")}@example.com`;
    const { asked, link, opened } = await signInByEmail(browser, standIns.sink, email);
    expect(asked.url).toContain("/signin/check-email");
    expect(standIns.sink.inbox(email).at(-1)?.subject).toBe("Your gigarouter sign-in link");
    expect(link.startsWith(`${APP_ORIGIN}/api/auth/callback/nodemailer?`)).toBe(true);
    expect(opened.url).toBe(`${APP_ORIGIN}/account`);

    const session = await sessionOf(browser);
    expect(session?.user?.email).toBe(email);
    const user = (await userByEmail(email))!;
    expect(session?.user?.id).toBe(user.id);
    expect(await db.session.count({ where: { userId: user.id } })).toBe(1);

    expect(FREE).toBeGreaterThan(0);
    expect(await getBalance(user.id)).toMatchObject({ availableMicroUsd: FREE });
    expect(await freeCreditStatus(user)).toMatchObject({ state: "granted", amountMicroUsd: FREE });

    // Signing in again (a new link) neither grants again nor creates another user.
    await signInByEmail(appBrowser(handlers), standIns.sink, email);
    expect(await db.user.count({ where: { email } })).toBe(1);
    expect(await getBalance(user.id)).toMatchObject({ availableMicroUsd: FREE });
    expect(await db.ledgerEntry.count({ where: { userId: user.id, kind: "grant" } })).toBe(1);
  });

  it("refuses a sign-in link the second time it is opened", async () => {
    const email = `${unique("reuse")}@example.com`;
    const { link } = await signInByEmail(appBrowser(handlers), standIns.sink, email);
    const stranger = appBrowser(handlers);
    const reopened = await stranger.go(link);
    expect(reopened.url).toContain("/signin?error=Verification");
    expect(await sessionOf(stranger)).toBeNull();
  });

  it("links interest signups and model-request votes left earlier with the same email", async () => {
    const email = `${unique("linked")}@example.com`;
    await db.interestSignup.create({ data: { email, modelId: comingSoon } });
    await requestModel({ model: `${unique("org")}/some-model`, email, reason: undefined, client: "test" });
    const other = await db.interestSignup.create({ data: { email: `${unique("other")}@example.com`, modelId: comingSoon } });

    await signInByEmail(appBrowser(handlers), standIns.sink, email.toUpperCase());
    const user = (await userByEmail(email))!;
    expect(await db.interestSignup.findMany({ where: { email } })).toEqual([expect.objectContaining({ userId: user.id })]);
    expect(await db.requestVote.findMany({ where: { email } })).toEqual([expect.objectContaining({ userId: user.id })]);
    expect((await db.interestSignup.findUniqueOrThrow({ where: { id: other.id } })).userId).toBeNull();
  });
});

describe("sign-in through OIDC", () => {
  it("signs in a new person and grants the free credit", async () => {
    const browser = appBrowser(handlers);
    const email = `${unique("oidc")}@example.com`;
    const page = await signInByOidc(browser, email);
    expect(page.url).toBe(`${APP_ORIGIN}/account`);
    expect((await sessionOf(browser))?.user?.email).toBe(email);
    const user = (await userByEmail(email))!;
    expect(await db.account.findMany({ where: { userId: user.id } })).toEqual([
      expect.objectContaining({ provider: "oidc", providerAccountId: email }),
    ]);
    expect((await getBalance(user.id)).availableMicroUsd).toBe(FREE);
  });

  it("a second sign-in method with the same email reaches the same account and grants nothing more", async () => {
    const email = `${unique("both")}@example.com`;
    await signInByEmail(appBrowser(handlers), standIns.sink, email);
    const user = (await userByEmail(email))!;

    const browser = appBrowser(handlers);
    await signInByOidc(browser, email.toUpperCase());
    expect((await sessionOf(browser))?.user?.id).toBe(user.id);
    expect(await db.user.count({ where: { email } })).toBe(1);
    expect(await db.account.count({ where: { userId: user.id, provider: "oidc" } })).toBe(1);
    expect((await getBalance(user.id)).availableMicroUsd).toBe(FREE);
  });

  it("refuses an email the provider has not verified, and creates no account", async () => {
    const email = `${unique("unverified")}@example.com`;
    const browser = appBrowser(handlers);
    const page = await signInByOidc(browser, `unverified:${email}`);
    expect(page.url).toBe(`${APP_ORIGIN}/signin?error=EmailNotVerified`);
    expect(await sessionOf(browser)).toBeNull();
    expect(await userByEmail(email)).toBeNull();
  });
});

describe("signing out", () => {
  it("signs out cleanly from an account that was just deleted (its sessions went with it)", async () => {
    const email = `${unique("deleted")}@example.com`;
    const browser = appBrowser(handlers);
    await signInByEmail(browser, standIns.sink, email);
    await deleteAccount((await userByEmail(email))!.id);
    const logged = vi.spyOn(console, "error");
    try {
      const page = await browser.submit(`${APP_ORIGIN}/api/auth/signout`, { csrfToken: await csrfToken(browser), callbackUrl: `${APP_ORIGIN}/` });
      expect(page.url).toBe(`${APP_ORIGIN}/`);
      expect(await sessionOf(browser)).toBeNull();
      // Not an error for the operator's logs either: there was nothing left to delete.
      expect(logged.mock.calls.flat().join(" ")).not.toMatch(/SignOutError/);
    } finally {
      logged.mockRestore();
    }
  });
});

describe("free credit once per person", () => {
  it("is not granted again after the account is deleted and created anew", async () => {
    const email = `${unique("again")}@example.com`;
    await signInByEmail(appBrowser(handlers), standIns.sink, email);
    const first = (await userByEmail(email))!;
    await deleteAccount(first.id);
    expect(await userByEmail(email)).toBeNull();
    // The deleted account's ledger is kept, and ends at zero: its credit was forfeited, not moved.
    expect((await auditBalance(first.id)).ledger.availableMicroUsd).toBe(0);

    const browser = appBrowser(handlers);
    await signInByOidc(browser, email);
    const second = (await userByEmail(email))!;
    expect(second.id).not.toBe(first.id);
    expect((await getBalance(second.id)).availableMicroUsd).toBe(0);
    expect(await freeCreditStatus(second)).toMatchObject({ state: "claimed_elsewhere", amountMicroUsd: FREE });
  });

  it("is not granted again to a +tag variant of the same mailbox", async () => {
    const name = unique("tag");
    await signInByEmail(appBrowser(handlers), standIns.sink, `${name}@example.com`);
    await signInByEmail(appBrowser(handlers), standIns.sink, `${name}+second@example.com`);
    const variant = (await userByEmail(`${name}+second@example.com`))!;
    expect((await getBalance(variant.id)).availableMicroUsd).toBe(0);
  });
});
