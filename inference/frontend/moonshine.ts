/**
 * The moonshine-micro SpellingCNN front end (../shared/models/moonshine-micro/README.md):
 * 16 kHz mono padded or cropped to 1 s -> reflect-pad n_fft/2 -> periodic Hann 512, n_fft 512, hop 125
 * -> |X|² -> Slaney mel 64 x 20-8000 Hz (area-normalised) -> first 128 frames -> ln(x + 1e-6)
 * -> per-clip mean/std normalisation (ddof=1, std floored at 1e-3).
 */
import { RealFft } from "./fft.js";
import { applyMel, slaneyMelFilterbank } from "./mel.js";
import { hannPeriodic } from "./window.js";

export const MOONSHINE_SAMPLE_RATE = 16000;
export const MOONSHINE_CLIP_SAMPLES = 16000;
export const MOONSHINE_N_MELS = 64;
export const MOONSHINE_FRAMES = 128;
const N_FFT = 512;
const HOP = 125;
const LOG_OFFSET = 1e-6;
const STD_FLOOR = 1e-3;

export class MoonshineFrontend {
  private readonly fft = new RealFft(N_FFT);
  private readonly window = hannPeriodic(N_FFT);
  private readonly fb = slaneyMelFilterbank({
    sampleRate: MOONSHINE_SAMPLE_RATE,
    nFft: N_FFT,
    nMels: MOONSHINE_N_MELS,
    fMin: 20,
    fMax: 8000,
  });
  private readonly padded = new Float64Array(MOONSHINE_CLIP_SAMPLES + N_FFT);
  private readonly power = new Float64Array(N_FFT / 2 + 1);
  private readonly mel = new Float64Array(MOONSHINE_N_MELS);
  /** The clip's first log-mel value, then the sum and sum of squares of the values minus it. */
  private readonly sums = new Float64Array(3);

  /** Features of one clip, [64, 128] row-major (mel major), the model's log_mel[b, 0]. */
  compute(samples: Float32Array): Float32Array {
    const out = new Float32Array(MOONSHINE_N_MELS * MOONSHINE_FRAMES);
    this.computeInto(samples, out, 0);
    return out;
  }

  /** The model input for several clips: [B, 1, 64, 128] row-major. */
  computeBatch(clips: readonly Float32Array[]): Float32Array {
    const size = MOONSHINE_N_MELS * MOONSHINE_FRAMES;
    const out = new Float32Array(clips.length * size);
    for (let b = 0; b < clips.length; b++) this.computeInto(clips[b]!, out, b * size);
    return out;
  }

  private computeInto(samples: Float32Array, out: Float32Array, offset: number): void {
    const { padded } = this;
    const half = N_FFT / 2;
    const n = MOONSHINE_CLIP_SAMPLES;
    // Pad with zeros or crop to exactly one second, then reflect-pad (numpy "reflect": edge not repeated).
    const used = Math.min(samples.length, n);
    padded.fill(0, 0, half);
    for (let i = 0; i < used; i++) padded[half + i] = samples[i]!;
    padded.fill(0, half + used);
    for (let i = 1; i <= half; i++) {
      padded[half - i] = padded[half + i]!;
      padded[half + n - 1 + i] = padded[half + n - 1 - i]!;
    }
    // Sums for the per-clip normalisation, shifted by the first value (no cancellation on flat input).
    // One call per frame: V8 optimises a small hot function better than a long loop compiled on the stack.
    const sums = this.sums;
    sums[1] = 0;
    sums[2] = 0;
    for (let t = 0; t < MOONSHINE_FRAMES; t++) this.frame(t, out, offset);
    const first = sums[0]!;
    const sum = sums[1]!;
    const sumSquares = sums[2]!;
    const size = MOONSHINE_N_MELS * MOONSHINE_FRAMES;
    const shiftedMean = sum / size;
    const mean = first + shiftedMean;
    const std = Math.max(Math.sqrt(Math.max(0, (sumSquares - shiftedMean * sum) / (size - 1))), STD_FLOOR);
    const scale = 1 / std;
    for (let i = offset; i < offset + size; i++) out[i] = (out[i]! - mean) * scale;
  }

  /** Frame t of the padded clip -> its 64 log-mel values at out[offset + m*128 + t]. */
  private frame(t: number, out: Float32Array, offset: number): void {
    const { padded, power, mel, window, fft, fb, sums } = this;
    const { re, im, slot } = fft;
    // Window and packing (even samples -> re, odd -> im, bit-reversed) in one pass.
    const origin = t * HOP;
    for (let p = 0; p < N_FFT / 2; p++) {
      const j = slot[p]!;
      re[j] = window[2 * p]! * padded[origin + 2 * p]!;
      im[j] = window[2 * p + 1]! * padded[origin + 2 * p + 1]!;
    }
    fft.power(power);
    applyMel(fb, power, mel);
    if (t === 0) sums[0] = Math.fround(Math.log(mel[0]! + LOG_OFFSET));
    const first = sums[0]!;
    let sum = 0;
    let sumSquares = 0;
    let at = offset + t;
    for (let m = 0; m < MOONSHINE_N_MELS; m++, at += MOONSHINE_FRAMES) {
      const v = Math.fround(Math.log(mel[m]! + LOG_OFFSET));
      out[at] = v;
      const d = v - first;
      sum += d;
      sumSquares += d * d;
    }
    sums[1]! += sum;
    sums[2]! += sumSquares;
  }
}
