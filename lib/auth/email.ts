import "server-only";
import { createTransport } from "nodemailer";
import type { EmailConfig } from "next-auth/providers/email";
import { queueEmail } from "@/lib/queue/email";
import { usesPgBoss } from "@/lib/queue/role";

/**
 * The sign-in email. Written here rather than using Auth.js's default so it says what gigarouter is
 * and reads well as plain text.
 */
type SendVerificationRequest = EmailConfig["sendVerificationRequest"];

export function signInEmail(url: string, host: string): { subject: string; text: string; html: string } {
  const subject = "Your gigarouter sign-in link";
  const text = [
    `Sign in to gigarouter (${host}) by opening this link:`,
    "",
    url,
    "",
    "The link works once and expires in 24 hours.",
    "If you did not ask to sign in, ignore this email: nothing happens without the link.",
    "",
  ].join("\n");
  const escaped = url.replaceAll("&", "&amp;").replaceAll('"', "&quot;");
  const html = `<!doctype html><html><body style="font-family:system-ui,sans-serif;line-height:1.5;color:#111">
<p>Sign in to <strong>gigarouter</strong> (${host}):</p>
<p><a href="${escaped}" style="display:inline-block;padding:10px 18px;background:#111;color:#fff;border-radius:8px;text-decoration:none">Sign in</a></p>
<p style="color:#555;font-size:14px">The link works once and expires in 24 hours. If you did not ask to sign in, ignore this email.</p>
</body></html>`;
  return { subject, text, html };
}

/**
 * Sends the link through the provider's SMTP server, or, with QUEUE_BACKEND=pg-boss, queues it for a
 * web instance to send with retries (lib/queue/email.ts): the person sees "check your email" as soon
 * as the message is safely queued, and a mail server that is briefly down delays it instead of losing it.
 */
export const sendSignInEmail: SendVerificationRequest = async ({ identifier, url, provider }) => {
  const { host } = new URL(url);
  const message = { to: identifier, from: provider.from ?? "", ...signInEmail(url, host) };
  if (usesPgBoss()) {
    await queueEmail(message);
    return;
  }
  const transport = createTransport(provider.server);
  const result = await transport.sendMail(message);
  const failed = [...(result.rejected ?? []), ...(result.pending ?? [])];
  if (failed.length > 0) throw new Error(`The sign-in email to ${identifier} was not accepted by the mail server`);
};

/** EMAIL_SERVER=log (or development without one): the link is printed on the server console instead. */
export const printSignInLink: SendVerificationRequest = async ({ identifier, url }) => {
  console.info(`\n[auth] sign-in link for ${identifier} (EMAIL_SERVER is "log" or unset in development, so it is printed here):\n${url}\n`);
};
