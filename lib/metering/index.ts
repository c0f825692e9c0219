import "server-only";

/**
 * Metering of the paid API: prices (per second of audio, rounded up), holds that reserve a request's
 * price before it runs and settle it after, and the request log behind the activity page.
 */
export { billedSeconds, chargeFor, costForBilledSeconds, microUsdToUsdNumber, MINIMUM_BILLED_SECONDS, type Charge } from "./price";
export { reserveCharge, type ChargeContext, type Reservation } from "./meter";
export {
  listRequests,
  recordRequest,
  requestedModels,
  requestsCsv,
  requestTotals,
  RUNNING_STATUS,
  type ApiRequestView,
  type Endpoint,
  type Outcome,
  type RequestFilters,
  type RequestTotals,
} from "./request-log";
export { releaseAbandonedRequests, releaseRowlessRequestHolds, startChargeSweep, sweepAbandonedCharges, type SweepScope } from "./sweep";
