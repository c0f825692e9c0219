/**
 * Cancelling: a queued job leaves the queue, a running job is stopped, and either way the hold on the
 * balance (and on the key's spend limit) is released in full. One worker (QUEUE_CONCURRENCY=1) and a
 * test-only pause before the engine runs (QUEUE_TEST_RUN_DELAY_MS) keep jobs queued and running long
 * enough to cancel them in each state, and make the queue positions predictable.
 */
import "./support";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getBalance } from "@/lib/credits";
import { db } from "@/lib/db";
import { createApiUser, ledgerOf, spokenWord, type ApiUser } from "@/tests/support/api-fixtures";
import { MOONSHINE_ID, startApiServer, type ApiServer } from "@/tests/support/api-server";
import { dataUri, falClientFor, jobInState, waitFor, type FalErrorBody } from "./queue-support";

let server: ApiServer;
let user: ApiUser;
const CREDIT = 1_000_000;

beforeAll(async () => {
  server = await startApiServer({
    port: 3502,
    env: { QUEUE_NAME: `queue-cancel-${randomBytes(4).toString("hex")}`, QUEUE_CONCURRENCY: "1", QUEUE_TEST_RUN_DELAY_MS: "120000" },
  });
  user = await createApiUser({ creditMicroUsd: CREDIT, key: { spendLimitMicroUsd: 500 } });
});

afterAll(async () => {
  await server?.stop();
});

interface Submitted {
  request_id: string;
  queue_position: number;
  status_url: string;
  cancel_url: string;
  response_url: string;
}

async function submit(): Promise<Submitted> {
  const response = await fetch(`${server.origin}/queue/${MOONSHINE_ID}`, {
    method: "POST",
    headers: { authorization: `Key ${user.key}`, "content-type": "application/json" },
    body: JSON.stringify({ audio_url: dataUri(spokenWord("seven")) }),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as Submitted;
}

async function get(url: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(url, { headers: { authorization: `Key ${user.key}` } });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function cancel(job: Submitted): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(job.cancel_url, { method: "PUT", headers: { authorization: `Key ${user.key}` } });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function kindsFor(requestId: string): Promise<string[]> {
  return (await ledgerOf(user.userId)).filter((e) => e.reference === requestId).map((e) => e.kind);
}

describe("cancel", () => {
  let running: Submitted;
  let first: Submitted;
  let second: Submitted;

  it("shows queue positions behind a running job", async () => {
    running = await submit();
    await jobInState(running.request_id, ["running"]);
    expect((await get(running.status_url)).body.status).toBe("IN_PROGRESS");

    first = await submit();
    second = await submit();
    expect(first.queue_position).toBe(0);
    expect(second.queue_position).toBe(1);
    const status = await get(second.status_url);
    expect(status.status).toBe(202);
    expect(status.body).toMatchObject({ status: "IN_QUEUE", queue_position: 1 });
    // Three holds of 17 micro-dollars are open.
    expect((await getBalance(user.userId)).heldMicroUsd).toBe(3 * 17);
  });

  it("takes a queued job out of the queue and releases its hold", async () => {
    const response = await cancel(first);
    expect(response).toEqual({ status: 202, body: { status: "CANCELLATION_REQUESTED" } });
    expect(await kindsFor(first.request_id)).toEqual(["hold", "release"]);

    const status = await get(first.status_url);
    expect(status.status).toBe(200);
    expect(status.body).toMatchObject({ status: "COMPLETED", error_type: "cancelled", billing: { state: "refunded", amount_usd: 0 } });
    const result = await get(first.response_url);
    expect(result.status).toBe(400);
    expect((result.body as unknown as FalErrorBody).code).toBe("cancelled");
    // The job behind it moved up.
    expect((await get(second.status_url)).body.queue_position).toBe(0);
  });

  it("stops a running job and releases its hold; the next job starts", async () => {
    const fal = falClientFor(server.origin, user.key);
    await fal.queue.cancel(MOONSHINE_ID, { requestId: running.request_id });
    expect(await kindsFor(running.request_id)).toEqual(["hold", "release"]);
    expect((await get(running.status_url)).body).toMatchObject({ status: "COMPLETED", error_type: "cancelled" });
    await jobInState(second.request_id, ["running"]);
  });

  it("says ALREADY_COMPLETED for a finished job and changes nothing", async () => {
    const again = await cancel(running);
    expect(again.status).toBe(400);
    expect(again.body.status).toBe("ALREADY_COMPLETED");
    expect(await kindsFor(running.request_id)).toEqual(["hold", "release"]);
  });

  it("leaves nothing held on the balance or the key once everything is cancelled", async () => {
    expect((await cancel(second)).status).toBe(202);
    const balance = await waitFor(
      () => getBalance(user.userId),
      (b) => b.heldMicroUsd === 0,
    );
    expect(balance.availableMicroUsd).toBe(CREDIT);
    expect(await db.apiKey.findUniqueOrThrow({ where: { id: user.keyId } })).toMatchObject({ heldMicroUsd: 0n, spentMicroUsd: 0n });
    const logged = await db.apiRequest.findMany({ where: { id: { in: [running.request_id, first.request_id, second.request_id] } } });
    expect(logged.map((r) => [r.status, r.errorCode, Number(r.costMicroUsd)])).toEqual([
      [499, "cancelled", 0],
      [499, "cancelled", 0],
      [499, "cancelled", 0],
    ]);
  });
});
