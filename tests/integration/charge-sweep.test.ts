/**
 * The sweep that gives back credit held by /v1 requests that never finished: a request whose process
 * died leaves a "running" row; one cut off by a database outage between its hold and its row leaves a
 * hold no row points at. Both come back once old enough; nothing else is touched: a finished
 * request, a recent one, a queue job's hold, a realtime session's hold.
 */
import "./support";
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { keySpendRemaining, reserveKeySpend } from "@/lib/api-keys";
import { getBalance, placeHold } from "@/lib/credits";
import { db } from "@/lib/db";
import { newRequestId } from "@/lib/errors";
import { recordRequest, RUNNING_STATUS, sweepAbandonedCharges } from "@/lib/metering";
import { createApiUser, ledgerOf } from "@/tests/support/api-fixtures";

const HELD = 20_000;

async function hold(userId: string, reference: string): Promise<string> {
  return (await placeHold({ userId, amountMicroUsd: HELD, reference, reason: "test hold" })).holdId;
}

function runningRow(user: { userId: string; keyId: string }, id: string, holdId: string) {
  return recordRequest({
    id,
    userId: user.userId,
    apiKeyId: user.keyId,
    apiKeyName: "test key",
    endpoint: "transcription",
    model: "moonshine-ai/moonshine-micro",
    stream: false,
    status: RUNNING_STATUS,
    costMicroUsd: HELD,
    holdId,
    latencyMs: 0,
  });
}

const closed = async (userId: string) =>
  new Set((await ledgerOf(userId)).filter((e) => e.kind === "release" || e.kind === "settle").map((e) => e.closesHoldId));

describe("sweeping abandoned charges", () => {
  it("releases a dead request's hold and a row-less request hold once old enough, and nothing else", async () => {
    const user = await createApiUser({ creditMicroUsd: 1_000_000 });
    // This account only: other test files' holds share the database.
    const mine = { userId: user.userId };
    const deadRequest = newRequestId();
    const deadHold = await hold(user.userId, deadRequest);
    await runningRow(user, deadRequest, deadHold);
    const rowless = await hold(user.userId, newRequestId());
    const finishedRequest = newRequestId();
    const finishedHold = await hold(user.userId, finishedRequest);
    await runningRow(user, finishedRequest, finishedHold);
    await recordRequest({ id: finishedRequest, userId: user.userId, apiKeyId: user.keyId, apiKeyName: "test key", endpoint: "transcription", model: "m", stream: false, status: 200, holdId: finishedHold, latencyMs: 5 });
    const queueJob = await hold(user.userId, randomUUID());
    const realtime = await hold(user.userId, `rt_${randomUUID()}`);
    expect((await getBalance(user.userId)).heldMicroUsd).toBe(5 * HELD);

    // Too recent: nothing moves.
    expect(await sweepAbandonedCharges(new Date(Date.now() - 60_000), mine)).toEqual({ requests: 0, rowlessHolds: 0 });
    expect((await getBalance(user.userId)).heldMicroUsd).toBe(5 * HELD);

    const later = new Date(Date.now() + 1_000);
    expect(await sweepAbandonedCharges(later, mine)).toEqual({ requests: 1, rowlessHolds: 1 });
    const released = await closed(user.userId);
    expect(released.has(deadHold)).toBe(true);
    expect(released.has(rowless)).toBe(true);
    for (const untouched of [finishedHold, queueJob, realtime]) expect(released.has(untouched)).toBe(false);
    expect((await getBalance(user.userId)).heldMicroUsd).toBe(3 * HELD);
    expect(await db.apiRequest.findUnique({ where: { id: deadRequest } })).toMatchObject({ status: 500, errorCode: "abandoned" });

    // Swept once: a second pass (another instance's) finds nothing more.
    expect(await sweepAbandonedCharges(later, mine)).toEqual({ requests: 0, rowlessHolds: 0 });
    expect((await getBalance(user.userId)).heldMicroUsd).toBe(3 * HELD);
  });

  it("gives a row-less request's key back the spend it reserved, once", async () => {
    const user = await createApiUser({ creditMicroUsd: 1_000_000 });
    const mine = { userId: user.userId };
    await db.apiKey.update({ where: { id: user.keyId }, data: { spendLimitMicroUsd: 50_000n } });
    // What /v1 does before the outage cut it off: reserve on the key, then hold naming the key.
    expect(await reserveKeySpend(user.keyId, HELD)).toBe(true);
    await placeHold({ userId: user.userId, amountMicroUsd: HELD, reference: newRequestId(), reason: "test hold", apiKeyId: user.keyId });
    expect(await keySpendRemaining(user.keyId)).toEqual({ limitMicroUsd: 50_000, remainingMicroUsd: 50_000 - HELD });

    const later = new Date(Date.now() + 1_000);
    expect(await sweepAbandonedCharges(later, mine)).toEqual({ requests: 0, rowlessHolds: 1 });
    expect(await keySpendRemaining(user.keyId)).toEqual({ limitMicroUsd: 50_000, remainingMicroUsd: 50_000 });
    expect(await sweepAbandonedCharges(later, mine)).toEqual({ requests: 0, rowlessHolds: 0 });
    expect(await db.apiKey.findUnique({ where: { id: user.keyId }, select: { heldMicroUsd: true } })).toEqual({ heldMicroUsd: 0n });
  });
});
