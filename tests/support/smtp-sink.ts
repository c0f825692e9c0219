/**
 * A local SMTP server that accepts every message and keeps it, standing in for a real mail server in
 * tests. Node-only, no Next imports: vitest suites and Playwright's global setup both start it.
 *
 *   const sink = await startSmtpSink({ port: 3303, httpPort: 3304 });
 *   EMAIL_SERVER = sink.url;  ...  const link = await sink.waitForLink("ada@example.com");
 *
 * `httpPort` also serves the inbox as JSON (GET /messages?to=<address>), for tests that run in other
 * processes than the sink (Playwright workers).
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

export interface SinkMessage {
  from: string;
  to: string[];
  subject: string;
  /** The message with quoted-printable soft breaks and escapes undone: good enough to find links in. */
  body: string;
  receivedAt: string;
}

export interface SmtpSink {
  /** `smtp://127.0.0.1:<port>`: the EMAIL_SERVER value that reaches this sink. */
  url: string;
  messages: SinkMessage[];
  /** Messages sent to `address` (case-insensitive), oldest first. */
  inbox(address: string): SinkMessage[];
  /** The first sign-in link in the newest message to `address`, waiting for it to arrive. */
  waitForLink(address: string, options?: { timeoutMs?: number; after?: number }): Promise<string>;
  close(): Promise<void>;
}

function decodeQuotedPrintable(raw: string): string {
  return raw.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

function header(raw: string, name: string): string {
  const match = new RegExp(`^${name}:\\s*(.*(?:\\r?\\n[ \\t].*)*)`, "im").exec(raw);
  return match?.[1]?.replace(/\r?\n[ \t]/g, " ").trim() ?? "";
}

/** The Auth.js email callback link in a message body. */
export function findSignInLink(body: string): string | null {
  return /https?:\/\/[^\s"'<>]+\/api\/auth\/callback\/nodemailer\?[^\s"'<>]+/.exec(body)?.[0]?.replaceAll("&amp;", "&") ?? null;
}

export async function startSmtpSink(options: { port?: number; httpPort?: number } = {}): Promise<SmtpSink> {
  const messages: SinkMessage[] = [];
  const smtp = new SMTPServer({
    // Nodemailer would otherwise try to upgrade to TLS and to log in.
    disabledCommands: ["STARTTLS", "AUTH"],
    authOptional: true,
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        messages.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
          subject: header(raw, "Subject"),
          body: decodeQuotedPrintable(raw),
          receivedAt: new Date().toISOString(),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    smtp.once("error", reject);
    smtp.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const port = (smtp.server.address() as AddressInfo).port;

  const inbox = (address: string) => messages.filter((m) => m.to.includes(address.toLowerCase()));

  let http: Server | undefined;
  if (options.httpPort !== undefined) {
    http = createServer((request, response) => {
      const url = new URL(request.url ?? "/", "http://localhost");
      const to = url.searchParams.get("to");
      response.setHeader("content-type", "application/json");
      response.end(JSON.stringify(to ? inbox(to) : messages));
    });
    await new Promise<void>((resolve) => http!.listen(options.httpPort, "127.0.0.1", resolve));
  }

  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    inbox,
    async waitForLink(address, { timeoutMs = 15_000, after = 0 } = {}) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const newest = inbox(address).filter((m) => Date.parse(m.receivedAt) >= after).at(-1);
        const link = newest && findSignInLink(newest.body);
        if (link) return link;
        if (Date.now() > deadline) throw new Error(`No sign-in email reached ${address}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    async close() {
      await new Promise<void>((resolve) => smtp.close(() => resolve()));
      if (http) await new Promise<void>((resolve) => http!.close(() => resolve()));
    },
  };
}
