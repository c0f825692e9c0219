import "server-only";
import { ValidationError } from "@/lib/errors";
import { isMicroUsd } from "./money";
import type { EntryKind } from "./types";
import { appendEntry, withLockedWallet } from "./wallet";

/**
 * Credit that arrives or leaves outside a request: free credit, purchases, refunds and manual
 * adjustments. Each is idempotent on its reference (per user and kind): recording the same Stripe
 * session or the same correction twice records it once.
 */

export interface CreditInput {
  userId: string;
  /** Signed: positive adds credit, negative removes it. */
  amountMicroUsd: number;
  reason: string;
  /** What caused it (a Stripe id, a ticket number): the idempotency key. */
  reference: string;
  receiptUrl?: string | null;
}

export interface CreditResult {
  entryId: string;
  /** False when an entry with this kind and reference already existed: nothing changed. */
  created: boolean;
}

type CreditKind = Extract<EntryKind, "grant" | "purchase" | "refund" | "adjustment">;

/** Sign each kind must have: grants and purchases add, refunds remove, adjustments go either way. */
const SIGN: Record<CreditKind, "positive" | "negative" | "any"> = {
  grant: "positive",
  purchase: "positive",
  refund: "negative",
  adjustment: "any",
};

export async function recordCredit(kind: CreditKind, input: CreditInput): Promise<CreditResult> {
  const { userId, amountMicroUsd, reference } = input;
  const sign = SIGN[kind];
  const signOk = sign === "any" ? amountMicroUsd !== 0 : sign === "positive" ? amountMicroUsd > 0 : amountMicroUsd < 0;
  if (!isMicroUsd(amountMicroUsd) || !signOk) {
    throw new ValidationError(`A ${kind} must be a ${sign === "any" ? "non-zero" : sign} whole number of micro-dollars.`, {
      param: "amountMicroUsd",
    });
  }
  if (!reference) throw new ValidationError(`A ${kind} needs a reference.`, { param: "reference" });

  return withLockedWallet(userId, async (tx) => {
    const existing = await tx.ledgerEntry.findUnique({
      where: { userId_kind_reference: { userId, kind, reference } },
      select: { id: true },
    });
    if (existing) return { entryId: existing.id, created: false };
    const entry = await appendEntry(tx, { ...input, kind });
    return { entryId: entry.id, created: true };
  });
}

/** Gives credit for free (promotions, goodwill). */
export const grantCredit = (input: CreditInput) => recordCredit("grant", input);

/**
 * A manual correction, either sign. It may take the available balance below zero: a correction records
 * what is true, and holds refuse to run on a negative balance anyway.
 */
export const adjustCredit = (input: CreditInput) => recordCredit("adjustment", input);
