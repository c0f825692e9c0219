import "server-only";
import { releaseKeySpend } from "@/lib/api-keys";
import { releaseHold } from "@/lib/credits";
import { db } from "@/lib/db";
import { fromDbAmount } from "@/lib/credits/money";
import { env } from "@/lib/env";
import { startPeriodicTask } from "@/lib/periodic";
import { REQUEST_ID_PREFIX } from "@/lib/errors";
import { RUNNING_STATUS } from "./request-log";

const RELEASE_REASON = "Request did not finish; hold released";

/**
 * Requests whose process died between hold and settle leave a "running" row, an open hold on the
 * balance and a reservation on the key. This gives all three back and marks the row failed. A request
 * is only swept once it is far older than any request can run.
 */
/** Which requests a sweep looks at: everyone's, or one account's (an operator looking into one). */
export interface SweepScope {
  userId?: string;
}

export async function releaseAbandonedRequests(olderThan: Date, scope: SweepScope = {}): Promise<number> {
  const rows = await db.apiRequest.findMany({
    where: { status: RUNNING_STATUS, createdAt: { lt: olderThan }, userId: scope.userId },
    select: { id: true, holdId: true, apiKeyId: true, costMicroUsd: true },
    take: 1000,
  });
  let swept = 0;
  for (const row of rows) {
    // Only the sweeper that flips the row from running gives the money back.
    const claimed = await db.apiRequest.updateMany({
      where: { id: row.id, status: RUNNING_STATUS },
      data: { status: 500, errorCode: "abandoned", costMicroUsd: 0n, billedSeconds: 0 },
    });
    if (claimed.count === 0) continue;
    const released = row.holdId ? (await releaseHold(row.holdId, RELEASE_REASON)).released : false;
    if (released && row.apiKeyId) await releaseKeySpend(row.apiKeyId, fromDbAmount(row.costMicroUsd));
    swept += 1;
  }
  return swept;
}

/**
 * A /v1 request cut off between placing its hold and writing its "running" row (the database went
 * away in between, so its release failed too) leaves a hold that no row points at. Its reference is
 * the request id, so it is found by that. Queue jobs and realtime sessions hold under other references
 * and are closed by their own recovery. The hold names the key whose spend the request reserved, and
 * that reservation is given back with it.
 */
export async function releaseRowlessRequestHolds(olderThan: Date, scope: SweepScope = {}): Promise<number> {
  const open = await db.ledgerEntry.findMany({
    where: { kind: "hold", createdAt: { lt: olderThan }, closedBy: { is: null }, reference: { startsWith: REQUEST_ID_PREFIX }, userId: scope.userId },
    select: { id: true, reference: true, apiKeyId: true, amountMicroUsd: true },
    take: 1000,
  });
  const references = open.flatMap((hold) => (hold.reference ? [hold.reference] : []));
  if (references.length === 0) return 0;
  const logged = new Set((await db.apiRequest.findMany({ where: { id: { in: references } }, select: { id: true } })).map((row) => row.id));
  let released = 0;
  for (const hold of open) {
    if (hold.reference && logged.has(hold.reference)) continue;
    if (!(await releaseHold(hold.id, RELEASE_REASON)).released) continue;
    // Only the sweeper whose release closed the hold gives the key back its reservation (a hold is negative).
    if (hold.apiKeyId) await releaseKeySpend(hold.apiKeyId, -fromDbAmount(hold.amountMicroUsd));
    released += 1;
  }
  return released;
}

/** Both sweeps, rows first (they also give back key spend). */
export async function sweepAbandonedCharges(olderThan: Date, scope: SweepScope = {}): Promise<{ requests: number; rowlessHolds: number }> {
  const requests = await releaseAbandonedRequests(olderThan, scope);
  return { requests, rowlessHolds: await releaseRowlessRequestHolds(olderThan, scope) };
}

/**
 * Every web instance sweeps on a timer, so credit held by a request that died with its process (or
 * during a database outage) comes back without an operator. Several instances sweeping at once is
 * safe: each row and hold is claimed once.
 */
export function startChargeSweep(): void {
  startPeriodicTask("[metering]", env.CHARGE_SWEEP_INTERVAL_SECONDS, async () => {
    const olderThan = new Date(Date.now() - env.CHARGE_SWEEP_AFTER_MINUTES * 60_000);
    const { requests, rowlessHolds } = await sweepAbandonedCharges(olderThan);
    if (requests + rowlessHolds > 0) console.warn(`[metering] released the holds of ${requests} abandoned request(s) and ${rowlessHolds} row-less hold(s)`);
  });
}
