/**
 * Log-mel features for a stream, computed as audio arrives and identical, bit for bit, to computing them
 * over the whole recording at once (NemoFrontend, Nemotron's normalisation "none").
 *
 * Frame t is centred on sample 160 t and uses samples [160 t - 200, 160 t + 200) (the 400-sample Hann window
 * inside the 512-point frame), plus one sample before for the preemphasis. So frame t can be computed once
 * 160 t + 200 samples have arrived; the last frames of a recording (zero padding past its end) only when it
 * ends. Each batch of new frames is computed by NemoFrontend over a slice that starts two frames early, so no
 * new frame touches the slice's first sample (where the preemphasis has no predecessor).
 */
import { NEMO_HOP, NEMO_N_MELS, nemoFrameCount, type NemoFrontend } from "../../frontend/nemo.js";

const HALF_WINDOW = 200;
const LEAD_FRAMES = 2;

/** New frames, mel-major: data[m * frames + t]. */
export interface FrameBlock {
  data: Float32Array;
  frames: number;
}

export class StreamingLogMel {
  private buffer = new Float32Array(16000);
  /** Global index of buffer[0]. */
  private bufferStart = 0;
  private filled = 0;
  /** Frames handed out so far. */
  private done = 0;

  constructor(private readonly frontend: NemoFrontend) {}

  get samples(): number {
    return this.bufferStart + this.filled;
  }

  get frames(): number {
    return this.done;
  }

  /** Appends samples; returns the frames that became computable, if any. */
  push(samples: Float32Array): FrameBlock | undefined {
    this.append(samples);
    const total = this.samples;
    const ready = total >= HALF_WINDOW ? Math.floor((total - HALF_WINDOW) / NEMO_HOP) + 1 : 0;
    if (ready <= this.done) return undefined;
    // The slice ends where the last ready frame's window ends.
    return this.compute(ready, ready * NEMO_HOP + (HALF_WINDOW - NEMO_HOP));
  }

  /** The recording ended: the remaining frames, with NeMo's zero padding past the end. */
  finish(): FrameBlock | undefined {
    const total = this.samples;
    const final = nemoFrameCount(total);
    if (final <= this.done) return undefined;
    return this.compute(final, total);
  }

  private compute(until: number, sliceEnd: number): FrameBlock {
    const firstFrame = this.done >= LEAD_FRAMES ? this.done - LEAD_FRAMES : 0;
    const sliceStart = firstFrame * NEMO_HOP;
    const slice = this.buffer.subarray(sliceStart - this.bufferStart, sliceEnd - this.bufferStart);
    const all = this.frontend.compute(slice);
    const skip = this.done - firstFrame;
    const frames = until - this.done;
    const data = new Float32Array(NEMO_N_MELS * frames);
    for (let m = 0; m < NEMO_N_MELS; m++) {
      const row = m * all.frames + skip;
      data.set(all.data.subarray(row, row + frames), m * frames);
    }
    this.done = until;
    this.discardBefore((this.done >= LEAD_FRAMES ? this.done - LEAD_FRAMES : 0) * NEMO_HOP);
    return { data, frames };
  }

  private append(samples: Float32Array): void {
    if (this.filled + samples.length > this.buffer.length) {
      const grown = new Float32Array(Math.max(this.buffer.length * 2, this.filled + samples.length));
      grown.set(this.buffer.subarray(0, this.filled));
      this.buffer = grown;
    }
    this.buffer.set(samples, this.filled);
    this.filled += samples.length;
  }

  private discardBefore(globalSample: number): void {
    const drop = globalSample - this.bufferStart;
    if (drop <= 0) return;
    this.buffer.copyWithin(0, drop, this.filled);
    this.filled -= drop;
    this.bufferStart = globalSample;
  }
}

/**
 * A stream's features, frame-major, from some global frame on: windows for the encoder are copied out of it
 * (mel-major, zeros outside the recorded frames) and frames no window needs any more are dropped.
 */
export class FrameStore {
  private data = new Float32Array(NEMO_N_MELS * 256);
  private start = 0;
  private count = 0;

  /** Global index one past the last stored frame. */
  get end(): number {
    return this.start + this.count;
  }

  append(block: FrameBlock): void {
    const { data, frames } = block;
    this.reserve(frames);
    const base = this.count * NEMO_N_MELS;
    for (let t = 0; t < frames; t++) {
      const at = base + t * NEMO_N_MELS;
      for (let m = 0; m < NEMO_N_MELS; m++) this.data[at + m] = data[m * frames + t]!;
    }
    this.count += frames;
  }

  /** Writes frames [from, from + width) mel-major into out[offset + m * width + w]; zeros outside the store. */
  copyWindow(from: number, width: number, out: Float32Array, offset: number): void {
    const lo = Math.max(from, this.start);
    const hi = Math.min(from + width, this.end);
    for (let g = lo; g < hi; g++) {
      const src = (g - this.start) * NEMO_N_MELS;
      const w = g - from;
      for (let m = 0; m < NEMO_N_MELS; m++) out[offset + m * width + w] = this.data[src + m]!;
    }
  }

  /** Forgets frames before `frame` (global). */
  dropBefore(frame: number): void {
    const drop = Math.min(frame - this.start, this.count);
    if (drop <= 0) return;
    this.data.copyWithin(0, drop * NEMO_N_MELS, this.count * NEMO_N_MELS);
    this.start += drop;
    this.count -= drop;
  }

  private reserve(frames: number): void {
    const needed = (this.count + frames) * NEMO_N_MELS;
    if (needed <= this.data.length) return;
    const grown = new Float32Array(Math.max(this.data.length * 2, needed));
    grown.set(this.data.subarray(0, this.count * NEMO_N_MELS));
    this.data = grown;
  }
}
