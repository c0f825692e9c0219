import type { Audio } from "../types.js";

/**
 * The first session.run of a model is several times slower than the rest (allocations, kernel choice);
 * workers pay it on this clip before they say they are ready, not in the first request. One second of
 * faint deterministic noise (about -50 dBFS, above the engine's -60 dBFS silence gate), so silence
 * checks do not skip the model.
 */
export function warmupClip(): Audio {
  const samples = new Float32Array(16000);
  let seed = 1;
  for (let i = 0; i < samples.length; i++) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    samples[i] = (seed / 2147483648 - 0.5) * 0.006;
  }
  return { samples, sampleRate: 16000 };
}
