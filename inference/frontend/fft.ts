/**
 * Power spectrum of a real frame by a radix-2 FFT.
 *
 * A real N-point FFT is computed as one complex N/2-point FFT over the even/odd samples packed as
 * re/im, then split into the N/2+1 non-redundant bins. Twiddles, the bit-reversal permutation and the
 * work buffers are allocated once per instance, so one instance per frontend is reused for every frame.
 */
export class RealFft {
  readonly size: number;
  /** Number of non-redundant bins: size/2 + 1. */
  readonly bins: number;
  private readonly half: number;
  private readonly bitReverse: Uint32Array;
  /** exp(-2πik/half) for the complex half-size FFT, k < half/2. */
  private readonly cosHalf: Float64Array;
  private readonly sinHalf: Float64Array;
  /** exp(-2πik/size) for the real split, k ≤ half. */
  private readonly cosFull: Float64Array;
  private readonly sinFull: Float64Array;
  private readonly re: Float64Array;
  private readonly im: Float64Array;

  constructor(size: number) {
    if (!Number.isInteger(size) || size < 4 || (size & (size - 1)) !== 0) {
      throw new RangeError(`FFT size must be a power of two ≥ 4, got ${size}`);
    }
    this.size = size;
    this.half = size / 2;
    this.bins = this.half + 1;
    const half = this.half;
    const bits = Math.log2(half);
    this.bitReverse = new Uint32Array(half);
    for (let i = 0; i < half; i++) {
      let r = 0;
      for (let b = 0; b < bits; b++) r |= ((i >>> b) & 1) << (bits - 1 - b);
      this.bitReverse[i] = r;
    }
    this.cosHalf = new Float64Array(half / 2);
    this.sinHalf = new Float64Array(half / 2);
    for (let k = 0; k < half / 2; k++) {
      this.cosHalf[k] = Math.cos((2 * Math.PI * k) / half);
      this.sinHalf[k] = -Math.sin((2 * Math.PI * k) / half);
    }
    this.cosFull = new Float64Array(half + 1);
    this.sinFull = new Float64Array(half + 1);
    for (let k = 0; k <= half; k++) {
      this.cosFull[k] = Math.cos((2 * Math.PI * k) / size);
      this.sinFull[k] = -Math.sin((2 * Math.PI * k) / size);
    }
    this.re = new Float64Array(half);
    this.im = new Float64Array(half);
  }

  /**
   * Writes |X[k]|² for k = 0..size/2 into `power` (length ≥ bins). `frame` must hold `size` samples
   * (already windowed); it is not modified.
   */
  powerSpectrum(frame: ArrayLike<number>, power: Float64Array): void {
    this.transformPacked(frame);
    const { re, im, half, cosFull, sinFull } = this;
    // Bin 0 and bin N/2 come from Z[0] alone.
    const re0 = re[0]!;
    const im0 = im[0]!;
    power[0] = (re0 + im0) * (re0 + im0);
    power[half] = (re0 - im0) * (re0 - im0);
    for (let k = 1; k < half; k++) {
      const ar = re[k]!;
      const ai = im[k]!;
      const br = re[half - k]!;
      const bi = -im[half - k]!; // conj(Z[half-k])
      // Even part E = (Z[k] + conj(Z[half-k]))/2, odd part O = (Z[k] - conj(Z[half-k]))/(2i).
      const er = 0.5 * (ar + br);
      const ei = 0.5 * (ai + bi);
      const or = 0.5 * (ai - bi);
      const oi = -0.5 * (ar - br);
      const wr = cosFull[k]!;
      const wi = sinFull[k]!;
      const xr = er + wr * or - wi * oi;
      const xi = ei + wr * oi + wi * or;
      power[k] = xr * xr + xi * xi;
    }
  }

  /** Complex FFT of z[n] = frame[2n] + i·frame[2n+1], in place in re/im. */
  private transformPacked(frame: ArrayLike<number>): void {
    const { re, im, half, bitReverse, cosHalf, sinHalf } = this;
    for (let i = 0; i < half; i++) {
      const j = bitReverse[i]!;
      re[j] = frame[2 * i]!;
      im[j] = frame[2 * i + 1]!;
    }
    for (let span = 1; span < half; span *= 2) {
      const step = half / (2 * span);
      for (let start = 0; start < half; start += 2 * span) {
        for (let k = 0; k < span; k++) {
          const wr = cosHalf[k * step]!;
          const wi = sinHalf[k * step]!;
          const a = start + k;
          const b = a + span;
          const br = re[b]! * wr - im[b]! * wi;
          const bi = re[b]! * wi + im[b]! * wr;
          re[b] = re[a]! - br;
          im[b] = im[a]! - bi;
          re[a] = re[a]! + br;
          im[a] = im[a]! + bi;
        }
      }
    }
  }
}
