/**
 * The database side of `npm run bench:load`, run against whichever DATABASE_URL it is given:
 *   setup                      -> prints {"userId","key"}: a fresh user with $100 of credit and a key with no rate limit to speak of
 *   check <userId> <file of request ids the clients got a 200 for>
 *                              -> prints the ledger verdict as JSON: every accepted request billed exactly once
 */
import { readFileSync } from "node:fs";
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

/**
 * Accepted = the server placed a hold for it. Billed exactly once = each hold closed by exactly one
 * settle or release (the ledger's unique closesHoldId makes a second impossible; this counts), every
 * settle matching one request logged as 200 with the same cost, every 200 a client saw among them,
 * and the wallet equal to the sum of the ledger with nothing left held. Requests the clients hung up
 * on when the clock ran out are accepted too: they finish (settled) or are released, and are counted.
 */
async function check(userId: string, seenFile: string): Promise<void> {
  const seen = readFileSync(seenFile, "utf8").split("\n").filter(Boolean);
  let entries = await db.ledgerEntry.findMany({ where: { userId } });
  for (let waited = 0; waited < 120; waited++) {
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
  const holdById = new Map(holds.map((h) => [h.id, h]));
  const closures = new Map<string, number>();
  for (const e of [...settles, ...releases]) closures.set(e.closesHoldId ?? "", (closures.get(e.closesHoldId ?? "") ?? 0) + 1);
  const settledRefs = new Map(settles.map((s) => {
    const hold = holdById.get(s.closesHoldId ?? "");
    return [hold?.reference ?? "", -(Number(hold?.amountMicroUsd ?? 0n) + Number(s.amountMicroUsd))] as const;
  }));
  const logs = await db.apiRequest.findMany({ where: { userId, status: 200 }, select: { id: true, costMicroUsd: true } });
  const logCost = new Map(logs.map((l) => [l.id, Number(l.costMicroUsd)]));
  const ledgerSum = entries.reduce((sum, e) => sum + Number(e.amountMicroUsd), 0);
  const wallet = await db.creditWallet.findUnique({ where: { userId } });
  const verdict = {
    accepted: holds.length,
    answered200: seen.length,
    settled: settles.length,
    released: releases.length,
    openHolds: holds.filter((h) => !closures.has(h.id)).length,
    closedTwice: [...closures.values()].filter((n) => n > 1).length,
    answered200NotSettledOnce: seen.filter((id) => !settledRefs.has(id)).length,
    settledWithoutMatching200Log: [...settledRefs].filter(([ref, cost]) => logCost.get(ref) !== cost).length,
    chargedMicroUsd: [...settledRefs.values()].reduce((a, b) => a + b, 0),
    walletMatchesLedger: wallet !== null && Number(wallet.availableMicroUsd) === ledgerSum && Number(wallet.heldMicroUsd) === 0,
  };
  const ok =
    verdict.openHolds === 0 && verdict.closedTwice === 0 && verdict.settled + verdict.released === verdict.accepted &&
    verdict.answered200NotSettledOnce === 0 && verdict.settledWithoutMatching200Log === 0 && verdict.walletMatchesLedger;
  console.log(JSON.stringify({ ok, ...verdict }));
}

const [command, ...args] = process.argv.slice(2);
const run = command === "setup" ? setup() : command === "check" ? check(args[0] ?? "", args[1] ?? "") : Promise.reject(new Error("usage: setup | check <userId> <idsFile>"));
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
