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
import { slaneyMelFilterbank } from "./mel.js";
import { CHUNK_FRAMES, MelKernel } from "./mel-kernel.js";
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
  /** Window, FFT, power and mel filterbank (WebAssembly); also holds the padded clip. */
  private readonly kernel = new MelKernel(
    new RealFft(N_FFT),
    centreWindow(hannSymmetric(WIN_LENGTH), N_FFT),
    slaneyMelFilterbank({ sampleRate: NEMO_SAMPLE_RATE, nFft: N_FFT, nMels: NEMO_N_MELS, fMin: 0, fMax: NEMO_SAMPLE_RATE / 2 }),
  );
  /**
   * Per mel row, for the per-feature normalisation: its first value, and the sum and sum of squares of
   * the values minus that one (shifted, so a nearly constant row does not lose its spread to cancellation).
   */
  private readonly shift = new Float64Array(NEMO_N_MELS);
  private readonly sum = new Float64Array(NEMO_N_MELS);
  private readonly sumSquares = new Float64Array(NEMO_N_MELS);

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
    this.preemphasisedPadded(samples);
    this.sum.fill(0);
    this.sumSquares.fill(0);
    // center=True: frame t is centred on sample t*hop, i.e. starts at t*hop in the padded signal. The
    // kernel does window, FFT, power and mel; the log is taken here, one call per frame (V8 optimises a
    // small hot function better than a long loop it has to compile on the stack).
    for (let first = 0; first < frames; first += CHUNK_FRAMES) {
      const count = Math.min(CHUNK_FRAMES, frames - first);
      const mel = this.kernel.melFrames(NEMO_HOP, first, count);
      for (let i = 0; i < count; i++) this.logFrame(mel, i * NEMO_N_MELS, first + i, out, offset + first + i, stride);
    }
    if (this.normalize === "per_feature") {
      normalizePerFeature(out, offset, stride, frames, this.shift, this.sum, this.sumSquares);
    }
  }

  /** Frame t's mel energies (mel[from..from+128)) -> its 128 log-mel values at out[at + m*stride]. */
  private logFrame(mel: Float64Array, from: number, t: number, out: Float32Array, at: number, stride: number): void {
    const { shift, sum, sumSquares } = this;
    for (let m = 0; m < NEMO_N_MELS; m++, at += stride) {
      const v = Math.fround(Math.log(mel[from + m]! + LOG_GUARD));
      out[at] = v;
      if (t === 0) shift[m] = v;
      const d = v - shift[m]!;
      sum[m]! += d;
      sumSquares[m]! += d * d;
    }
  }

  /** Writes the preemphasised clip, with n_fft/2 zeros either side (center=True), into the kernel's signal. */
  private preemphasisedPadded(samples: Float32Array): void {
    const n = samples.length;
    const half = N_FFT / 2;
    const x = this.kernel.signal(n + N_FFT);
    x.fill(0, 0, half);
    if (n > 0) x[half] = samples[0]!;
    for (let i = 1; i < n; i++) x[half + i] = samples[i]! - PREEMPHASIS * samples[i - 1]!;
    x.fill(0, half + n, n + N_FFT);
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
