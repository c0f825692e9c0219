import "server-only";
import { releaseKeySpend, reserveKeySpend, settleKeySpend, keySpendRemaining } from "@/lib/api-keys";
import { formatUsd, InsufficientCreditError, placeHold, releaseHold, settleHold } from "@/lib/credits";
import { PaymentRequiredError } from "@/lib/errors";
import { chargeFor, type Charge } from "./price";

/**
 * Paying for one request: hold -> run -> settle, or release.
 *
 * The audio is decoded before anything is charged, so its length — and therefore the price — is
 * known up front. `reserveCharge` reserves that price on the key's spend limit and then places a hold
 * on the user's balance (both atomic, see lib/api-keys/spend.ts and lib/credits/holds.ts); either
 * refusal is a 402 that says exactly how much is missing. After the engine has run, `settle` charges
 * the real duration (at most the hold); if anything fails first, `release` gives everything back.
 * Both are idempotent on the ledger side, and each is called at most once per reservation.
 */

export interface ChargeContext {
  /** The request id: the hold's ledger reference. */
  requestId: string;
  userId: string;
  /** The key whose spend limit also carries the price; null for requests made without a key (the playground). */
  apiKeyId: string | null;
  /** Shown on the ledger, e.g. "Transcription · moonshine-micro · 2 s". */
  reason: string;
  perMinuteMicroUsd: number;
}

export interface Reservation {
  holdId: string;
  /** The price held, from the decoded duration. */
  held: Charge;
  /** Charges the real duration (never more than held) and returns what was charged. */
  settle(realAudioSeconds: number): Promise<Charge>;
  /** Gives the whole hold back. */
  release(reason: string): Promise<void>;
}

export async function reserveCharge(context: ChargeContext, audioSeconds: number): Promise<Reservation> {
  const held = chargeFor(audioSeconds, context.perMinuteMicroUsd);
  const amount = held.costMicroUsd;
  const keyId = context.apiKeyId;

  if (amount > 0 && keyId !== null && !(await reserveKeySpend(keyId, amount))) {
    const remaining = await keySpendRemaining(keyId);
    throw new PaymentRequiredError(
      `This request costs ${formatUsd(amount)} and this API key's spend limit` +
        (remaining ? ` (${formatUsd(remaining.limitMicroUsd)}) has ${formatUsd(remaining.remainingMicroUsd)} left` : " is reached") +
        ". Raise the limit or use another key on your account page.",
      { code: "key_spend_limit_reached", headers: amountHeaders(amount, remaining?.remainingMicroUsd) },
    );
  }

  let holdId: string;
  try {
    // A hold must be positive; a free model (price 0) still gets one of 0 -> skip the ledger entirely.
    holdId =
      amount > 0
        ? (await placeHold({ userId: context.userId, amountMicroUsd: amount, reference: context.requestId, reason: context.reason, apiKeyId: keyId })).holdId
        : "";
  } catch (error) {
    if (amount > 0 && keyId !== null) await releaseKeySpend(keyId, amount);
    if (error instanceof InsufficientCreditError) {
      throw new PaymentRequiredError(error.message, {
        code: "insufficient_credit",
        headers: amountHeaders(error.requiredMicroUsd, Math.max(0, error.availableMicroUsd)),
        cause: error,
      });
    }
    throw error;
  }

  let closed = false;
  return {
    holdId,
    held,
    async settle(realAudioSeconds) {
      if (closed) throw new Error("reservation already closed");
      closed = true;
      const real = chargeFor(realAudioSeconds, context.perMinuteMicroUsd);
      // The held price is what the caller agreed to: a longer real duration is not charged beyond it.
      const final: Charge = real.costMicroUsd <= held.costMicroUsd ? real : held;
      if (amount === 0) return final;
      const settled = await settleHold(holdId, final.costMicroUsd, { reason: context.reason });
      // The ledger has charged the request: from here on it must be answered as a success. A key
      // counter that cannot be moved now (the database just went away) keeps the whole hold counted
      // as held on the key, which only ever errs towards spending less; it is logged to reconcile.
      if (keyId !== null) {
        await settleKeySpend(keyId, amount, settled.chargedMicroUsd).catch((error: unknown) =>
          console.error(
            `[metering] ${context.requestId}: charged, but key ${keyId}'s spend counters were not moved (held ${amount}, charged ${settled.chargedMicroUsd} micro-USD):`,
            error instanceof Error ? error.message : error,
          ),
        );
      }
      return { ...final, costMicroUsd: settled.chargedMicroUsd };
    },
    async release(reason) {
      if (closed) return;
      closed = true;
      if (amount === 0) return;
      const released = await releaseHold(holdId, reason);
      if (released.released && keyId !== null) await releaseKeySpend(keyId, amount);
    },
  };
}

/** Machine-readable figures beside the 402's message, in micro-dollars. */
function amountHeaders(requiredMicroUsd: number, availableMicroUsd: number | undefined): Record<string, string> {
  return {
    "x-gigarouter-required-micro-usd": String(requiredMicroUsd),
    ...(availableMicroUsd === undefined ? {} : { "x-gigarouter-available-micro-usd": String(availableMicroUsd) }),
  };
}
