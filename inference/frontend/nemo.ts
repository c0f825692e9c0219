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
  private readonly frame = new Float64Array(N_FFT);
  private readonly power = new Float64Array(N_FFT / 2 + 1);
  private readonly mel = new Float64Array(NEMO_N_MELS);

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
    clips.forEach((clip, b) => this.computeInto(clip, data, b * clipSize, maxFrames));
    return { data, batch: clips.length, nMels: NEMO_N_MELS, maxFrames, frames };
  }

  /**
   * Writes the clip's features into out[offset + m*stride + t]; columns t ≥ frames are left untouched
   * (zero in a fresh buffer, which is NeMo's pad_value).
   */
  private computeInto(samples: Float32Array, out: Float32Array, offset: number, stride: number): void {
    const frames = nemoFrameCount(samples.length);
    const { frame, power, mel, window, fft, fb } = this;
    const n = samples.length;
    const half = N_FFT / 2;
    for (let t = 0; t < frames; t++) {
      // center=True: frame t is centred on sample t*hop, zeros outside the clip.
      const origin = t * NEMO_HOP - half;
      for (let j = 0; j < N_FFT; j++) {
        const w = window[j]!;
        if (w === 0) {
          frame[j] = 0;
          continue;
        }
        const i = origin + j;
        frame[j] = i >= 0 && i < n ? w * preemphasised(samples, i) : 0;
      }
      fft.powerSpectrum(frame, power);
      applyMel(fb, power, mel);
      for (let m = 0; m < NEMO_N_MELS; m++) out[offset + m * stride + t] = Math.log(mel[m]! + LOG_GUARD);
    }
    if (this.normalize === "per_feature") normalizePerFeature(out, offset, stride, frames);
  }
}

function preemphasised(x: Float32Array, i: number): number {
  return i === 0 ? x[0]! : x[i]! - PREEMPHASIS * x[i - 1]!;
}

/** NeMo normalize_batch("per_feature"): each mel row to zero mean and unit (N-1) std + 1e-5, valid frames only. */
function normalizePerFeature(out: Float32Array, offset: number, stride: number, frames: number): void {
  if (frames === 0) return;
  for (let m = 0; m < NEMO_N_MELS; m++) {
    const row = offset + m * stride;
    let sum = 0;
    for (let t = 0; t < frames; t++) sum += out[row + t]!;
    const mean = sum / frames;
    let sq = 0;
    for (let t = 0; t < frames; t++) {
      const d = out[row + t]! - mean;
      sq += d * d;
    }
    // One frame has no spread; NeMo's NaN is replaced by 0 there, leaving only the epsilon.
    const std = (frames > 1 ? Math.sqrt(sq / (frames - 1)) : 0) + NORMALIZE_EPS;
    for (let t = 0; t < frames; t++) out[row + t] = (out[row + t]! - mean) / std;
  }
}
