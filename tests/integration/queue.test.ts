/**
 * The queue API as the seed page's users meet it: fal's own JavaScript client (@fal-ai/client,
 * pinned), unchanged except for its documented requestMiddleware pointing it at gigarouter, against
 * the built site served by `next start`. Submit -> status -> result, logs, queue position, cost, the
 * synchronous and streaming run endpoints, the status stream, and what each costs on the ledger.
 */
import "./support";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getBalance } from "@/lib/credits";
import { db } from "@/lib/db";
import { createApiUser, ledgerOf, spokenWord, type ApiUser } from "@/tests/support/api-fixtures";
import { MOONSHINE_ID, startApiServer, type ApiServer } from "@/tests/support/api-server";
import { dataUri, falClientFor, waitFor, type FalErrorBody } from "./queue-support";

let server: ApiServer;
let user: ApiUser;

// moonshine-micro: $0.001 per minute -> a 1 s clip bills 1 s = ceil(1000 / 60) = 17 micro-dollars.
const ONE_SECOND = 17;

beforeAll(async () => {
  server = await startApiServer({ port: 3500, env: { QUEUE_NAME: `queue-flow-${randomBytes(4).toString("hex")}` } });
  user = await createApiUser({ creditMicroUsd: 1_000_000 });
});

afterAll(async () => {
  await server?.stop();
});

const seven = () => dataUri(spokenWord("seven"));

async function entriesFor(requestId: string) {
  return (await ledgerOf(user.userId)).filter((e) => e.reference === requestId);
}

async function expectChargedOnce(requestId: string) {
  const entries = await waitFor(
    () => entriesFor(requestId),
    (rows) => rows.length >= 2,
  );
  expect(entries.map((e) => e.kind)).toEqual(["hold", "settle"]);
  expect(entries[0]!.amountMicroUsd + entries[1]!.amountMicroUsd).toBe(-ONE_SECOND);
}

describe("fal.subscribe: submit -> status -> result", () => {
  it("transcribes, reports progress with logs, and charges exactly once", async () => {
    const fal = falClientFor(server.origin, user.key);
    const before = await getBalance(user.userId);
    const updates: { status: string; logs?: { message: string }[] }[] = [];
    let enqueued = "";
    const result = await fal.subscribe(MOONSHINE_ID, {
      input: { audio_url: seven() },
      logs: true,
      pollInterval: 100,
      onEnqueue: (id) => (enqueued = id),
      onQueueUpdate: (update) => updates.push(update as (typeof updates)[number]),
    });

    expect(result.data).toEqual({ output: "seven", partial: false });
    expect(result.requestId).toBe(enqueued);
    expect(result.requestId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    const last = updates.at(-1)!;
    expect(last.status).toBe("COMPLETED");
    const messages = last.logs!.map((log) => log.message).join("\n");
    expect(messages).toMatch(/Accepted: 1\.00 s of audio/);
    expect(messages).toMatch(/Completed/);

    await expectChargedOnce(result.requestId);
    await waitFor(
      () => getBalance(user.userId),
      (b) => b.heldMicroUsd === 0,
    );
    expect(before.availableMicroUsd - (await getBalance(user.userId)).availableMicroUsd).toBe(ONE_SECOND);
    const logged = await waitFor(
      () => db.apiRequest.findUnique({ where: { id: result.requestId } }),
      (row) => row !== null,
    );
    expect(logged).toMatchObject({ status: 200, model: MOONSHINE_ID, billedSeconds: 1, costMicroUsd: BigInt(ONE_SECOND), responseFormat: "queue" });
  });

  it("keeps the result and the final status retrievable by request id, with metrics and cost", async () => {
    const fal = falClientFor(server.origin, user.key);
    const { request_id } = await fal.queue.submit(MOONSHINE_ID, { input: { audio_url: seven() } });
    await fal.queue.subscribeToStatus(MOONSHINE_ID, { requestId: request_id, pollInterval: 100 });

    const status = (await fal.queue.status(MOONSHINE_ID, { requestId: request_id, logs: true })) as unknown as Record<string, unknown>;
    expect(status).toMatchObject({
      status: "COMPLETED",
      request_id,
      response_url: `${server.origin}/queue/${MOONSHINE_ID}/requests/${request_id}`,
      metrics: { inference_time: expect.any(Number) },
    });
    await waitFor(
      async () => (await fal.queue.status(MOONSHINE_ID, { requestId: request_id })) as unknown as { billing: { state: string } },
      (s) => s.billing.state === "charged",
    );
    const charged = (await fal.queue.status(MOONSHINE_ID, { requestId: request_id })) as unknown as { billing: unknown };
    expect(charged.billing).toEqual({ audio_seconds: 1, billed_seconds: 1, state: "charged", amount_usd: ONE_SECOND / 1e6 });

    // Twice, later: the result does not go away once read.
    for (let i = 0; i < 2; i++) {
      const again = await fal.queue.result(MOONSHINE_ID, { requestId: request_id });
      expect(again).toEqual({ data: { output: "seven", partial: false }, requestId: request_id });
    }
  });
});

describe("the protocol over plain HTTP", () => {
  it("accepts Bearer as well as Key, answers IN_QUEUE with a position, the URLs and the price held", async () => {
    const response = await fetch(`${server.origin}/queue/${MOONSHINE_ID}`, {
      method: "POST",
      headers: { authorization: `Bearer ${user.key}`, "content-type": "application/json" },
      body: JSON.stringify({ audio_url: dataUri(spokenWord("nine")), language: "en-US", acceleration: "high" }),
    });
    expect(response.status).toBe(200);
    const submitted = (await response.json()) as Record<string, unknown>;
    const id = submitted.request_id as string;
    expect(response.headers.get("x-fal-request-id")).toBe(id);
    expect(submitted).toEqual({
      status: "IN_QUEUE",
      request_id: id,
      response_url: `${server.origin}/queue/${MOONSHINE_ID}/requests/${id}`,
      status_url: `${server.origin}/queue/${MOONSHINE_ID}/requests/${id}/status`,
      cancel_url: `${server.origin}/queue/${MOONSHINE_ID}/requests/${id}/cancel`,
      queue_position: expect.any(Number),
      billing: { audio_seconds: 1, billed_seconds: null, state: "held", amount_usd: ONE_SECOND / 1e6 },
    });

    // Status: 202 while waiting or running, 200 once completed (fal's codes).
    const final = await waitFor(
      () => fetch(submitted.status_url as string, { headers: { authorization: `Key ${user.key}` } }),
      (r) => r.status === 200,
    );
    expect(((await final.json()) as { status: string }).status).toBe("COMPLETED");
    const result = await fetch(submitted.response_url as string, { headers: { authorization: `Bearer ${user.key}` } });
    expect(await result.json()).toEqual({ output: "nine", partial: false });
  });

  it("accepts the model's short name and fal's /asr sub-endpoint on submit", async () => {
    for (const path of ["moonshine-micro", `${MOONSHINE_ID}/asr`]) {
      const response = await fetch(`${server.origin}/queue/${path}`, {
        method: "POST",
        headers: { authorization: `Key ${user.key}`, "content-type": "application/json" },
        body: JSON.stringify({ audio_url: seven() }),
      });
      expect(response.status, path).toBe(200);
      expect(((await response.json()) as { response_url: string }).response_url).toContain(`/queue/${MOONSHINE_ID}/requests/`);
    }
  });

  it("does not show one account's request to another", async () => {
    const fal = falClientFor(server.origin, user.key);
    const { request_id } = await fal.queue.submit(MOONSHINE_ID, { input: { audio_url: seven() } });
    const stranger = await createApiUser({ creditMicroUsd: 1000 });
    for (const suffix of ["/status", ""]) {
      const response = await fetch(`${server.origin}/queue/${MOONSHINE_ID}/requests/${request_id}${suffix}`, {
        headers: { authorization: `Key ${stranger.key}` },
      });
      expect(response.status).toBe(404);
      expect(((await response.json()) as FalErrorBody).detail).toBe("Request not found.");
    }
    const cancel = await fetch(`${server.origin}/queue/${MOONSHINE_ID}/requests/${request_id}/cancel`, {
      method: "PUT",
      headers: { authorization: `Key ${stranger.key}` },
    });
    expect(cancel.status).toBe(404);
    expect(((await cancel.json()) as { status: string }).status).toBe("NOT_FOUND");
  });
});

describe("status stream", () => {
  it("sends status events until COMPLETED (fal.queue.streamStatus)", async () => {
    const fal = falClientFor(server.origin, user.key);
    const { request_id } = await fal.queue.submit(MOONSHINE_ID, { input: { audio_url: seven() } });
    const stream = await fal.queue.streamStatus(MOONSHINE_ID, { requestId: request_id, logs: true });
    const seen: string[] = [];
    stream.on("data", (status: { status: string }) => seen.push(status.status));
    const done = (await stream.done()) as { status: string; logs: unknown[] };
    expect(done.status).toBe("COMPLETED");
    expect(done.logs.length).toBeGreaterThan(0);
    expect(seen.at(-1)).toBe("COMPLETED");
  });

  it("works for fal.subscribe in streaming mode too", async () => {
    const fal = falClientFor(server.origin, user.key);
    const result = await fal.subscribe(MOONSHINE_ID, { input: { audio_url: dataUri(spokenWord("nine")) }, mode: "streaming" });
    expect(result.data).toEqual({ output: "nine", partial: false });
  });
});

describe("run endpoints", () => {
  it("fal.run answers synchronously; the result is also kept under its request id", async () => {
    const fal = falClientFor(server.origin, user.key);
    const result = await fal.run(MOONSHINE_ID, { input: { audio_url: seven() } });
    expect(result.data).toEqual({ output: "seven", partial: false });
    expect(result.requestId).toMatch(/^[0-9a-f-]{36}$/);
    await expectChargedOnce(result.requestId);
    const kept = await fal.queue.result(MOONSHINE_ID, { requestId: result.requestId });
    expect(kept.data).toEqual({ output: "seven", partial: false });
  });

  it("fal.stream sends partial results, then the final one", async () => {
    const fal = falClientFor(server.origin, user.key);
    const stream = await fal.stream(MOONSHINE_ID, { input: { audio_url: seven() } });
    const events: { output: string; partial: boolean }[] = [];
    for await (const event of stream) events.push(event as (typeof events)[number]);
    const done = await stream.done();

    expect(events.length).toBeGreaterThanOrEqual(2);
    expect(events.slice(0, -1).every((e) => e.partial)).toBe(true);
    expect(events.at(-1)).toEqual({ output: "seven", partial: false });
    expect(done).toEqual({ output: "seven", partial: false });
    expect(stream.requestId).toMatch(/^[0-9a-f-]{36}$/);
    await expectChargedOnce(stream.requestId!);
    const logged = await waitFor(
      () => db.apiRequest.findUnique({ where: { id: stream.requestId! } }),
      (row) => row !== null,
    );
    expect(logged).toMatchObject({ stream: true, responseFormat: "stream", status: 200 });
  });

  it("streams over plain HTTP as server-sent events", async () => {
    const response = await fetch(`${server.origin}/run/${MOONSHINE_ID}/stream`, {
      method: "POST",
      headers: { authorization: `Key ${user.key}`, "content-type": "application/json", accept: "text/event-stream" },
      body: JSON.stringify({ audio_url: seven() }),
    });
    expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const text = await response.text();
    const events = text
      .split("\n\n")
      .filter((block) => block.startsWith("data: "))
      .map((block) => JSON.parse(block.slice("data: ".length)) as { partial: boolean });
    expect(events[0]!.partial).toBe(true);
    expect(events.at(-1)).toEqual({ output: "seven", partial: false });
  });
});
