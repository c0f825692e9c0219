/**
 * Shared set-up for the sign-in integration tests. Import it right after ./support: it points the
 * app's email and OIDC settings at local stand-ins before lib/env is first read. The stand-ins are
 * started by `startAuthStandIns()` in beforeAll.
 */
import { NextRequest } from "next/server";
import { TestBrowser } from "@/tests/support/browser";
import { startOidcIssuer, OIDC_TEST_CLIENT, type OidcIssuer } from "@/tests/support/oidc-issuer";
import { startSmtpSink, type SmtpSink } from "@/tests/support/smtp-sink";

export const APP_ORIGIN = "http://localhost:3300";
const SMTP_PORT = 3305;
const OIDC_PORT = 3306;

process.env.EMAIL_SERVER = `smtp://127.0.0.1:${SMTP_PORT}`;
process.env.EMAIL_FROM = "gigarouter <signin@gigarouter.test>";
process.env.AUTH_OIDC_ISSUER = `http://127.0.0.1:${OIDC_PORT}`;
process.env.AUTH_OIDC_ID = OIDC_TEST_CLIENT.clientId;
process.env.AUTH_OIDC_SECRET = OIDC_TEST_CLIENT.clientSecret;
process.env.AUTH_OIDC_NAME = "Test SSO";

export interface AuthStandIns {
  sink: SmtpSink;
  issuer: OidcIssuer;
  close(): Promise<void>;
}

export async function startAuthStandIns(): Promise<AuthStandIns> {
  const sink = await startSmtpSink({ port: SMTP_PORT });
  const issuer = await startOidcIssuer({ port: OIDC_PORT, redirectUris: [`${APP_ORIGIN}/api/auth/callback/oidc`] });
  return { sink, issuer, close: async () => void (await Promise.all([sink.close(), issuer.close()])) };
}

type Handlers = { GET: (r: NextRequest) => Promise<Response>; POST: (r: NextRequest) => Promise<Response> };

/** A browser whose requests to APP_ORIGIN reach the Auth.js route handlers in this process. */
export function appBrowser(handlers: Handlers): TestBrowser {
  return new TestBrowser({
    appOrigin: APP_ORIGIN,
    handler: async (request) => {
      // Pages are not rendered here; a redirect that lands on one ends the flow with a stand-in page.
      if (!new URL(request.url).pathname.startsWith("/api/auth/")) return new Response("page", { status: 200 });
      const next = new NextRequest(request);
      return request.method === "POST" ? handlers.POST(next) : handlers.GET(next);
    },
  });
}

export async function csrfToken(browser: TestBrowser): Promise<string> {
  const { response } = await browser.go(`${APP_ORIGIN}/api/auth/csrf`);
  return ((await response.json()) as { csrfToken: string }).csrfToken;
}

/** Signs in by magic link: asks for the email, reads it from the sink, opens the link. */
export async function signInByEmail(browser: TestBrowser, sink: SmtpSink, email: string) {
  const sentAfter = Date.now();
  const asked = await browser.submit(`${APP_ORIGIN}/api/auth/signin/nodemailer`, {
    email,
    csrfToken: await csrfToken(browser),
    callbackUrl: `${APP_ORIGIN}/account`,
  });
  const link = await sink.waitForLink(email, { after: sentAfter - 1000 });
  const opened = await browser.go(link);
  return { asked, link, opened };
}

/** Signs in through the OIDC stand-in's development screens as `login`. */
export async function signInByOidc(browser: TestBrowser, login: string) {
  const started = await browser.submit(`${APP_ORIGIN}/api/auth/signin/oidc`, {
    csrfToken: await csrfToken(browser),
    callbackUrl: `${APP_ORIGIN}/account`,
  });
  // The provider's login screen, then its consent screen; each is a form posting back to it.
  let page = started;
  for (let step = 0; step < 4 && page.url.includes("/interaction/"); step++) {
    const html = await page.response.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    if (!action) throw new Error(`No form on ${page.url}`);
    const prompt = /name="prompt" value="([^"]+)"/.exec(html)?.[1] ?? "";
    const fields: Record<string, string> = prompt === "login" ? { prompt, login, password: "any" } : { prompt };
    page = await browser.submit(new URL(action.replaceAll("&amp;", "&"), page.url).toString(), fields);
  }
  return page;
}

export async function sessionOf(browser: TestBrowser): Promise<{ user?: { id: string; email: string } } | null> {
  const { response } = await browser.go(`${APP_ORIGIN}/api/auth/session`);
  return (await response.json()) as { user?: { id: string; email: string } } | null;
}
