/**
 * The database side of `npm run bench:load`, run against whichever DATABASE_URL it is given:
 *   setup                      -> prints {"userId","key"}: a fresh user with $100 of credit and a key with no rate limit to speak of
 *   check <userId> <accepted> <sumCostMicroUsd>
 *                              -> prints the ledger verdict as JSON: every accepted request billed exactly once
 */
import { createApiKey } from "@/lib/api-keys";
import { grantCredit } from "@/lib/credits";
import { db } from "@/lib/db";

async function setup(): Promise<void> {
  const email = `load-${Date.now()}-${process.pid}@example.com`;
  const user = await db.user.create({ data: { email } });
  await grantCredit({ userId: user.id, amountMicroUsd: 100_000_000, reason: "load test credit", reference: `load:${email}` });
  const { key } = await createApiKey(user.id, { name: "load test", rateLimitPerMinute: 1_000_000 });
  console.log(JSON.stringify({ userId: user.id, key }));
}

async function check(userId: string, accepted: number, sumCost: number): Promise<void> {
  // Requests cut off when the clock ran out are still finishing (and releasing their holds): wait for them.
  let entries = await db.ledgerEntry.findMany({ where: { userId } });
  for (let waited = 0; waited < 60; waited++) {
    const holds = entries.filter((e) => e.kind === "hold").length;
    const closed = entries.filter((e) => e.kind === "settle" || e.kind === "release").length;
    if (holds === closed) break;
    await new Promise((r) => setTimeout(r, 500));
    entries = await db.ledgerEntry.findMany({ where: { userId } });
  }
  const of = (kind: string) => entries.filter((e) => e.kind === kind);
  const holds = of("hold");
  const settles = of("settle");
  const releases = of("release");
  const holdRefs = new Set(holds.map((h) => h.reference));
  const closedIds = new Set([...settles, ...releases].map((e) => e.closesHoldId));
  // What each settled request cost: its hold (negative) plus the settle's give-back.
  const byHold = new Map(holds.map((h) => [h.id, h.amountMicroUsd]));
  const charged = settles.reduce((sum, s) => sum + -(Number(byHold.get(s.closesHoldId ?? "") ?? 0n) + Number(s.amountMicroUsd)), 0);
  const ledgerSum = entries.reduce((sum, e) => sum + Number(e.amountMicroUsd), 0);
  const wallet = await db.creditWallet.findUnique({ where: { userId } });
  const logged = await db.apiRequest.count({ where: { userId, status: 200 } });
  const verdict = {
    accepted,
    holds: holds.length,
    settled: settles.length,
    released: releases.length,
    openHolds: holds.filter((h) => !closedIds.has(h.id)).length,
    duplicateHoldReferences: holds.length - holdRefs.size,
    chargedMicroUsd: charged,
    headersSumMicroUsd: sumCost,
    loggedOk: logged,
    walletMatchesLedger: wallet !== null && Number(wallet.availableMicroUsd) === ledgerSum && Number(wallet.heldMicroUsd) === 0,
  };
  const ok =
    verdict.settled === accepted && verdict.openHolds === 0 && verdict.duplicateHoldReferences === 0 &&
    verdict.chargedMicroUsd === sumCost && verdict.loggedOk === accepted && verdict.walletMatchesLedger;
  console.log(JSON.stringify({ ok, ...verdict }));
}

const [command, ...args] = process.argv.slice(2);
const run = command === "setup" ? setup() : command === "check" ? check(args[0] ?? "", Number(args[1]), Number(args[2])) : Promise.reject(new Error("usage: setup | check <userId> <accepted> <sumCost>"));
run.then(
  async () => {
    await db.$disconnect();
    process.exit(0);
  },
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
