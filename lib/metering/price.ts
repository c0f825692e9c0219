/**
 * What a request costs. Pure integer arithmetic on micro-dollars: safe in client components.
 *
 * Billing unit: whole seconds of audio, rounded up, at least MINIMUM_BILLED_SECONDS (the way Groq and
 * Deepgram bill, finer than a minute so short clips stay cheap). The price is per minute, so a second
 * costs perMinute / 60, and the total is rounded UP to the next micro-dollar: we never charge a
 * fraction of a micro-dollar less than the listed price.
 */

export const MINIMUM_BILLED_SECONDS = 1;

/**
 * Seconds billed for `audioSeconds` of audio. The duration is first rounded to the millisecond, so a
 * float like 3.0000000004 (samples / rate) bills 3 s, not 4.
 */
export function billedSeconds(audioSeconds: number): number {
  if (!Number.isFinite(audioSeconds) || audioSeconds < 0) {
    throw new RangeError(`Audio duration must be a finite, non-negative number of seconds, got ${audioSeconds}`);
  }
  const milliseconds = Math.round(audioSeconds * 1000);
  return Math.max(MINIMUM_BILLED_SECONDS, Math.ceil(milliseconds / 1000));
}

/** Price of `seconds` billed seconds at `perMinuteMicroUsd`, rounded up to a whole micro-dollar. */
export function costForBilledSeconds(seconds: number, perMinuteMicroUsd: number): number {
  if (!Number.isSafeInteger(seconds) || seconds < 0) throw new RangeError(`Billed seconds must be a whole number, got ${seconds}`);
  if (!Number.isSafeInteger(perMinuteMicroUsd) || perMinuteMicroUsd < 0) {
    throw new RangeError(`A price must be whole micro-dollars, got ${perMinuteMicroUsd}`);
  }
  // Integer numerator, one division: exact, and ceil rounds the remainder up.
  return Math.ceil((seconds * perMinuteMicroUsd) / 60);
}

export interface Charge {
  audioSeconds: number;
  billedSeconds: number;
  costMicroUsd: number;
}

/** The charge for `audioSeconds` of audio at the model's per-minute price. */
export function chargeFor(audioSeconds: number, perMinuteMicroUsd: number): Charge {
  const seconds = billedSeconds(audioSeconds);
  return { audioSeconds, billedSeconds: seconds, costMicroUsd: costForBilledSeconds(seconds, perMinuteMicroUsd) };
}

/** Micro-dollars as a JSON number of US dollars (17 -> 0.000017); exact, since it has at most 6 decimals. */
export function microUsdToUsdNumber(microUsd: number): number {
  return microUsd / 1_000_000;
}
