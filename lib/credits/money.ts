/**
 * Money as integer micro-dollars (1 USD = 1 000 000). Pure functions, no server imports: safe in
 * client components. Amounts cross module boundaries as `number` (exact up to about $9 billion, see
 * `Number.MAX_SAFE_INTEGER`) and are stored as BigInt; `fromDbAmount` refuses anything that would
 * lose a digit rather than round it.
 */

export const MICRO_USD_PER_USD = 1_000_000;
export const MICRO_USD_PER_CENT = 10_000;

/** True for an exact integer amount (any sign). */
export function isMicroUsd(value: unknown): value is number {
  return typeof value === "number" && Number.isSafeInteger(value);
}

/** Whole dollars or cents as micro-dollars: 1.5 -> 1 500 000. Rounds to the nearest micro-dollar. */
export function usdToMicroUsd(usd: number): number {
  return Math.round(usd * MICRO_USD_PER_USD);
}

export function centsToMicroUsd(cents: number): number {
  return cents * MICRO_USD_PER_CENT;
}

/** A stored BigInt amount as a number, exactly, or an error. */
export function fromDbAmount(value: bigint): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new RangeError(`Amount ${value} micro-USD is beyond the exact range of a number`);
  return n;
}

/**
 * "$1.00", "-$0.50", "$0.0034": cents when the amount is whole cents, otherwise as many decimals as
 * the amount has (up to 6), so a small charge never reads as "$0.00".
 */
export function formatUsd(microUsd: number): string {
  const sign = microUsd < 0 ? "-" : "";
  const abs = Math.abs(Math.trunc(microUsd));
  const dollars = Math.floor(abs / MICRO_USD_PER_USD).toLocaleString("en-US");
  const fraction = String(abs % MICRO_USD_PER_USD).padStart(6, "0");
  const shown = fraction.replace(/0+$/, "").padEnd(2, "0");
  return `${sign}$${dollars}.${shown}`;
}

/** "+$5.00" / "-$0.0034": for ledger rows, where the sign is the point. */
export function formatSignedUsd(microUsd: number): string {
  return microUsd > 0 ? `+${formatUsd(microUsd)}` : formatUsd(microUsd);
}

/** Plain decimal dollars for CSV and machines: 1500000 -> "1.500000", -3400 -> "-0.003400". */
export function microUsdToDecimal(microUsd: number): string {
  const sign = microUsd < 0 ? "-" : "";
  const abs = Math.abs(microUsd);
  return `${sign}${Math.floor(abs / MICRO_USD_PER_USD)}.${String(abs % MICRO_USD_PER_USD).padStart(6, "0")}`;
}
