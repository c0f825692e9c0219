/**
 * NeMo's AudioToMelSpectrogramPreprocessor as used by Canary and Nemotron (see DESIGN.md):
 * 16 kHz mono -> preemphasis 0.97 -> STFT (n_fft 512, Hann(400, periodic=False) centred in 512, hop 160,
 * center=True with zero padding) -> |X|² -> Slaney mel 128 x 0-8000 Hz -> ln(x + 2^-24)
 * -> optional per-feature normalisation over the valid frames. No dither.
 *
 * Valid frames = floor(samples / 160) (NeMo's get_seq_len); the one extra column torch.stft would add is
 * masked in NeMo and simply not produced here.
 */
import { RealFft } from "./fft.js";
import { applyMel, slaneyMelFilterbank, type MelFilterbank } from "./mel.js";
import { centreWindow, hannSymmetric } from "./window.js";

export const NEMO_SAMPLE_RATE = 16000;
export const NEMO_N_MELS = 128;
export const NEMO_HOP = 160;
const N_FFT = 512;
const WIN_LENGTH = 400;
const PREEMPHASIS = 0.97;
const LOG_GUARD = 2 ** -24;
const NORMALIZE_EPS = 1e-5;

export type NemoNormalize = "per_feature" | "none";

export interface NemoFrontendOptions {
  /** "per_feature" for Canary, "none" for Nemotron. */
  normalize: NemoNormalize;
}

/** One clip's features: [nMels, frames] row-major (mel bin major, time minor). */
export interface Features {
  data: Float32Array;
  nMels: number;
  frames: number;
}

/** Several clips padded to one length: [batch, nMels, maxFrames] row-major, zeros past each clip's frames. */
export interface FeatureBatch {
  data: Float32Array;
  batch: number;
  nMels: number;
  maxFrames: number;
  /** Valid frames of each clip (what the encoder's `length` input wants). */
  frames: number[];
}

export interface BatchOptions {
  /** Round maxFrames up to a multiple of this (NeMo's pad_to); default 1. */
  padTo?: number;
}

/** Number of feature frames NeMo produces for a clip of `samples` samples. */
export function nemoFrameCount(samples: number): number {
  return Math.floor(samples / NEMO_HOP);
}

export class NemoFrontend {
  readonly normalize: NemoNormalize;
  private readonly fft = new RealFft(N_FFT);
  private readonly window = centreWindow(hannSymmetric(WIN_LENGTH), N_FFT);
  private readonly fb: MelFilterbank = slaneyMelFilterbank({
    sampleRate: NEMO_SAMPLE_RATE,
    nFft: N_FFT,
    nMels: NEMO_N_MELS,
    fMin: 0,
    fMax: NEMO_SAMPLE_RATE / 2,
  });
  private readonly power = new Float64Array(N_FFT / 2 + 1);
  private readonly mel = new Float64Array(NEMO_N_MELS);
  /**
   * Per mel row, for the per-feature normalisation: its first value, and the sum and sum of squares of
   * the values minus that one (shifted, so a nearly constant row does not lose its spread to cancellation).
   */
  private readonly shift = new Float64Array(NEMO_N_MELS);
  private readonly sum = new Float64Array(NEMO_N_MELS);
  private readonly sumSquares = new Float64Array(NEMO_N_MELS);
  /** The preemphasised clip with n_fft/2 zeros either side (center=True), grown as needed and reused. */
  private padded = new Float64Array(0);

  constructor(options: NemoFrontendOptions) {
    this.normalize = options.normalize;
  }

  compute(samples: Float32Array): Features {
    const frames = nemoFrameCount(samples.length);
    const data = new Float32Array(NEMO_N_MELS * frames);
    this.computeInto(samples, data, 0, frames);
    return { data, nMels: NEMO_N_MELS, frames };
  }

  computeBatch(clips: readonly Float32Array[], options: BatchOptions = {}): FeatureBatch {
    const padTo = Math.max(1, Math.floor(options.padTo ?? 1));
    const frames = clips.map((c) => nemoFrameCount(c.length));
    const longest = frames.reduce((a, b) => Math.max(a, b), 0);
    const maxFrames = Math.ceil(longest / padTo) * padTo;
    const clipSize = NEMO_N_MELS * maxFrames;
    const data = new Float32Array(clips.length * clipSize);
    for (let b = 0; b < clips.length; b++) this.computeInto(clips[b]!, data, b * clipSize, maxFrames);
    return { data, batch: clips.length, nMels: NEMO_N_MELS, maxFrames, frames };
  }

  /**
   * Writes the clip's features into out[offset + m*stride + t]; columns t ≥ frames are left untouched
   * (zero in a fresh buffer, which is NeMo's pad_value).
   */
  private computeInto(samples: Float32Array, out: Float32Array, offset: number, stride: number): void {
    const frames = nemoFrameCount(samples.length);
    if (frames === 0) return;
    const x = this.preemphasisedPadded(samples);
    this.sum.fill(0);
    this.sumSquares.fill(0);
    // One call per frame, not one long loop: V8 optimises a small hot function better than a loop it
    // has to compile on the stack (OSR) in the middle of a long-running one.
    for (let t = 0; t < frames; t++) this.frame(x, t, out, offset + t, stride);
    if (this.normalize === "per_feature") {
      normalizePerFeature(out, offset, stride, frames, this.shift, this.sum, this.sumSquares);
    }
  }

  /** Frame t of the padded, preemphasised clip -> its 128 log-mel values at out[at + m*stride]. */
  private frame(x: Float64Array, t: number, out: Float32Array, at: number, stride: number): void {
    const { power, mel, window, fft, fb, shift, sum, sumSquares } = this;
    const { re, im, slot } = fft;
    // center=True: frame t is centred on sample t*hop, i.e. starts at t*hop in the padded signal.
    // Window and packing (even samples -> re, odd -> im, bit-reversed) in one pass.
    const origin = t * NEMO_HOP;
    for (let p = 0; p < N_FFT / 2; p++) {
      const j = slot[p]!;
      re[j] = window[2 * p]! * x[origin + 2 * p]!;
      im[j] = window[2 * p + 1]! * x[origin + 2 * p + 1]!;
    }
    fft.power(power);
    applyMel(fb, power, mel);
    for (let m = 0; m < NEMO_N_MELS; m++, at += stride) {
      const v = Math.fround(Math.log(mel[m]! + LOG_GUARD));
      out[at] = v;
      if (t === 0) shift[m] = v;
      const d = v - shift[m]!;
      sum[m]! += d;
      sumSquares[m]! += d * d;
    }
  }

  private preemphasisedPadded(samples: Float32Array): Float64Array {
    const n = samples.length;
    const half = N_FFT / 2;
    if (this.padded.length < n + N_FFT) this.padded = new Float64Array(n + N_FFT);
    const x = this.padded;
    x.fill(0, 0, half);
    if (n > 0) x[half] = samples[0]!;
    for (let i = 1; i < n; i++) x[half + i] = samples[i]! - PREEMPHASIS * samples[i - 1]!;
    x.fill(0, half + n, n + N_FFT);
    return x;
  }
}

/**
 * NeMo normalize_batch("per_feature"): each mel row to zero mean and unit (N-1) std + 1e-5, valid frames
 * only. The sums come from the frame loop (float64), so this is one pass over the row.
 */
function normalizePerFeature(
  out: Float32Array,
  offset: number,
  stride: number,
  frames: number,
  shift: Float64Array,
  sum: Float64Array,
  sumSquares: Float64Array,
): void {
  for (let m = 0; m < NEMO_N_MELS; m++) {
    const shiftedMean = sum[m]! / frames;
    const mean = shift[m]! + shiftedMean;
    // One frame has no spread; NeMo's NaN is replaced by 0 there, leaving only the epsilon.
    const variance = frames > 1 ? Math.max(0, (sumSquares[m]! - shiftedMean * sum[m]!) / (frames - 1)) : 0;
    const scale = 1 / (Math.sqrt(variance) + NORMALIZE_EPS);
    const row = offset + m * stride;
    for (let t = row; t < row + frames; t++) out[t] = (out[t]! - mean) * scale;
  }
}
