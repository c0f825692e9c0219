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
  private readonly frame = new Float64Array(N_FFT);
  private readonly power = new Float64Array(N_FFT / 2 + 1);
  private readonly mel = new Float64Array(MOONSHINE_N_MELS);

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
    clips.forEach((clip, b) => this.computeInto(clip, out, b * size));
    return out;
  }

  private computeInto(samples: Float32Array, out: Float32Array, offset: number): void {
    const { padded, frame, power, mel, window, fft, fb } = this;
    const half = N_FFT / 2;
    const n = MOONSHINE_CLIP_SAMPLES;
    // Pad with zeros or crop to exactly one second, then reflect-pad (numpy "reflect": edge not repeated).
    padded.fill(0);
    padded.set(samples.length > n ? samples.subarray(0, n) : samples, half);
    for (let i = 1; i <= half; i++) {
      padded[half - i] = padded[half + i]!;
      padded[half + n - 1 + i] = padded[half + n - 1 - i]!;
    }
    for (let t = 0; t < MOONSHINE_FRAMES; t++) {
      const origin = t * HOP;
      for (let j = 0; j < N_FFT; j++) frame[j] = window[j]! * padded[origin + j]!;
      fft.powerSpectrum(frame, power);
      applyMel(fb, power, mel);
      for (let m = 0; m < MOONSHINE_N_MELS; m++) {
        out[offset + m * MOONSHINE_FRAMES + t] = Math.log(mel[m]! + LOG_OFFSET);
      }
    }
    const size = MOONSHINE_N_MELS * MOONSHINE_FRAMES;
    let sum = 0;
    for (let i = 0; i < size; i++) sum += out[offset + i]!;
    const mean = sum / size;
    let sq = 0;
    for (let i = 0; i < size; i++) {
      const d = out[offset + i]! - mean;
      sq += d * d;
    }
    const std = Math.max(Math.sqrt(sq / (size - 1)), STD_FLOOR);
    for (let i = 0; i < size; i++) out[offset + i] = (out[offset + i]! - mean) / std;
  }
}
