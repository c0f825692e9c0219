import "server-only";
import { releaseKeySpend } from "@/lib/api-keys";
import { releaseHold } from "@/lib/credits";
import { db } from "@/lib/db";
import { fromDbAmount } from "@/lib/credits/money";
import { RUNNING_STATUS } from "./request-log";

/**
 * Requests whose process died between hold and settle leave a "running" row, an open hold on the
 * balance and a reservation on the key. This gives all three back and marks the row failed. Run it
 * periodically (`npm run admin -- sweep`); a request is only swept once it is far older than any
 * request can run.
 */
export async function releaseAbandonedRequests(olderThan: Date): Promise<number> {
  const rows = await db.apiRequest.findMany({
    where: { status: RUNNING_STATUS, createdAt: { lt: olderThan } },
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
    const released = row.holdId ? (await releaseHold(row.holdId, "Request did not finish; hold released")).released : false;
    if (released && row.apiKeyId) await releaseKeySpend(row.apiKeyId, fromDbAmount(row.costMicroUsd));
    swept += 1;
  }
  return swept;
}
