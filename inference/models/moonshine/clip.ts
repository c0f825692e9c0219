/**
 * Which second of a recording the single-word classifier looks at.
 *
 * The model hears one isolated word in a ~1 s clip (upstream, a voice-activity segmenter cuts that clip
 * around the speech). Clips of up to 1 s are used as they are (padded, as the model card specifies). For
 * a longer recording, e.g. someone pressing record, saying "seven" and stopping two seconds later, the
 * 1 s window with the most energy is used: that is where the word is.
 */
import { MOONSHINE_CLIP_SAMPLES } from "../../frontend/moonshine.js";

/** Window start positions are tried every 10 ms. */
const STEP = 160;

export interface ClipWindow {
  /** First sample of the window. */
  start: number;
  /** One past the last sample (≤ the recording length). */
  end: number;
}

export function loudestWindow(samples: Float32Array, length = MOONSHINE_CLIP_SAMPLES): ClipWindow {
  if (samples.length <= length) return { start: 0, end: samples.length };
  // Energy of every STEP-sized block, then a sliding sum over the blocks a window covers.
  const blocks = Math.ceil(samples.length / STEP);
  const energy = new Float64Array(blocks);
  for (let i = 0; i < samples.length; i++) energy[Math.floor(i / STEP)]! += samples[i]! * samples[i]!;
  const perWindow = Math.floor(length / STEP);
  const lastStart = Math.floor((samples.length - length) / STEP);
  let sum = 0;
  for (let b = 0; b < perWindow; b++) sum += energy[b]!;
  let best = sum;
  let bestBlock = 0;
  for (let s = 1; s <= lastStart; s++) {
    sum += energy[s + perWindow - 1]! - energy[s - 1]!;
    if (sum > best) {
      best = sum;
      bestBlock = s;
    }
  }
  const start = bestBlock * STEP;
  return { start, end: start + length };
}
