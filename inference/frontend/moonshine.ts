/**
 * The moonshine-micro SpellingCNN front end (../shared/models/moonshine-micro/README.md):
 * 16 kHz mono padded or cropped to 1 s -> reflect-pad n_fft/2 -> periodic Hann 512, n_fft 512, hop 125
 * -> |X|² -> Slaney mel 64 x 20-8000 Hz (area-normalised) -> first 128 frames -> ln(x + 1e-6)
 * -> per-clip mean/std normalisation (ddof=1, std floored at 1e-3).
 */
import { RealFft } from "./fft.js";
import { slaneyMelFilterbank } from "./mel.js";
import { CHUNK_FRAMES, MelKernel } from "./mel-kernel.js";
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
  /** Window, FFT, power and mel filterbank (WebAssembly); also holds the padded clip. */
  private readonly kernel = new MelKernel(
    new RealFft(N_FFT),
    hannPeriodic(N_FFT),
    slaneyMelFilterbank({ sampleRate: MOONSHINE_SAMPLE_RATE, nFft: N_FFT, nMels: MOONSHINE_N_MELS, fMin: 20, fMax: 8000 }),
  );
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
    const half = N_FFT / 2;
    const n = MOONSHINE_CLIP_SAMPLES;
    const padded = this.kernel.signal(n + N_FFT);
    // Pad with zeros or crop to exactly one second, then reflect-pad (numpy "reflect": edge not repeated).
    const used = Math.min(samples.length, n);
    padded.fill(0, 0, half);
    padded.set(used < samples.length ? samples.subarray(0, used) : samples, half);
    padded.fill(0, half + used, n + N_FFT);
    for (let i = 1; i <= half; i++) {
      padded[half - i] = padded[half + i]!;
      padded[half + n - 1 + i] = padded[half + n - 1 - i]!;
    }
    // Sums for the per-clip normalisation, shifted by the first value (no cancellation on flat input).
    // The kernel does window, FFT, power and mel; the log is taken here, one call per frame (V8 optimises
    // a small hot function better than a long loop compiled on the stack).
    const sums = this.sums;
    sums[1] = 0;
    sums[2] = 0;
    for (let first = 0; first < MOONSHINE_FRAMES; first += CHUNK_FRAMES) {
      const count = Math.min(CHUNK_FRAMES, MOONSHINE_FRAMES - first);
      const mel = this.kernel.melFrames(HOP, first, count);
      for (let i = 0; i < count; i++) this.logFrame(mel, i * MOONSHINE_N_MELS, first + i, out, offset);
    }
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

  /** Frame t's mel energies (mel[from..from+64)) -> its 64 log-mel values at out[offset + m*128 + t]. */
  private logFrame(mel: Float64Array, from: number, t: number, out: Float32Array, offset: number): void {
    const { sums } = this;
    if (t === 0) sums[0] = Math.fround(Math.log(mel[from]! + LOG_OFFSET));
    const first = sums[0]!;
    let sum = 0;
    let sumSquares = 0;
    let at = offset + t;
    for (let m = 0; m < MOONSHINE_N_MELS; m++, at += MOONSHINE_FRAMES) {
      const v = Math.fround(Math.log(mel[from + m]! + LOG_OFFSET));
      out[at] = v;
      const d = v - first;
      sum += d;
      sumSquares += d * d;
    }
    sums[1]! += sum;
    sums[2]! += sumSquares;
  }
}
