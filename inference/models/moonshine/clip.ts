/**
 * Which second of a recording the single-word classifier looks at.
 *
 * The model hears one isolated word in a ~1 s clip (upstream, a voice-activity segmenter cuts that clip
 * around the speech). Clips of up to 1 s are used as they are (padded, as the model card specifies). For
 * a longer recording, e.g. someone pressing record, saying "seven" and stopping two seconds later, the
 * 1 s window with the most energy is used (that is where the word is), centred on the word.
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
  const sums = new Float64Array(lastStart + 1);
  let sum = 0;
  for (let b = 0; b < perWindow; b++) sum += energy[b]!;
  sums[0] = sum;
  for (let s = 1; s <= lastStart; s++) {
    sum += energy[s + perWindow - 1]! - energy[s - 1]!;
    sums[s] = sum;
  }
  // A word shorter than the window fits in a run of (almost) equally loud windows; take the middle
  // of that run so the word sits centred, as in the clips the model was trained on.
  let bestBlock = 0;
  for (let s = 1; s <= lastStart; s++) if (sums[s]! > sums[bestBlock]!) bestBlock = s;
  const threshold = 0.99 * sums[bestBlock]!;
  let first = bestBlock;
  let last = bestBlock;
  while (first > 0 && sums[first - 1]! >= threshold) first--;
  while (last < lastStart && sums[last + 1]! >= threshold) last++;
  const start = Math.round((first + last) / 2) * STEP;
  return { start, end: start + length };
}
