import "server-only";
import { db } from "@/lib/db";
import { isUniqueViolation } from "@/lib/db/errors";
import { freeCreditMicroUsd } from "./free-credit-amount";
import { fromDbAmount } from "./money";
import { personKey } from "./person";
import { appendEntry, withLockedWallet } from "./wallet";

export { freeCreditLabel, freeCreditMicroUsd } from "./free-credit-amount";

/**
 * Free credit: granted once per PERSON at first sign-in. The claim is keyed by the person's normalised
 * email (`personKey`) in its own table that outlives accounts, so neither deleting and re-creating the
 * account nor signing in another way with the same address grants it again.
 */

export type FreeCreditStatus =
  | { state: "granted"; amountMicroUsd: number; grantedAt: Date }
  /** This address's free credit went to an earlier account (since deleted, or another sign-in). */
  | { state: "claimed_elsewhere"; amountMicroUsd: number; grantedAt: Date }
  | { state: "not_granted"; amountMicroUsd: number }
  | { state: "disabled" };

export async function freeCreditStatus(user: { id: string; email: string }): Promise<FreeCreditStatus> {
  const claim = await db.freeCreditClaim.findUnique({ where: { email: personKey(user.email) } });
  if (claim) {
    const shown = { amountMicroUsd: fromDbAmount(claim.amountMicroUsd), grantedAt: claim.claimedAt };
    return claim.userId === user.id ? { state: "granted", ...shown } : { state: "claimed_elsewhere", ...shown };
  }
  const amount = freeCreditMicroUsd();
  return amount > 0 ? { state: "not_granted", amountMicroUsd: amount } : { state: "disabled" };
}

/**
 * Grants the free credit unless this person already had it. Safe to call on every sign-in.
 * Returns true when it granted now.
 */
export async function grantFreeCredit(user: { id: string; email: string }): Promise<boolean> {
  const amount = freeCreditMicroUsd();
  if (amount <= 0) return false;
  const email = personKey(user.email);
  if (await db.freeCreditClaim.findUnique({ where: { email }, select: { email: true } })) return false;
  try {
    return await withLockedWallet(user.id, async (tx) => {
      if (await tx.freeCreditClaim.findUnique({ where: { email }, select: { email: true } })) return false;
      const entry = await appendEntry(tx, {
        userId: user.id,
        kind: "grant",
        amountMicroUsd: amount,
        reason: "Free credit for signing up",
        reference: `free-credit:${email}`,
      });
      await tx.freeCreditClaim.create({
        data: { email, userId: user.id, amountMicroUsd: BigInt(amount), ledgerEntryId: entry.id },
      });
      return true;
    });
  } catch (error) {
    // Two accounts whose addresses normalise alike signed in at the same moment: the other one won.
    if (isUniqueViolation(error)) return false;
    throw error;
  }
}
