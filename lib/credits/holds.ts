import "server-only";
import { db } from "@/lib/db";
import { ConflictError, NotFoundError, PaymentRequiredError, ValidationError } from "@/lib/errors";
import { formatUsd, fromDbAmount, isMicroUsd } from "./money";
import { appendEntry, withLockedWallet } from "./wallet";

/**
 * Holds: a request reserves its worst-case price before it runs, and afterwards either settles (pays
 * what it really cost, the rest goes back) or releases (pays nothing). In ledger terms a hold is a
 * negative entry; its settle gives back hold - charged; its release gives back the whole hold. So a
 * hold followed by its settle costs exactly the charge, never the hold AND the charge, and the
 * (unique) link from the closing entry to its hold means a hold is closed at most once.
 */

/** 402 with the figures, so an API response can say exactly how much credit is missing. */
export class InsufficientCreditError extends PaymentRequiredError {
  constructor(
    readonly requiredMicroUsd: number,
    readonly availableMicroUsd: number,
  ) {
    const shortfall = requiredMicroUsd - Math.max(availableMicroUsd, 0);
    super(
      `This request needs ${formatUsd(requiredMicroUsd)} of credit and your available balance is ` +
        `${formatUsd(availableMicroUsd)}: add at least ${formatUsd(shortfall)} of credit to run it.`,
      { code: "insufficient_credit" },
    );
  }

  get shortfallMicroUsd(): number {
    return this.requiredMicroUsd - Math.max(this.availableMicroUsd, 0);
  }
}

export interface PlaceHoldInput {
  userId: string;
  /** Worst-case price of the request, > 0. */
  amountMicroUsd: number;
  /** Identifies the request (e.g. its request id): placing a hold twice with one reference places it once. */
  reference: string;
  /** Readable on the account page, e.g. "Transcription with canary-1b-flash". */
  reason: string;
  /** The API key that reserved the same amount of its spend limit for this request, if any. */
  apiKeyId?: string | null;
}

export interface HoldResult {
  holdId: string;
  /** False when a hold with this reference already existed and was returned as it was. */
  created: boolean;
}

/**
 * Reserves credit for a request. Atomic: concurrent holds on one balance never reserve the same credit
 * twice, nor take the available balance below zero. Throws InsufficientCreditError (402) when short.
 * Idempotent on `reference`: a repeat returns the first hold, whatever amount it names.
 */
export async function placeHold(input: PlaceHoldInput): Promise<HoldResult> {
  const { userId, amountMicroUsd, reference, reason, apiKeyId } = input;
  if (!isMicroUsd(amountMicroUsd) || amountMicroUsd <= 0) {
    throw new ValidationError("A hold must be a positive whole number of micro-dollars.", { param: "amountMicroUsd" });
  }
  if (!reference) throw new ValidationError("A hold needs a reference.", { param: "reference" });

  const outcome = await withLockedWallet(userId, async (tx, wallet) => {
    const existing = await tx.ledgerEntry.findUnique({
      where: { userId_kind_reference: { userId, kind: "hold", reference } },
      select: { id: true },
    });
    if (existing) return { ok: true as const, holdId: existing.id, created: false };
    if (wallet.availableMicroUsd < amountMicroUsd) return { ok: false as const, available: wallet.availableMicroUsd };
    const hold = await appendEntry(tx, { userId, kind: "hold", amountMicroUsd: -amountMicroUsd, reason, reference, apiKeyId }, amountMicroUsd);
    return { ok: true as const, holdId: hold.id, created: true };
  });
  if (!outcome.ok) throw new InsufficientCreditError(amountMicroUsd, outcome.available);
  return { holdId: outcome.holdId, created: outcome.created };
}

async function findHold(holdId: string) {
  const hold = await db.ledgerEntry.findUnique({ where: { id: holdId } });
  if (!hold || hold.kind !== "hold") throw new NotFoundError(`There is no hold "${holdId}".`, { code: "hold_not_found" });
  return { ...hold, heldMicroUsd: -fromDbAmount(hold.amountMicroUsd) };
}

export interface SettleResult {
  holdId: string;
  /** What was charged: the actual cost, at most the hold. */
  chargedMicroUsd: number;
  /** Given back to the available balance: hold - charged. */
  releasedMicroUsd: number;
  /** Cost above the hold that was NOT charged (0 normally). */
  uncollectedMicroUsd: number;
  /** True when the hold had been settled before: nothing changed this time. */
  alreadySettled: boolean;
}

/**
 * Charges the request's actual cost against its hold and gives back the rest. A cost above the hold is
 * charged only up to the hold (`uncollectedMicroUsd` says how much was not): the hold is the price the
 * user agreed to when the request started, and charging more could take the balance below zero. Size
 * holds for the worst case. Idempotent: settling again returns the first settlement unchanged.
 * Throws ConflictError when the hold was released (nothing may be charged any more).
 */
export async function settleHold(
  holdId: string,
  actualMicroUsd: number,
  options: { reason?: string; reference?: string } = {},
): Promise<SettleResult> {
  if (!isMicroUsd(actualMicroUsd) || actualMicroUsd < 0) {
    throw new ValidationError("A charge must be a whole, non-negative number of micro-dollars.", { param: "actualMicroUsd" });
  }
  const hold = await findHold(holdId);
  const held = hold.heldMicroUsd;
  const outcome = await withLockedWallet(hold.userId, async (tx) => {
    const closing = await tx.ledgerEntry.findUnique({ where: { closesHoldId: holdId } });
    if (closing?.kind === "release") return { ok: false as const, referenceTaken: null };
    if (closing) {
      const released = fromDbAmount(closing.amountMicroUsd);
      return { ok: true as const, charged: held - released, released, alreadySettled: true };
    }
    const charged = Math.min(actualMicroUsd, held);
    const reference = options.reference ?? hold.reference;
    if (reference !== null && reference !== hold.reference) {
      const taken = await tx.ledgerEntry.findUnique({
        where: { userId_kind_reference: { userId: hold.userId, kind: "settle", reference } },
        select: { id: true },
      });
      if (taken) return { ok: false as const, referenceTaken: reference };
    }
    await appendEntry(
      tx,
      {
        userId: hold.userId,
        kind: "settle",
        amountMicroUsd: held - charged,
        reason: options.reason ?? hold.reason,
        reference,
        closesHoldId: holdId,
      },
      -held,
    );
    return { ok: true as const, charged, released: held - charged, alreadySettled: false };
  });
  if (!outcome.ok && outcome.referenceTaken !== null) {
    throw new ConflictError(`Another charge already has the reference "${outcome.referenceTaken}".`, {
      param: "reference",
      code: "reference_taken",
    });
  }
  if (!outcome.ok) {
    throw new ConflictError(`Hold "${holdId}" was released; it cannot be charged any more.`, { code: "hold_released" });
  }
  return {
    holdId,
    chargedMicroUsd: outcome.charged,
    releasedMicroUsd: outcome.released,
    uncollectedMicroUsd: outcome.alreadySettled ? 0 : Math.max(0, actualMicroUsd - held),
    alreadySettled: outcome.alreadySettled,
  };
}

export interface ReleaseResult {
  holdId: string;
  /** False when the hold was already settled or released: nothing changed. */
  released: boolean;
  /** Given back by this call (0 when `released` is false). */
  releasedMicroUsd: number;
  /** How the hold is closed now. */
  closedBy: "settle" | "release";
}

/** Gives a whole hold back (the request failed or was cancelled). Idempotent; a no-op after a settle. */
export async function releaseHold(holdId: string, reason: string): Promise<ReleaseResult> {
  const hold = await findHold(holdId);
  return withLockedWallet(hold.userId, async (tx) => {
    const closing = await tx.ledgerEntry.findUnique({ where: { closesHoldId: holdId }, select: { kind: true } });
    if (closing) {
      return { holdId, released: false, releasedMicroUsd: 0, closedBy: closing.kind === "settle" ? "settle" : "release" };
    }
    await appendEntry(
      tx,
      { userId: hold.userId, kind: "release", amountMicroUsd: hold.heldMicroUsd, reason, reference: hold.reference, closesHoldId: holdId },
      -hold.heldMicroUsd,
    );
    return { holdId, released: true, releasedMicroUsd: hold.heldMicroUsd, closedBy: "release" as const };
  });
}

/**
 * Releases holds left open since before `olderThan` (a worker died mid-request), so credit is never
 * stuck. Meant for a periodic sweep by whoever runs requests. Returns how many it released.
 */
export async function releaseStaleHolds(olderThan: Date, reason = "Request did not finish; hold released"): Promise<number> {
  const stale = await db.ledgerEntry.findMany({
    where: { kind: "hold", createdAt: { lt: olderThan }, closedBy: { is: null } },
    select: { id: true },
    take: 1000,
  });
  let released = 0;
  for (const { id } of stale) if ((await releaseHold(id, reason)).released) released += 1;
  return released;
}
