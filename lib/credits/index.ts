import "server-only";

/**
 * The credits ledger: every cent a user gets or spends is an append-only entry in integer
 * micro-dollars; the balance is the ledger's sum. Requests reserve credit with a hold before they run
 * and settle it by what they really cost. See wallet.ts for how concurrent changes are serialised.
 */
export { getBalance, auditBalance, type BalanceAudit } from "./wallet";
export {
  placeHold,
  settleHold,
  releaseHold,
  releaseStaleHolds,
  InsufficientCreditError,
  type PlaceHoldInput,
  type HoldResult,
  type SettleResult,
  type ReleaseResult,
} from "./holds";
export { grantCredit, adjustCredit, recordCredit, type CreditInput, type CreditResult } from "./grants";
export { listEntries, entriesCsv } from "./entries";
export { grantFreeCredit, freeCreditStatus, freeCreditLabel, freeCreditMicroUsd, type FreeCreditStatus } from "./free-credit";
export { personKey } from "./person";
export * from "./money";
export * from "./types";
