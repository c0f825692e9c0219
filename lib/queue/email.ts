import "server-only";
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { createTransport } from "nodemailer";
import type PgBoss from "pg-boss";
import { z } from "zod";
import { authSecret } from "@/lib/auth/secret";
import { env } from "@/lib/env";
import { EMAIL_QUEUE, ensureQueue, getBoss } from "./boss";

/**
 * Outgoing email. Embedded backend: sent at once, by the request that wants it (a failure is that
 * request's error). QUEUE_BACKEND=pg-boss: one message on `email-send`, sent by a web instance
 * (lib/queue/senders.ts) and retried with backoff for about 40 minutes while the mail server refuses
 * or is down, so a mail-server blip does not fail a sign-in; every failed try is logged.
 *
 * Queued messages are sealed (AES-256-GCM, key derived from AUTH_SECRET): a sign-in email carries a
 * working link, and pg-boss keeps messages in its tables for days, where a database reader must not
 * be able to sign in as anyone (Auth.js stores only hashes of its tokens for the same reason). Every
 * web instance already shares AUTH_SECRET, so any of them can open what another sealed.
 */

export interface EmailMessage {
  to: string;
  from: string;
  subject: string;
  text: string;
  html: string;
}

const emailSchema = z.object({ to: z.string().min(3), from: z.string().min(3), subject: z.string(), text: z.string(), html: z.string() });
const sealedSchema = z.object({ v: z.literal(1), iv: z.string(), tag: z.string(), data: z.string() });
type Sealed = z.infer<typeof sealedSchema>;

/** Tries per message; with pg-boss's backoff from 10 s that spans about 40 minutes. */
const EMAIL_RETRY_LIMIT = 8;

function sealingKey(): Buffer {
  const secret = authSecret();
  if (!secret) throw new Error("AUTH_SECRET is not set: queued email cannot be sealed (and sign-in cannot work without it)");
  return Buffer.from(hkdfSync("sha256", secret, "gigarouter", "queued email v1", 32));
}

export function sealEmail(message: EmailMessage): Sealed {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", sealingKey(), iv);
  const data = Buffer.concat([cipher.update(JSON.stringify(message), "utf8"), cipher.final()]);
  return { v: 1, iv: iv.toString("base64"), tag: cipher.getAuthTag().toString("base64"), data: data.toString("base64") };
}

/** Throws when the message was sealed with another secret or changed. */
export function openEmail(sealed: Sealed): EmailMessage {
  const decipher = createDecipheriv("aes-256-gcm", sealingKey(), Buffer.from(sealed.iv, "base64"));
  decipher.setAuthTag(Buffer.from(sealed.tag, "base64"));
  const plain = Buffer.concat([decipher.update(Buffer.from(sealed.data, "base64")), decipher.final()]).toString("utf8");
  return emailSchema.parse(JSON.parse(plain));
}

/** Hands the message to the SMTP server; throws unless it accepted every recipient. */
export async function sendEmailNow(server: string, message: EmailMessage): Promise<void> {
  const result = await createTransport(server).sendMail(message);
  const failed = [...(result.rejected ?? []), ...(result.pending ?? [])];
  if (failed.length > 0) throw new Error(`The email to ${message.to} was not accepted by the mail server`);
}

async function emailQueue(boss: PgBoss): Promise<string> {
  await ensureQueue(boss, EMAIL_QUEUE, { retryLimit: EMAIL_RETRY_LIMIT, retryDelay: 10, retryBackoff: true, expireInSeconds: 120 });
  return EMAIL_QUEUE;
}

/** pg-boss: queues the message for a web instance to send. Throws when the queue cannot take it. */
export async function queueEmail(message: EmailMessage): Promise<void> {
  const boss = await getBoss();
  await boss.send(await emailQueue(boss), sealEmail(message));
}

/** Sends what arrives on the email queue through EMAIL_SERVER (web instances: lib/queue/senders.ts). */
export async function workEmail(boss: PgBoss): Promise<void> {
  const queue = await emailQueue(boss);
  await boss.work<unknown>(queue, { batchSize: 1, pollingIntervalSeconds: 1, includeMetadata: true }, async ([job]) => {
    if (!job) return;
    const sealed = sealedSchema.safeParse(job.data);
    if (!sealed.success) {
      console.error(`[email] dropped a malformed message ${job.id}`);
      return;
    }
    const server = env.EMAIL_SERVER;
    if (!server || server === "log") {
      console.error(`[email] message ${job.id} not sent: EMAIL_SERVER is ${server ? '"log"' : "unset"} on this instance`);
      throw new Error("EMAIL_SERVER is not configured on this instance");
    }
    let message: EmailMessage;
    try {
      message = openEmail(sealed.data);
    } catch (error) {
      // Another AUTH_SECRET sealed it: retrying here cannot help, but another instance might open it.
      console.error(`[email] message ${job.id} could not be opened (AUTH_SECRET differs between instances?)`);
      throw error;
    }
    try {
      await sendEmailNow(server, message);
    } catch (error) {
      const last = job.retryCount >= job.retryLimit;
      console.error(
        `[email] to ${message.to} failed (try ${job.retryCount + 1} of ${job.retryLimit + 1}${last ? ", giving up" : ", will retry"}):`,
        error instanceof Error ? error.message : error,
      );
      throw error;
    }
  });
}
