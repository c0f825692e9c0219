/**
 * The low-pass filter both resamplers use (inference/audio/resample.ts for whole clips,
 * inference/upstream/kyutai/resampler.ts for streams): a sinc cut at ROLLOFF of the lower Nyquist,
 * shaped by a Kaiser window (β 8.6, ≈ 86 dB stop band), tabulated once per output phase and normalised
 * to unit DC gain per phase. The two differ only in how many zero crossings they keep and where their
 * taps start relative to an output's position.
 */

const ROLLOFF = 0.94;
const KAISER_BETA = 8.6;

export interface SincDesign {
  /** Cut-off in cycles per input sample. */
  cutoff: number;
  /** The window reaches this many input samples either side of an output instant. */
  halfWidth: number;
}

/** The filter for inputRate -> outputRate keeping `zeroCrossings` sinc zero crossings each side. */
export function sincDesign(inputRate: number, outputRate: number, zeroCrossings: number): SincDesign {
  const cutoff = (ROLLOFF * Math.min(inputRate, outputRate)) / 2 / inputRate;
  return { cutoff, halfWidth: zeroCrossings / (2 * cutoff) };
}

/**
 * Fills `table` with `phases` rows of `taps` weights: row p is for an output at fractional position
 * p/phases past an input sample s, and its tap t weighs input sample s + firstTap + t. Each row sums to 1.
 */
export function fillPhaseTable(
  design: SincDesign,
  phases: number,
  firstTap: number,
  taps: number,
  table: Float32Array | Float64Array,
): void {
  const { cutoff, halfWidth } = design;
  const i0Beta = besselI0(KAISER_BETA);
  const row = new Float64Array(taps);
  for (let p = 0; p < phases; p++) {
    const frac = p / phases;
    let sum = 0;
    for (let t = 0; t < taps; t++) {
      // Distance from the output instant to the tap's input sample.
      const u = frac - (firstTap + t);
      const r = u / halfWidth;
      let h = 0;
      if (Math.abs(r) < 1) {
        const x = 2 * cutoff * u;
        const sinc = x === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
        h = 2 * cutoff * sinc * (besselI0(KAISER_BETA * Math.sqrt(1 - r * r)) / i0Beta);
      }
      row[t] = h;
      sum += h;
    }
    for (let t = 0; t < taps; t++) table[p * taps + t] = row[t]! / sum;
  }
}

export function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/** Modified Bessel function of the first kind, order 0 (power series; converges fast for β ≤ 20). */
function besselI0(x: number): number {
  let sum = 1;
  let term = 1;
  const q = (x * x) / 4;
  for (let k = 1; k < 50; k++) {
    term *= q / (k * k);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return sum;
}
