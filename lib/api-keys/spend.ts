import "server-only";
import { db } from "@/lib/db";

/**
 * Per-key spend limits. A request reserves its worst-case price on its key before it places the hold
 * on the user's balance; each step is atomic on its own row:
 *
 *   reserve: UPDATE api_keys SET held = held + x WHERE id = k AND (limit IS NULL OR spent + held + x <= limit)
 *
 * One conditional UPDATE is atomic on both databases (PostgreSQL re-checks the WHERE on the row it
 * locked; SQLite runs one statement at a time), so concurrent requests on one key can never reserve
 * past its limit — no read-then-write gap. If the balance hold then fails (402), the reservation is
 * given back. Settling moves the reservation to `spent` by the real charge.
 *
 * Column names are Prisma's (camelCase, quoted): the raw SQL works unchanged on SQLite and PostgreSQL.
 */

/** Reserves `amountMicroUsd` on the key; false when that would pass the key's spend limit. */
export async function reserveKeySpend(keyId: string, amountMicroUsd: number): Promise<boolean> {
  const amount = BigInt(amountMicroUsd);
  const changed = await db.$executeRaw`
    UPDATE "api_keys" SET "heldMicroUsd" = "heldMicroUsd" + ${amount}
    WHERE "id" = ${keyId}
      AND ("spendLimitMicroUsd" IS NULL OR "spentMicroUsd" + "heldMicroUsd" + ${amount} <= "spendLimitMicroUsd")`;
  return changed === 1;
}

/** The request ran: its reservation becomes the real charge (at most the reservation). */
export async function settleKeySpend(keyId: string, reservedMicroUsd: number, chargedMicroUsd: number): Promise<void> {
  await db.apiKey.update({
    where: { id: keyId },
    data: {
      heldMicroUsd: { decrement: BigInt(reservedMicroUsd) },
      spentMicroUsd: { increment: BigInt(Math.min(chargedMicroUsd, reservedMicroUsd)) },
    },
  });
}

/** The request failed or was refused: the reservation is given back whole. */
export async function releaseKeySpend(keyId: string, reservedMicroUsd: number): Promise<void> {
  await db.apiKey.update({ where: { id: keyId }, data: { heldMicroUsd: { decrement: BigInt(reservedMicroUsd) } } });
}

/** What the key may still reserve: limit - spent - held (null when it has no limit). */
export async function keySpendRemaining(keyId: string): Promise<{ limitMicroUsd: number; remainingMicroUsd: number } | null> {
  const row = await db.apiKey.findUnique({
    where: { id: keyId },
    select: { spendLimitMicroUsd: true, spentMicroUsd: true, heldMicroUsd: true },
  });
  if (!row || row.spendLimitMicroUsd === null) return null;
  const limit = Number(row.spendLimitMicroUsd);
  return { limitMicroUsd: limit, remainingMicroUsd: Math.max(0, limit - Number(row.spentMicroUsd) - Number(row.heldMicroUsd)) };
}
