/**
 * Power spectrum of a real frame by FFT: the algorithm and the tables of the front ends' inner loop.
 *
 * A real N-point FFT is computed as one complex N/2-point FFT over the even/odd samples packed as
 * re/im, then split into the N/2+1 non-redundant bins. The complex FFT is radix-2 decimation in time with
 * its stages taken two at a time (radix-2²): half the passes over memory of plain radix-2, and the first
 * pass, whose twiddles are all 1, has no multiplications. Every table (twiddles per pass, bit reversal,
 * split factors) and buffer is allocated once per instance and nothing is allocated per frame.
 *
 * The front ends run the same algorithm, with this class's tables, in WebAssembly (mel-kernel.ts), two
 * frames per SIMD lane pair; this JS version is its reference (the kernel's tests compare the two) and
 * the plain entry point for one already windowed frame (`powerSpectrum`).
 */
export class RealFft {
  readonly size: number;
  /** Number of non-redundant bins: size/2 + 1. */
  readonly bins: number;
  /** Complex points of the packed transform: size/2. */
  readonly half: number;
  /**
   * Where packed sample n (frame[2n] + i·frame[2n+1]) goes: write it to re[slot[n]], im[slot[n]]. The
   * transform expects its input in bit-reversed order, so loading does the permutation for free.
   */
  readonly slot: Uint32Array;
  /** The packed input, then the transform, in place. */
  readonly re: Float64Array;
  readonly im: Float64Array;
  /** One entry per radix-2² pass after the first: the sub-transform length L it combines, 4 at a time. */
  readonly passes: Int32Array;
  /** Per pass, per k < L: w1 = W(2L)^k and w2 = W(4L)^k as (re, im, re, im), W(M) = exp(-2πi/M). */
  readonly twiddles: Float64Array;
  /** When log2(half) is odd, one radix-2 pass (span 1) runs first. */
  readonly oddStage: boolean;
  /** Split factors 0.5·exp(-2πik/size), k < half. */
  readonly splitRe: Float64Array;
  readonly splitIm: Float64Array;

  constructor(size: number) {
    if (!Number.isInteger(size) || size < 8 || (size & (size - 1)) !== 0) {
      throw new RangeError(`FFT size must be a power of two ≥ 8, got ${size}`);
    }
    this.size = size;
    const half = size / 2;
    this.half = half;
    this.bins = half + 1;
    const bits = Math.log2(half);
    this.slot = new Uint32Array(half);
    for (let i = 0; i < half; i++) {
      let r = 0;
      for (let b = 0; b < bits; b++) r |= ((i >>> b) & 1) << (bits - 1 - b);
      this.slot[i] = r;
    }
    this.oddStage = bits % 2 === 1;
    // Sub-transform lengths combined by the radix-2² passes after the first (twiddle-free) one.
    const lengths: number[] = [];
    for (let L = this.oddStage ? 8 : 4; L < half; L *= 4) lengths.push(L);
    this.passes = Int32Array.from(lengths);
    this.twiddles = new Float64Array(4 * lengths.reduce((a, b) => a + b, 0));
    let at = 0;
    for (const L of lengths) {
      for (let k = 0; k < L; k++) {
        this.twiddles[at++] = Math.cos((2 * Math.PI * k) / (2 * L));
        this.twiddles[at++] = -Math.sin((2 * Math.PI * k) / (2 * L));
        this.twiddles[at++] = Math.cos((2 * Math.PI * k) / (4 * L));
        this.twiddles[at++] = -Math.sin((2 * Math.PI * k) / (4 * L));
      }
    }
    this.splitRe = new Float64Array(half);
    this.splitIm = new Float64Array(half);
    for (let k = 0; k < half; k++) {
      this.splitRe[k] = 0.5 * Math.cos((2 * Math.PI * k) / size);
      this.splitIm[k] = -0.5 * Math.sin((2 * Math.PI * k) / size);
    }
    this.re = new Float64Array(half);
    this.im = new Float64Array(half);
  }

  /**
   * Writes |X[k]|² for k = 0..size/2 into `power` (length ≥ bins). `frame` must hold `size` samples
   * (already windowed); it is not modified.
   */
  powerSpectrum(frame: ArrayLike<number>, power: Float64Array): void {
    const { re, im, slot, half } = this;
    for (let n = 0; n < half; n++) {
      const j = slot[n]!;
      re[j] = frame[2 * n]!;
      im[j] = frame[2 * n + 1]!;
    }
    this.power(power);
  }

  /** Transforms what was loaded into re/im (see `slot`) and writes the power of bins 0..size/2. */
  power(power: Float64Array): void {
    this.transform();
    const { re, im, half, splitRe, splitIm } = this;
    // Bin 0 and bin N/2 come from Z[0] alone.
    const re0 = re[0]!;
    const im0 = im[0]!;
    power[0] = (re0 + im0) * (re0 + im0);
    power[half] = (re0 - im0) * (re0 - im0);
    for (let k = 1; k < half; k++) {
      // Z[k] and conj(Z[half-k]) give the even part E = (Z[k] + conj Z[half-k]) / 2 and the odd part
      // O = (Z[k] - conj Z[half-k]) / 2i; X[k] = E + W(size)^k · O. The 1/2 is folded into the factors.
      const ar = re[k]!;
      const ai = im[k]!;
      const br = re[half - k]!;
      const bi = im[half - k]!;
      const sr = ar + br; // 2·Re E
      const si = ai - bi; // 2·Im E
      const dr = ai + bi; // 2·Re O
      const di = br - ar; // 2·Im O
      const wr = splitRe[k]!;
      const wi = splitIm[k]!;
      const xr = 0.5 * sr + wr * dr - wi * di;
      const xi = 0.5 * si + wr * di + wi * dr;
      power[k] = xr * xr + xi * xi;
    }
  }

  /** In-place complex FFT of re/im, whose input is in bit-reversed order. */
  private transform(): void {
    const { re, im, half, passes, twiddles } = this;
    if (this.oddStage) {
      // An odd number of radix-2 stages: one plain stage (span 1, twiddles all 1) forms transforms of 2,
      // then a radix-2² pass with L = 2 (its own small twiddle table) forms transforms of 8.
      for (let a = 0; a < half; a += 2) {
        const xr = re[a + 1]!;
        const xi = im[a + 1]!;
        re[a + 1] = re[a]! - xr;
        im[a + 1] = im[a]! - xi;
        re[a] = re[a]! + xr;
        im[a] = im[a]! + xi;
      }
      this.radix4Pass(2, radix4L2, 0);
    } else {
      // L = 1: four single points into a transform of 4; all twiddles are 1 (and -i).
      for (let a = 0; a < half; a += 4) {
        const x0r = re[a]!;
        const x0i = im[a]!;
        const x1r = re[a + 1]!;
        const x1i = im[a + 1]!;
        const x2r = re[a + 2]!;
        const x2i = im[a + 2]!;
        const x3r = re[a + 3]!;
        const x3i = im[a + 3]!;
        const y0r = x0r + x1r;
        const y0i = x0i + x1i;
        const y1r = x0r - x1r;
        const y1i = x0i - x1i;
        const y2r = x2r + x3r;
        const y2i = x2i + x3i;
        const y3r = x2r - x3r;
        const y3i = x2i - x3i;
        re[a] = y0r + y2r;
        im[a] = y0i + y2i;
        re[a + 2] = y0r - y2r;
        im[a + 2] = y0i - y2i;
        // (-i)·y3 = (y3i, -y3r)
        re[a + 1] = y1r + y3i;
        im[a + 1] = y1i - y3r;
        re[a + 3] = y1r - y3i;
        im[a + 3] = y1i + y3r;
      }
    }
    let at = 0;
    for (let p = 0; p < passes.length; p++) {
      const L = passes[p]!;
      this.radix4Pass(L, twiddles, at);
      at += 4 * L;
    }
  }

  /**
   * Combines four transforms of length L at a, a+L, a+2L, a+3L into one of 4L (two radix-2 stages):
   * y = (x0 ± w1·x1, x2 ± w1·x3), then out = (y0 ± w2·y2, y1 ∓ i·w2·y3), w1 = W(2L)^k, w2 = W(4L)^k.
   */
  private radix4Pass(L: number, table: Float64Array, offset: number): void {
    const { re, im, half } = this;
    const block = 4 * L;
    for (let k = 0; k < L; k++) {
      const t = offset + 4 * k;
      const w1r = table[t]!;
      const w1i = table[t + 1]!;
      const w2r = table[t + 2]!;
      const w2i = table[t + 3]!;
      for (let a = k; a < half; a += block) {
        const b = a + L;
        const c = b + L;
        const d = c + L;
        const x0r = re[a]!;
        const x0i = im[a]!;
        const x1r = re[b]!;
        const x1i = im[b]!;
        const x2r = re[c]!;
        const x2i = im[c]!;
        const x3r = re[d]!;
        const x3i = im[d]!;
        const t1r = w1r * x1r - w1i * x1i;
        const t1i = w1r * x1i + w1i * x1r;
        const t3r = w1r * x3r - w1i * x3i;
        const t3i = w1r * x3i + w1i * x3r;
        const y0r = x0r + t1r;
        const y0i = x0i + t1i;
        const y1r = x0r - t1r;
        const y1i = x0i - t1i;
        const y2r = x2r + t3r;
        const y2i = x2i + t3i;
        const y3r = x2r - t3r;
        const y3i = x2i - t3i;
        const u2r = w2r * y2r - w2i * y2i;
        const u2i = w2r * y2i + w2i * y2r;
        const u3r = w2r * y3r - w2i * y3i;
        const u3i = w2r * y3i + w2i * y3r;
        re[a] = y0r + u2r;
        im[a] = y0i + u2i;
        re[c] = y0r - u2r;
        im[c] = y0i - u2i;
        // -i·u3 = (u3i, -u3r)
        re[b] = y1r + u3i;
        im[b] = y1i - u3r;
        re[d] = y1r - u3i;
        im[d] = y1i + u3r;
      }
    }
  }
}

/** The twiddles of the radix-2² pass with L = 2 (used when log2(half) is odd): w1 = W4^k, w2 = W8^k. */
export const radix4L2 = Float64Array.from([1, 0, 1, 0, 0, -1, Math.SQRT1_2, -Math.SQRT1_2]);
