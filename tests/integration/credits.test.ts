import { unique } from "./support";
import { describe, expect, it } from "vitest";
import {
  InsufficientCreditError,
  auditBalance,
  entriesCsv,
  getBalance,
  grantCredit,
  listEntries,
  placeHold,
  releaseHold,
  settleHold,
  adjustCredit,
} from "@/lib/credits";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";

async function newUser(): Promise<string> {
  const user = await db.user.create({ data: { email: `${unique("credits")}@example.com` } });
  return user.id;
}

/** A user holding `microUsd` of granted credit. */
async function userWith(microUsd: number): Promise<string> {
  const userId = await newUser();
  await grantCredit({ userId, amountMicroUsd: microUsd, reason: "test credit", reference: unique("grant") });
  return userId;
}

async function expectConsistent(userId: string) {
  const audit = await auditBalance(userId);
  expect(audit.ledger).toEqual(audit.wallet);
  return audit.wallet;
}

describe("credits ledger", () => {
  it("adds granted credit once per reference and derives the balance from the entries", async () => {
    const userId = await newUser();
    expect(await getBalance(userId)).toEqual({ availableMicroUsd: 0, heldMicroUsd: 0, totalMicroUsd: 0 });

    const first = await grantCredit({ userId, amountMicroUsd: 1_000_000, reason: "welcome", reference: "promo-1" });
    const again = await grantCredit({ userId, amountMicroUsd: 1_000_000, reason: "welcome", reference: "promo-1" });
    expect(first.created).toBe(true);
    expect(again).toEqual({ entryId: first.entryId, created: false });
    await grantCredit({ userId, amountMicroUsd: 250_000, reason: "second promo", reference: "promo-2" });

    expect(await expectConsistent(userId)).toEqual({ availableMicroUsd: 1_250_000, heldMicroUsd: 0, totalMicroUsd: 1_250_000 });
    expect(await db.ledgerEntry.count({ where: { userId } })).toBe(2);
  });

  it("a hold reserves, its settle charges the actual cost and gives back the rest — once", async () => {
    const userId = await userWith(1_000_000);
    const { holdId } = await placeHold({ userId, amountMicroUsd: 10_000, reference: "req_a", reason: "Transcription" });
    expect(await getBalance(userId)).toEqual({ availableMicroUsd: 990_000, heldMicroUsd: 10_000, totalMicroUsd: 1_000_000 });

    const settled = await settleHold(holdId, 3_400);
    expect(settled).toMatchObject({ chargedMicroUsd: 3_400, releasedMicroUsd: 6_600, uncollectedMicroUsd: 0, alreadySettled: false });
    expect(await expectConsistent(userId)).toEqual({ availableMicroUsd: 996_600, heldMicroUsd: 0, totalMicroUsd: 996_600 });

    // Settling again, or releasing after the settle, changes nothing.
    expect(await settleHold(holdId, 9_000)).toMatchObject({ chargedMicroUsd: 3_400, alreadySettled: true });
    expect(await releaseHold(holdId, "late failure")).toMatchObject({ released: false, closedBy: "settle" });
    expect((await getBalance(userId)).availableMicroUsd).toBe(996_600);

    const [settle, hold] = await listEntries(userId, { kinds: ["hold", "settle"] });
    expect(settle).toMatchObject({ kind: "settle", chargedMicroUsd: 3_400, amountMicroUsd: 6_600, holdId, reference: "req_a" });
    expect(hold).toMatchObject({ kind: "hold", amountMicroUsd: -10_000, holdId });
  });

  it("never charges more than the hold, and says how much went uncollected", async () => {
    const userId = await userWith(50_000);
    const { holdId } = await placeHold({ userId, amountMicroUsd: 20_000, reference: "req_big", reason: "Long audio" });
    const settled = await settleHold(holdId, 35_000);
    expect(settled).toMatchObject({ chargedMicroUsd: 20_000, releasedMicroUsd: 0, uncollectedMicroUsd: 15_000 });
    expect((await expectConsistent(userId)).availableMicroUsd).toBe(30_000);
  });

  it("a release gives the whole hold back; a settle after it is refused and charges nothing", async () => {
    const userId = await userWith(100_000);
    const { holdId } = await placeHold({ userId, amountMicroUsd: 40_000, reference: "req_fail", reason: "Transcription" });
    expect(await releaseHold(holdId, "engine error")).toMatchObject({ released: true, releasedMicroUsd: 40_000 });
    expect(await releaseHold(holdId, "engine error")).toMatchObject({ released: false, releasedMicroUsd: 0 });

    const refused = await settleHold(holdId, 1_000).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({ status: 409, code: "hold_released" });
    expect(await expectConsistent(userId)).toEqual({ availableMicroUsd: 100_000, heldMicroUsd: 0, totalMicroUsd: 100_000 });
  });

  it("refuses a hold larger than the balance with 402 naming the amounts, and records nothing", async () => {
    const userId = await userWith(5_000);
    const error = await placeHold({ userId, amountMicroUsd: 12_000, reference: "req_x", reason: "x" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InsufficientCreditError);
    const insufficient = error as InsufficientCreditError;
    expect(insufficient.status).toBe(402);
    expect(insufficient.type).toBe("insufficient_quota");
    expect(insufficient.shortfallMicroUsd).toBe(7_000);
    expect(insufficient.message).toContain("$0.012");
    expect(insufficient.message).toContain("$0.007");
    expect(await db.ledgerEntry.count({ where: { userId, kind: "hold" } })).toBe(0);
    expect((await getBalance(userId)).availableMicroUsd).toBe(5_000);
  });

  it("places a hold once per reference, even when asked twice at the same moment", async () => {
    const userId = await userWith(100_000);
    const results = await Promise.all(
      Array.from({ length: 10 }, () => placeHold({ userId, amountMicroUsd: 30_000, reference: "req_dup", reason: "dup" })),
    );
    expect(new Set(results.map((r) => r.holdId)).size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(await expectConsistent(userId)).toEqual({ availableMicroUsd: 70_000, heldMicroUsd: 30_000, totalMicroUsd: 100_000 });
  });

  it("50 concurrent holds on one balance never spend the same credit twice or go below zero", async () => {
    // Room for exactly 20 holds of 7 000; 50 race for it.
    const userId = await userWith(140_000);
    const outcomes = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) =>
        placeHold({ userId, amountMicroUsd: 7_000, reference: `req_race_${i}`, reason: "race" }),
      ),
    );
    const placed = outcomes.filter((o) => o.status === "fulfilled");
    const refused = outcomes.filter((o) => o.status === "rejected");
    expect(placed).toHaveLength(20);
    expect(refused).toHaveLength(30);
    for (const r of refused) expect((r as PromiseRejectedResult).reason).toBeInstanceOf(InsufficientCreditError);

    expect(await expectConsistent(userId)).toEqual({ availableMicroUsd: 0, heldMicroUsd: 140_000, totalMicroUsd: 140_000 });
    expect(await db.ledgerEntry.count({ where: { userId, kind: "hold" } })).toBe(20);
  });

  it("concurrent holds and settles interleaved keep the ledger and the balance in step", async () => {
    const userId = await userWith(100_000);
    await Promise.all(
      Array.from({ length: 25 }, async (_, i) => {
        const { holdId } = await placeHold({ userId, amountMicroUsd: 4_000, reference: `req_mix_${i}`, reason: "mix" });
        if (i % 2 === 0) await settleHold(holdId, 1_000);
        else await releaseHold(holdId, "cancelled");
      }),
    );
    // 13 settles charged 1 000 each; 12 releases charged nothing.
    expect(await expectConsistent(userId)).toEqual({ availableMicroUsd: 87_000, heldMicroUsd: 0, totalMicroUsd: 87_000 });
  });

  it("a settle and a release racing for one hold: exactly one of them closes it", async () => {
    const userId = await userWith(10_000);
    const { holdId } = await placeHold({ userId, amountMicroUsd: 10_000, reference: "req_race_close", reason: "race" });
    const [settle, release] = await Promise.allSettled([settleHold(holdId, 2_500), releaseHold(holdId, "timeout")]);
    const closings = await db.ledgerEntry.findMany({ where: { closesHoldId: holdId } });
    expect(closings).toHaveLength(1);
    const balance = await expectConsistent(userId);
    if (closings[0]!.kind === "settle") {
      expect(settle.status).toBe("fulfilled");
      expect(release).toMatchObject({ status: "fulfilled", value: { released: false } });
      expect(balance.availableMicroUsd).toBe(7_500);
    } else {
      expect(settle.status).toBe("rejected");
      expect(balance.availableMicroUsd).toBe(10_000);
    }
  });

  it("adjustments go either way; a negative balance blocks new holds", async () => {
    const userId = await userWith(10_000);
    await adjustCredit({ userId, amountMicroUsd: -15_000, reason: "chargeback", reference: "ticket-7" });
    expect((await expectConsistent(userId)).availableMicroUsd).toBe(-5_000);
    await expect(placeHold({ userId, amountMicroUsd: 1, reference: "r", reason: "x" })).rejects.toBeInstanceOf(
      InsufficientCreditError,
    );
  });

  it("rejects amounts that are not whole micro-dollars", async () => {
    const userId = await newUser();
    await expect(grantCredit({ userId, amountMicroUsd: 1.5, reason: "x", reference: "f" })).rejects.toMatchObject({ status: 422 });
    await expect(grantCredit({ userId, amountMicroUsd: -5, reason: "x", reference: "n" })).rejects.toMatchObject({ status: 422 });
    await expect(placeHold({ userId, amountMicroUsd: 0, reference: "z", reason: "x" })).rejects.toMatchObject({ status: 422 });
  });

  it("lists entries newest first, filtered by kind and date, and exports them as CSV", async () => {
    const userId = await userWith(1_000_000);
    const { holdId } = await placeHold({ userId, amountMicroUsd: 5_000, reference: "req_csv", reason: '=HYPERLINK("x"), "quoted"' });
    await settleHold(holdId, 1_234);

    const all = await listEntries(userId);
    expect(all.map((e) => e.kind)).toEqual(["settle", "hold", "grant"]);
    expect(await listEntries(userId, { kinds: ["grant"] })).toHaveLength(1);
    expect(await listEntries(userId, { from: new Date(Date.now() + 60_000) })).toHaveLength(0);
    expect(await listEntries(userId, { to: new Date(Date.now() + 60_000) })).toHaveLength(3);
    const [, second] = all;
    expect(await listEntries(userId, { limit: 1, before: all[0]!.id })).toEqual([second]);

    const csv = await entriesCsv(userId);
    const lines = csv.trimEnd().split("\r\n");
    expect(lines[0]).toBe("date,kind,description,amount_usd,charged_usd,reason,reference,hold_id,receipt_url,entry_id");
    expect(lines).toHaveLength(4);
    expect(lines[1]).toContain(",settle,Charge,0.003766,0.001234,");
    // Formula-like text is defused and quotes are escaped.
    expect(lines[1]).toContain(`"'=HYPERLINK(""x""), ""quoted"""`);
    expect(lines[3]).toContain(",grant,Free credit,1.000000,,");
    expect(await entriesCsv(userId, { kinds: ["hold"] })).toContain(",hold,Hold,-0.005000,,");
  });
});
