/**
 * Band-limited sample-rate conversion by a polyphase windowed-sinc filter.
 *
 * Why not an npm resampler: libsamplerate's WASM port (@alexanderolsen/libsamplerate-js) was measured
 * here at ~50x real time for 44.1/48 kHz -> 16 kHz in its medium-quality mode (its fast mode cuts the
 * band at 80 %, 6.4 kHz of 8 kHz, which the top mel bins need), so an hour of upload spent over a
 * minute resampling. This filter runs several times faster at comparable quality:
 * - low-pass cutoff at 94 % of the lower Nyquist (7.52 kHz for 16 kHz out) with a Kaiser window
 *   (β = 8.6, ≈ 86 dB stop-band), 40 sinc zero crossings each side: flat to ~7 kHz, fully attenuated
 *   from ~8.03 kHz, so nothing aliases into the speech band;
 * - one tap table per output phase (the ratio reduced to L/M), each phase normalised to unit DC gain;
 * - the first output sample is aligned with the first input sample (no group delay to compensate);
 *   samples outside the clip are zero.
 * Ratios whose reduced L exceeds MAX_PHASES use the nearest of MAX_PHASES phases (timing error below
 * 1/(2·MAX_PHASES) of an input sample).
 */

const ZERO_CROSSINGS = 40;
const ROLLOFF = 0.94;
const KAISER_BETA = 8.6;
const MAX_PHASES = 4096;

export interface Resampler {
  readonly inputRate: number;
  readonly outputRate: number;
  /** Resample a whole clip; output length is ceil(input · out/in). */
  process(input: Float32Array): Float32Array;
}

export function createResampler(inputRate: number, outputRate: number): Resampler {
  if (!Number.isInteger(inputRate) || !Number.isInteger(outputRate) || inputRate <= 0 || outputRate <= 0) {
    throw new RangeError(`sample rates must be positive integers, got ${inputRate} -> ${outputRate}`);
  }
  if (inputRate === outputRate) {
    return { inputRate, outputRate, process: (input) => input.slice() };
  }
  return new PolyphaseResampler(inputRate, outputRate);
}

/** Convenience for one clip. */
export function resample(input: Float32Array, inputRate: number, outputRate: number): Float32Array {
  return createResampler(inputRate, outputRate).process(input);
}

class PolyphaseResampler implements Resampler {
  readonly inputRate: number;
  readonly outputRate: number;
  /** Reduced ratio: output j sits at input position j·down/up. */
  private readonly up: number;
  private readonly down: number;
  private readonly phases: number;
  /** Taps per phase; tap t of a phase applies to input sample base + firstTap + t. */
  private readonly taps: number;
  private readonly firstTap: number;
  private readonly table: Float32Array;

  constructor(inputRate: number, outputRate: number) {
    this.inputRate = inputRate;
    this.outputRate = outputRate;
    const g = gcd(inputRate, outputRate);
    this.up = outputRate / g;
    this.down = inputRate / g;
    this.phases = Math.min(this.up, MAX_PHASES);

    // Kernel in units of input samples: cutoff as a fraction of the input rate.
    const cutoff = (ROLLOFF * Math.min(inputRate, outputRate)) / 2 / inputRate;
    const halfWidth = ZERO_CROSSINGS / (2 * cutoff);
    this.firstTap = -Math.floor(halfWidth);
    this.taps = Math.floor(halfWidth) + 1 - this.firstTap + 1;
    this.table = new Float32Array(this.phases * this.taps);
    const i0Beta = besselI0(KAISER_BETA);
    const row = new Float64Array(this.taps);
    for (let p = 0; p < this.phases; p++) {
      const frac = p / this.phases;
      let sum = 0;
      for (let t = 0; t < this.taps; t++) {
        // Distance from the output instant to input sample base + firstTap + t.
        const u = frac - (this.firstTap + t);
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
      for (let t = 0; t < this.taps; t++) this.table[p * this.taps + t] = row[t]! / sum;
    }
  }

  process(input: Float32Array): Float32Array {
    const { up, down, phases, taps, firstTap, table } = this;
    const n = input.length;
    const outLength = Math.ceil((n * up) / down);
    const out = new Float32Array(outLength);
    const stepBase = Math.floor(down / up);
    const stepFrac = down - stepBase * up;
    let base = 0;
    let frac = 0; // output position = base + frac/up
    for (let j = 0; j < outLength; j++) {
      let phase = frac;
      let start = base + firstTap;
      if (phases !== up) {
        phase = Math.round((frac * phases) / up);
        if (phase === phases) {
          phase = 0;
          start += 1;
        }
      }
      const row = phase * taps;
      let acc = 0;
      if (start >= 0 && start + taps <= n) {
        for (let t = 0; t < taps; t++) acc += table[row + t]! * input[start + t]!;
      } else {
        const lo = Math.max(0, -start);
        const hi = Math.min(taps, n - start);
        for (let t = lo; t < hi; t++) acc += table[row + t]! * input[start + t]!;
      }
      out[j] = acc;
      base += stepBase;
      frac += stepFrac;
      if (frac >= up) {
        frac -= up;
        base += 1;
      }
    }
    return out;
  }
}

function gcd(a: number, b: number): number {
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
