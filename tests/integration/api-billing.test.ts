/**
 * Money through the running API: 402 with the exact shortfall, per-key spend limits, and 100
 * concurrent requests at a balance that pays for only some of them — the balance never goes below
 * zero and every paid request is charged exactly once (the ledger's sums say so).
 */
import "./support";
import OpenAI, { toFile } from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditBalance, getBalance } from "@/lib/credits";
import { db } from "@/lib/db";
import { addKey, createApiUser, ledgerOf, spokenWord } from "@/tests/support/api-fixtures";
import { startApiServer, type ApiServer } from "@/tests/support/api-server";

let server: ApiServer;

beforeAll(async () => {
  server = await startApiServer({ port: 3402 });
});

afterAll(async () => {
  await server?.stop();
});

/** moonshine-micro, 1 s clip: ceil(1 s * $0.001/min) = 17 micro-dollars. */
const PRICE = 17;

const clientFor = (key: string) => new OpenAI({ apiKey: key, baseURL: server.baseURL, maxRetries: 0 });
const seven = () => toFile(spokenWord("seven"), "seven.wav", { type: "audio/wav" });

type Outcome = { ok: true; requestId: string } | { ok: false; status: number; code: string | null; requestId: string | null };

async function transcribe(client: OpenAI): Promise<Outcome> {
  try {
    const { response } = await client.audio.transcriptions.create({ file: await seven(), model: "moonshine-micro" }).withResponse();
    return { ok: true, requestId: response.headers.get("x-request-id")! };
  } catch (error) {
    if (!(error instanceof OpenAI.APIError)) throw error;
    return { ok: false, status: error.status as number, code: error.code ?? null, requestId: error.requestID ?? null };
  }
}

describe("credit", () => {
  it("answers 402 with the exact amount needed when the balance is short, and charges nothing", async () => {
    const user = await createApiUser({ creditMicroUsd: 10 });
    const error = await clientFor(user.key)
      .audio.transcriptions.create({ file: await seven(), model: "moonshine-micro" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    const apiError = error as InstanceType<typeof OpenAI.APIError>;
    expect(apiError.status).toBe(402);
    expect(apiError.code).toBe("insufficient_credit");
    expect(apiError.message).toContain("$0.000017");
    expect(apiError.message).toContain("$0.00001"); // the balance
    expect(apiError.message).toContain("$0.000007"); // what is missing
    expect(apiError.headers?.get("x-gigarouter-required-micro-usd")).toBe(String(PRICE));
    expect(apiError.headers?.get("x-gigarouter-available-micro-usd")).toBe("10");
    expect(await getBalance(user.userId)).toEqual({ availableMicroUsd: 10, heldMicroUsd: 0, totalMicroUsd: 10 });
    const row = await db.apiRequest.findUniqueOrThrow({ where: { id: apiError.requestID! } });
    expect(row).toMatchObject({ status: 402, errorCode: "insufficient_credit", costMicroUsd: 0n });
  });

  it("charges 100 concurrent requests at a balance for 30 exactly once each, never going below zero", async () => {
    const paidFor = 30;
    const credit = paidFor * PRICE + 5; // 515: the 31st request is 12 short
    const user = await createApiUser({ creditMicroUsd: credit });
    const client = clientFor(user.key);

    // Watch the balance while the burst runs: no observation may be negative.
    const observed: number[] = [];
    let bursting = true;
    const watcher = (async () => {
      while (bursting) {
        observed.push((await getBalance(user.userId)).availableMicroUsd);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    const outcomes = await Promise.all(Array.from({ length: 100 }, () => transcribe(client)));
    bursting = false;
    await watcher;

    const paid = outcomes.filter((o): o is Extract<Outcome, { ok: true }> => o.ok);
    const refused = outcomes.filter((o): o is Extract<Outcome, { ok: false }> => !o.ok);
    expect(paid).toHaveLength(paidFor);
    expect(refused).toHaveLength(100 - paidFor);
    for (const r of refused) expect(r).toMatchObject({ status: 402, code: "insufficient_credit" });
    expect(observed.every((available) => available >= 0)).toBe(true);

    const balance = await getBalance(user.userId);
    expect(balance).toEqual({ availableMicroUsd: credit - paidFor * PRICE, heldMicroUsd: 0, totalMicroUsd: credit - paidFor * PRICE });
    expect((await auditBalance(user.userId)).consistent).toBe(true);

    // Each paid request: one hold and one settle, together exactly the price. Refused ones: nothing.
    const ledger = await ledgerOf(user.userId);
    for (const { requestId } of paid) {
      const entries = ledger.filter((e) => e.reference === requestId);
      expect(entries.map((e) => e.kind).sort()).toEqual(["hold", "settle"]);
      expect(entries.reduce((sum, e) => sum + e.amountMicroUsd, 0)).toBe(-PRICE);
    }
    const refusedIds = new Set(refused.map((r) => r.requestId));
    expect(ledger.some((e) => e.reference !== null && refusedIds.has(e.reference))).toBe(false);
    const spent = ledger.filter((e) => e.kind !== "grant").reduce((sum, e) => sum + e.amountMicroUsd, 0);
    expect(spent).toBe(-paidFor * PRICE);

    // The request log agrees with the ledger.
    const logged = await db.apiRequest.groupBy({ by: ["status"], where: { userId: user.userId }, _count: { _all: true }, _sum: { costMicroUsd: true } });
    expect(logged.find((g) => g.status === 200)).toMatchObject({ _count: { _all: paidFor }, _sum: { costMicroUsd: BigInt(paidFor * PRICE) } });
    expect(logged.find((g) => g.status === 402)).toMatchObject({ _count: { _all: 100 - paidFor }, _sum: { costMicroUsd: 0n } });
  }, 240_000); // 100 real transcriptions: generous on a busy 2-core machine, whatever else runs beside it
});

describe("per-key spend limits", () => {
  it("stops a key at its limit while the balance still has credit, with a 402 that says so", async () => {
    const user = await createApiUser({ creditMicroUsd: 1_000_000 });
    const limited = await addKey(user.userId, { spendLimitMicroUsd: 2 * PRICE + 3 });
    const client = clientFor(limited.key);

    expect((await transcribe(client)).ok).toBe(true);
    expect((await transcribe(client)).ok).toBe(true);
    const third = await transcribe(client);
    expect(third).toMatchObject({ ok: false, status: 402, code: "key_spend_limit_reached" });

    const key = await db.apiKey.findUniqueOrThrow({ where: { id: limited.keyId } });
    expect(key.spentMicroUsd).toBe(BigInt(2 * PRICE));
    expect(key.heldMicroUsd).toBe(0n);
    // The user's other key is not limited.
    expect((await transcribe(clientFor(user.key))).ok).toBe(true);
  });

  it("holds the limit under 20 concurrent requests on one key", async () => {
    const user = await createApiUser({ creditMicroUsd: 1_000_000 });
    const limited = await addKey(user.userId, { spendLimitMicroUsd: 5 * PRICE });
    const client = clientFor(limited.key);
    const outcomes = await Promise.all(Array.from({ length: 20 }, () => transcribe(client)));
    expect(outcomes.filter((o) => o.ok)).toHaveLength(5);
    for (const o of outcomes.filter((x) => !x.ok)) expect(o).toMatchObject({ status: 402, code: "key_spend_limit_reached" });
    const key = await db.apiKey.findUniqueOrThrow({ where: { id: limited.keyId } });
    expect(key).toMatchObject({ spentMicroUsd: BigInt(5 * PRICE), heldMicroUsd: 0n });
    expect((await getBalance(user.userId)).availableMicroUsd).toBe(1_000_000 - 5 * PRICE);
  });
});
