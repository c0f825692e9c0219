/** Peak below -60 dBFS counts as silence: a model has nothing to transcribe there. */
export const SILENCE_PEAK = 1e-3;

/** Largest absolute sample value. */
export function peakAbs(samples: Float32Array): number {
  let max = 0;
  for (let i = 0; i < samples.length; i++) {
    const a = Math.abs(samples[i]!);
    if (a > max) max = a;
  }
  return max;
}
