/**
 * Webhooks as a receiver sees them: signed with the account's secret (checked here with the
 * documented recipe, written out independently of the server's code), the same idempotency key on
 * every retry, retried with backoff when the receiver fails, every attempt logged, given up after
 * WEBHOOK_MAX_ATTEMPTS, and replayable afterwards. The receiver runs on 127.0.0.1
 * (ALLOW_LOOPBACK_FETCH=1); retries start at 0.2 s instead of 10 s.
 */
import "./support";
import "./webhooks-env";
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { listDeliveries, replayDelivery, webhookSecret } from "@/lib/webhooks";
import { createApiUser, spokenWord, type ApiUser } from "@/tests/support/api-fixtures";
import { MOONSHINE_ID, startApiServer, type ApiServer } from "@/tests/support/api-server";
import { dataUri, falClientFor, localServer, waitFor, type LocalServer } from "./queue-support";

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  answered: number;
}

let server: ApiServer;
let receiver: LocalServer;
let user: ApiUser;
const received: Received[] = [];
/** Failures still to answer, per path, before answering 200. */
const failuresLeft = new Map<string, number>();

beforeAll(async () => {
  receiver = await localServer((request, response, body) => {
    const path = request.url ?? "/";
    const left = failuresLeft.get(path) ?? 0;
    const answered = left > 0 ? 500 : 200;
    if (left > 0) failuresLeft.set(path, left - 1);
    received.push({ path, headers: request.headers, body: body.toString("utf8"), answered });
    response.writeHead(answered, { "content-type": "text/plain" }).end(answered === 200 ? "ok" : "try later");
  });
  server = await startApiServer({
    port: 3504,
    env: {
      QUEUE_NAME: `webhooks-${randomBytes(4).toString("hex")}`,
      ALLOW_LOOPBACK_FETCH: "1",
      WEBHOOK_RETRY_BASE_SECONDS: "0.2",
      WEBHOOK_MAX_ATTEMPTS: "4",
      // Long enough to cancel a job before it finishes.
      QUEUE_TEST_RUN_DELAY_MS: "1500",
      // `next start` is production mode, where Auth.js needs a secret (for the account page test).
      AUTH_SECRET: "webhooks-test-secret-0123456789abcdef0123456789",
    },
  });
  user = await createApiUser({ creditMicroUsd: 1_000_000 });
});

afterAll(async () => {
  await server?.stop();
  await receiver?.close();
});

/** The receiver's check, exactly as the README documents it. */
function verifiedByRecipe(secret: string, message: Received, now = Date.now()): boolean {
  const id = String(message.headers["webhook-id"]);
  const timestamp = String(message.headers["webhook-timestamp"]);
  const signatures = String(message.headers["webhook-signature"]).split(" ");
  if (Math.abs(now / 1000 - Number(timestamp)) > 300) return false;
  const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
  const expected = Buffer.from(`v1,${createHmac("sha256", key).update(`${id}.${timestamp}.${message.body}`).digest("base64")}`);
  return signatures.some((s) => Buffer.from(s).length === expected.length && timingSafeEqual(Buffer.from(s), expected));
}

function deliveriesTo(path: string): Received[] {
  return received.filter((r) => r.path === path);
}

async function submitWithWebhook(path: string): Promise<string> {
  const fal = falClientFor(server.origin, user.key);
  const { request_id } = await fal.queue.submit(MOONSHINE_ID, {
    input: { audio_url: dataUri(spokenWord("seven")) },
    webhookUrl: `${receiver.origin}${path}`,
  });
  return request_id;
}

describe("webhooks", () => {
  it("retries a failing receiver with the same idempotency key, each attempt signed and logged", async () => {
    failuresLeft.set("/flaky", 2);
    const requestId = await submitWithWebhook("/flaky");
    const messages = await waitFor(
      async () => deliveriesTo("/flaky"),
      (list) => list.some((m) => m.answered === 200),
    );
    expect(messages.map((m) => m.answered)).toEqual([500, 500, 200]);

    const secret = await webhookSecret(user.userId);
    for (const message of messages) {
      expect(verifiedByRecipe(secret, message)).toBe(true);
      expect(message.headers["content-type"]).toBe("application/json");
    }
    const ids = new Set(messages.map((m) => m.headers["webhook-id"]));
    expect(ids.size).toBe(1);
    expect(messages.every((m) => m.headers["idempotency-key"] === m.headers["webhook-id"])).toBe(true);
    expect(new Set(messages.map((m) => m.body)).size).toBe(1);
    expect(JSON.parse(messages[0]!.body)).toEqual({
      request_id: requestId,
      gateway_request_id: requestId,
      status: "OK",
      payload: { output: "seven", partial: false },
    });

    // A receiver's check fails for a changed body, another secret, or an old timestamp.
    const tampered = { ...messages[2]!, body: messages[2]!.body.replace("seven", "eight") };
    expect(verifiedByRecipe(secret, tampered)).toBe(false);
    expect(verifiedByRecipe(`whsec_${randomBytes(32).toString("base64")}`, messages[2]!)).toBe(false);
    expect(verifiedByRecipe(secret, messages[2]!, Date.now() + 10 * 60_000)).toBe(false);

    const [delivery] = (await listDeliveries(user.userId)).filter((d) => d.jobId === requestId);
    expect(delivery).toMatchObject({ status: "delivered", attempts: 3, id: messages[0]!.headers["webhook-id"] });
    expect(delivery!.history.map((a) => [a.number, a.statusCode, a.trigger])).toEqual([
      [3, 200, "automatic"],
      [2, 500, "automatic"],
      [1, 500, "automatic"],
    ]);
  });

  it("reports failed and cancelled requests with status ERROR", async () => {
    const requestId = await submitWithWebhook("/errors");
    const cancel = await fetch(`${server.origin}/queue/${MOONSHINE_ID}/requests/${requestId}/cancel`, {
      method: "PUT",
      headers: { authorization: `Key ${user.key}` },
    });
    expect(cancel.status).toBe(202);
    const [message] = await waitFor(
      async () => deliveriesTo("/errors"),
      (list) => list.length > 0,
    );
    expect(JSON.parse(message!.body)).toMatchObject({ request_id: requestId, status: "ERROR", error: expect.stringMatching(/cancelled/) });
    expect(verifiedByRecipe(await webhookSecret(user.userId), message!)).toBe(true);
  });

  it("gives up after the last attempt, and can be replayed from the account page with the same id", async () => {
    failuresLeft.set("/down", 1000);
    const requestId = await submitWithWebhook("/down");
    const id = `msg_${requestId.replaceAll("-", "")}`;
    const failed = await waitFor(
      () => db.webhookDelivery.findUnique({ where: { id } }),
      (row) => row?.status === "failed",
    );
    expect(failed).toMatchObject({ attempts: 4, lastStatusCode: 500, nextAttemptAt: null });
    expect(deliveriesTo("/down")).toHaveLength(4);

    failuresLeft.set("/down", 0);
    const replay = await replayDelivery(user.userId, id);
    expect(replay).toMatchObject({ delivered: true, statusCode: 200 });
    const all = deliveriesTo("/down");
    expect(all).toHaveLength(5);
    expect(all[4]!.headers["webhook-id"]).toBe(id);
    expect(verifiedByRecipe(await webhookSecret(user.userId), all[4]!)).toBe(true);
    const [view] = (await listDeliveries(user.userId)).filter((d) => d.id === id);
    expect(view).toMatchObject({ status: "delivered", attempts: 5 });
    expect(view!.history[0]).toMatchObject({ number: 5, trigger: "replay", statusCode: 200 });

    // Someone else's delivery cannot be replayed.
    const stranger = await createApiUser();
    await expect(replayDelivery(stranger.userId, id)).rejects.toMatchObject({ status: 404 });
  });

  it("never calls a private address, and does not retry one", async () => {
    const fal = falClientFor(server.origin, user.key);
    const { request_id } = await fal.queue.submit(MOONSHINE_ID, {
      input: { audio_url: dataUri(spokenWord("seven")) },
      webhookUrl: "http://169.254.169.254/latest/meta-data/",
    });
    const row = await waitFor(
      () => db.webhookDelivery.findUnique({ where: { id: `msg_${request_id.replaceAll("-", "")}` } }),
      (r) => r?.status === "failed",
    );
    expect(row).toMatchObject({ attempts: 1, lastStatusCode: null });
    expect(row!.lastError).toMatch(/link-local/);
  });

  it("shows the account page's webhooks: the secret, each delivery with its attempts, a replay button", async () => {
    // A database session, as Auth.js keeps them, stands in for a sign-in.
    const sessionToken = randomBytes(24).toString("hex");
    await db.session.create({ data: { sessionToken, userId: user.userId, expires: new Date(Date.now() + 3_600_000) } });
    const page = await fetch(`${server.origin}/account`, { headers: { cookie: `authjs.session-token=${sessionToken}` } });
    expect(page.status).toBe(200);
    const html = await page.text();
    const section = html.slice(html.indexOf('id="webhooks"'));
    expect(section).toContain(await webhookSecret(user.userId));
    const deliveries = await listDeliveries(user.userId);
    expect(deliveries.length).toBeGreaterThanOrEqual(3);
    for (const delivery of deliveries) expect(section).toContain(`value="${delivery.id}"`);
    expect(section).toContain(`${receiver.origin}/flaky`);
    expect(section).toContain("Replay");
    // The attempts, with how each was triggered and answered (React splits text nodes with comments).
    const text = section.replaceAll("<!-- -->", "");
    expect(text).toContain("automatic · HTTP 500");
    expect(text).toContain("replay · HTTP 200");
  });
});
