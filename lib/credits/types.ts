/** The ledger's vocabulary. Pure types and constants: safe in client components. */

export const ENTRY_KINDS = ["grant", "purchase", "hold", "settle", "release", "refund", "adjustment"] as const;
export type EntryKind = (typeof ENTRY_KINDS)[number];

export function isEntryKind(value: unknown): value is EntryKind {
  return typeof value === "string" && (ENTRY_KINDS as readonly string[]).includes(value);
}

/** What each kind means, for filters and tooltips on the account page. */
export const ENTRY_KIND_LABELS: Record<EntryKind, string> = {
  grant: "Free credit",
  purchase: "Purchase",
  hold: "Hold",
  settle: "Charge",
  release: "Hold released",
  refund: "Refund",
  adjustment: "Adjustment",
};

export interface Balance {
  /** What new requests can spend: every entry summed. Below zero only after a refund of spent credit. */
  availableMicroUsd: number;
  /** Reserved by requests still running (open holds). */
  heldMicroUsd: number;
  /** available + held: the credit the user owns right now. */
  totalMicroUsd: number;
}

export interface LedgerEntryView {
  id: string;
  kind: EntryKind;
  /** Signed change to the available balance. */
  amountMicroUsd: number;
  /**
   * settle only: what the request actually cost (the hold minus what the settle gave back).
   * For every other kind, null.
   */
  chargedMicroUsd: number | null;
  reason: string;
  reference: string | null;
  /** settle/release: the hold they close; hold: itself. */
  holdId: string | null;
  receiptUrl: string | null;
  createdAt: Date;
}

export interface EntryFilters {
  kinds?: readonly EntryKind[];
  /** Inclusive lower bound on createdAt. */
  from?: Date;
  /** Exclusive upper bound on createdAt. */
  to?: Date;
  /** Newest entries first; at most this many (default 100, max 1000). */
  limit?: number;
  /** Entries strictly older than this entry id (the last id of the previous page). */
  before?: string;
}
