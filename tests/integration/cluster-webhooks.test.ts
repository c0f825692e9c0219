/**
 * Cluster mode (QUEUE_BACKEND=pg-boss): webhooks and email go through pg-boss and survive their
 * receiver being down.
 *
 * - A webhook receiver is down for two minutes of real time (first refusing connections, then
 *   answering 503) while jobs finish; deliveries are retried on their backoff schedule (base 4 s here
 *   instead of 10 s, so the outage spans five or six attempts), then all arrive: none lost, one
 *   success per delivery and nothing after it, every attempt signed with the same id and body, every
 *   failure in the log.
 * - A delivery whose pg-boss message was lost is queued again by the sweep; a stale or duplicate
 *   message for an attempt already made sends nothing.
 * - A sign-in email queued while the mail server is down is sent once it is back, and the queued
 *   message does not hold the sign-in link in readable form.
 *
 * Real processes: one `npm run worker` runs the jobs (and writes the webhooks); this test process plays
 * the web instance (it submits through lib/jobs and runs the senders, as instrumentation.ts makes
 * `next start` do). PostgreSQL only; skipped on the SQLite pass of `npm test`.
 */
import { once } from "node:events";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clusterEnv, clusterLib, killAllWorkers, onPostgres, startWorker, until, verifiedByRecipe, wordClip, type ClusterLib } from "./cluster-support";

const SMTP_PORT = 3925;
/** How long the receiver stays down. */
const OUTAGE_MS = 120_000;
const settings = clusterEnv({
  WEBHOOK_RETRY_BASE_SECONDS: "4",
  WEBHOOK_MAX_ATTEMPTS: "10",
  WEBHOOK_TIMEOUT_SECONDS: "5",
  ALLOW_LOOPBACK_FETCH: "1",
  EMAIL_SERVER: `smtp://127.0.0.1:${SMTP_PORT}`,
  EMAIL_FROM: "gigarouter <signin@example.com>",
});

interface Hit {
  headers: IncomingHttpHeaders;
  body: string;
  answered: number;
  at: number;
}

/** A receiver on a fixed port that can be switched off (connections refused), to 503, or to 200. */
class Receiver {
  readonly hits: Hit[] = [];
  mode: "refuse" | "error" | "ok" = "ok";
  private server: Server | null = null;
  port = 0;

  async listen(): Promise<void> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => {
        const answered = this.mode === "ok" ? 200 : 503;
        this.hits.push({ headers: request.headers, body: Buffer.concat(chunks).toString("utf8"), answered, at: Date.now() });
        response.writeHead(answered).end(answered === 200 ? "ok" : "down for maintenance");
      });
    });
    this.server.listen(this.port, "127.0.0.1");
    await once(this.server, "listening");
    this.port = (this.server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

describe.skipIf(!onPostgres)("cluster: webhooks and email through pg-boss", () => {
  let lib: ClusterLib & {
    deliveries: typeof import("@/lib/queue/webhook-deliveries");
    authEmail: typeof import("@/lib/auth/email");
    sink: typeof import("@/tests/support/smtp-sink");
  };
  const receiver = new Receiver();
  let sink: Awaited<ReturnType<typeof import("@/tests/support/smtp-sink").startSmtpSink>> | undefined;

  beforeAll(async () => {
    lib = {
      ...(await clusterLib()),
      deliveries: await import("@/lib/queue/webhook-deliveries"),
      authEmail: await import("@/lib/auth/email"),
      sink: await import("@/tests/support/smtp-sink"),
    };
    await startWorker(settings);
    await lib.senders.startOutboundSenders();
  });

  afterAll(async () => {
    await killAllWorkers();
    await receiver.close();
    await sink?.close();
    await lib?.queue.stopBoss();
  });

  it("retries every webhook while the receiver is down, and delivers each once it is back: none lost", { timeout: 330_000 }, async () => {
    // The port is fixed first, then the receiver goes away: connections to it are refused.
    await receiver.listen();
    await receiver.close();
    const url = `http://127.0.0.1:${receiver.port}/hooks`;

    const user = await lib.fixtures.createApiUser({ creditMicroUsd: 1_000_000 });
    const key = await lib.keys.authenticateRequest(new Request("http://localhost/", { headers: { authorization: `Bearer ${user.key}` } }));
    const model = await lib.catalog.getModel("moonshine-micro");
    if (!model) throw new Error("moonshine-micro is not in the catalog");
    const words = ["seven", "two", "nine", "four"];
    const outageStarted = Date.now();
    const jobs = [];
    for (const word of words) jobs.push(await lib.jobs.submitJob({ key, model, body: { audio_url: wordClip(word) }, mode: "queue", webhookUrl: url }));
    const ids = jobs.map((job) => lib.webhooks.deliveryIdFor(job.id));

    // Down: refusing connections until every delivery has failed twice that way, then answering 503
    // until each has been turned away once more and the outage has lasted OUTAGE_MS; then healthy.
    const attemptsOf = async () => {
      const rows = await lib.db.db.webhookDelivery.findMany({ where: { id: { in: ids } }, select: { attempts: true } });
      return rows.length === ids.length ? Math.min(...rows.map((row) => row.attempts)) : 0;
    };
    await until(attemptsOf, (fewest) => fewest >= 2, 60_000);
    receiver.mode = "error";
    await receiver.listen();
    await until(async () => ids.every((id) => receiver.hits.some((hit) => hit.headers["webhook-id"] === id)), (all) => all, 60_000);
    await new Promise((r) => setTimeout(r, Math.max(0, outageStarted + OUTAGE_MS - Date.now())));
    receiver.mode = "ok";
    const recovered = Date.now();

    const rows = await until(
      () => lib.db.db.webhookDelivery.findMany({ where: { id: { in: ids } }, include: { attemptLog: { orderBy: { number: "asc" } } } }),
      (list) => list.length === ids.length && list.every((row) => row.status === "delivered"),
      150_000,
    );
    // Stale or duplicate messages, if any, must not send again after success.
    await new Promise((r) => setTimeout(r, 3_000));

    // Each attempt was a pg-boss message on the deliveries queue (the database poller is the embedded queue's way).
    const messages = await lib.db.db.$queryRawUnsafe<{ id: string }[]>(
      `SELECT data->>'deliveryId' AS id FROM ${settings.PGBOSS_SCHEMA}.job WHERE name = 'webhook-deliveries'
       UNION ALL SELECT data->>'deliveryId' FROM ${settings.PGBOSS_SCHEMA}.archive WHERE name = 'webhook-deliveries'`,
    );
    for (const row of rows) expect(messages.filter((m) => m.id === row.id).length).toBeGreaterThanOrEqual(row.attempts);

    const secret = await lib.webhooks.webhookSecret(user.userId);
    for (const [index, row] of rows.sort((a, b) => ids.indexOf(a.id) - ids.indexOf(b.id)).entries()) {
      const hits = receiver.hits.filter((hit) => hit.headers["webhook-id"] === row.id);
      // Exactly one success, and it is the last thing the receiver saw of this delivery.
      expect(hits.filter((hit) => hit.answered === 200)).toHaveLength(1);
      expect(hits.at(-1)?.answered).toBe(200);
      expect(hits.at(-1)!.at).toBeGreaterThanOrEqual(recovered);
      // Every attempt the receiver saw: signed, same idempotency key, same body.
      for (const hit of hits) {
        expect(verifiedByRecipe(secret, hit.headers, hit.body, hit.at)).toBe(true);
        expect(hit.headers["idempotency-key"]).toBe(row.id);
      }
      expect(new Set(hits.map((hit) => hit.body)).size).toBe(1);
      expect(JSON.parse(hits[0]!.body)).toEqual({
        request_id: jobs[index]!.id,
        gateway_request_id: jobs[index]!.id,
        status: "OK",
        payload: { output: words[index], partial: false },
      });

      // The log: attempts 1..n, each once, refusals then 503s then the 200; the receiver saw each one that connected.
      const numbers = row.attemptLog.map((a) => a.number);
      expect(numbers).toEqual(Array.from({ length: row.attempts }, (_, i) => i + 1));
      expect(row.attempts).toBeGreaterThanOrEqual(5);
      const failures = row.attemptLog.slice(0, -1);
      expect(failures.every((a) => a.statusCode === 503 || (a.statusCode === null && /ECONNREFUSED|refused/i.test(a.error ?? "")))).toBe(true);
      expect(failures.some((a) => a.statusCode === null)).toBe(true);
      expect(row.attemptLog.at(-1)).toMatchObject({ statusCode: 200, trigger: "automatic" });
      expect(hits).toHaveLength(row.attemptLog.filter((a) => a.statusCode !== null).length);
      expect(row.attemptLog[0]!.statusCode).toBeNull();
      expect(row.attemptLog.some((a) => a.statusCode === 503)).toBe(true);
    }
  });

  it("queues again an attempt whose message was lost, and ignores a stale or duplicate one", { timeout: 120_000 }, async () => {
    const user = await lib.fixtures.createApiUser();
    const id = `msg_lost${Date.now()}`;
    const url = `http://127.0.0.1:${receiver.port}/lost`;
    receiver.mode = "ok";
    // A row whose first message never made it (the database blinked between the two writes): overdue.
    const body = JSON.stringify({ request_id: id, gateway_request_id: id, status: "OK", payload: { output: "seven", partial: false } });
    await lib.db.db.webhookDelivery.create({
      data: { id, userId: user.userId, queue: settings.QUEUE_NAME, url, payload: body, status: "pending", nextAttemptAt: new Date(Date.now() - 60_000) },
    });
    // What every web instance's job worker does each tick (at most every 10 s per process).
    await lib.webhooks.dispatchDueWebhooks(settings.QUEUE_NAME);
    const row = await until(() => lib.db.db.webhookDelivery.findUnique({ where: { id } }), (r) => r?.status === "delivered", 60_000);
    expect(row).toMatchObject({ attempts: 1, lastStatusCode: 200 });

    // Messages for an attempt already made, in-process and through pg-boss: nothing is sent again.
    await lib.webhooks.runScheduledAttempt({ deliveryId: id, attempt: 1 });
    await lib.deliveries.scheduleDeliveryAttempt({ deliveryId: id, attempt: 1 }, new Date());
    await lib.deliveries.scheduleDeliveryAttempt({ deliveryId: id, attempt: 2 }, new Date());
    await new Promise((r) => setTimeout(r, 3_000));
    const hits = receiver.hits.filter((hit) => hit.headers["webhook-id"] === id);
    expect(hits).toHaveLength(1);
    expect(hits[0]!.body).toBe(body);
    expect(verifiedByRecipe(await lib.webhooks.webhookSecret(user.userId), hits[0]!.headers, hits[0]!.body, hits[0]!.at)).toBe(true);
    expect(await lib.db.db.webhookAttempt.count({ where: { deliveryId: id } })).toBe(1);
  });

  it("sends a sign-in email queued while the mail server was down once it is back, sealed while queued", { timeout: 330_000 }, async () => {
    const address = `queued-${Date.now()}@example.com`;
    const link = `http://localhost:3000/api/auth/callback/nodemailer?token=tok${Date.now()}&email=${encodeURIComponent(address)}`;
    await lib.authEmail.sendSignInEmail({
      identifier: address,
      url: link,
      expires: new Date(Date.now() + 86_400_000),
      provider: { id: "nodemailer", type: "email", name: "Email", from: "gigarouter <signin@example.com>", server: settings.EMAIL_SERVER, maxAge: 86_400 } as never,
      token: "tok",
      theme: {},
      request: new Request("http://localhost/"),
    });

    // Queued, not sent (nothing listens on the SMTP port yet), and the link is not readable in the queue.
    const schema = settings.PGBOSS_SCHEMA;
    const queued = await lib.db.db.$queryRawUnsafe<{ data: unknown }[]>(`SELECT data FROM ${schema}.job WHERE name = 'email-send'`);
    expect(queued).toHaveLength(1);
    expect(JSON.stringify(queued[0]!.data)).not.toContain("token=");
    expect(JSON.stringify(queued[0]!.data)).not.toContain(address);

    // The first try fails while the server is away (the message waits in state "retry"); pg-boss tries again 10 s later.
    await until(
      () => lib.db.db.$queryRawUnsafe<{ state: string }[]>(`SELECT state::text FROM ${schema}.job WHERE name = 'email-send'`),
      (rows) => rows[0]?.state === "retry",
      30_000,
    );
    sink = await lib.sink.startSmtpSink({ port: SMTP_PORT });
    expect(await sink.waitForLink(address, { timeoutMs: 60_000 })).toBe(link);
    await new Promise((r) => setTimeout(r, 1_000));
    expect(sink.inbox(address)).toHaveLength(1);
    expect(sink.inbox(address)[0]!.subject).toBe("Your gigarouter sign-in link");
  });
});
