/**
 * Microphone samples -> what the realtime API takes: 16 kHz mono, 16-bit little-endian PCM. Pure
 * functions over Float32Arrays (tested without a browser).
 */

export const TARGET_RATE = 16_000;

/**
 * Streaming conversion from the audio context's rate down to 16 kHz, for browsers that will not run the
 * context at 16 kHz themselves. Each output sample averages the input samples of its own interval (a box
 * filter: enough against aliasing for speech, cheap enough for the audio thread's pace); a fractional
 * position carries over between calls, so pieces join without clicks or drift.
 */
export class Downsampler {
  private readonly step: number;
  /** Input position (in input samples, relative to the next call's first sample) of the next output's start. */
  private position = 0;
  private carry: number[] = [];

  constructor(readonly inputRate: number) {
    if (inputRate < TARGET_RATE) throw new RangeError(`cannot raise ${inputRate} Hz to ${TARGET_RATE} Hz`);
    this.step = inputRate / TARGET_RATE;
  }

  process(input: Float32Array): Float32Array {
    if (this.step === 1) return input.slice();
    const samples = this.carry.length > 0 ? Float32Array.from([...this.carry, ...input]) : input;
    const out: number[] = [];
    let start = this.position;
    while (start + this.step <= samples.length) {
      const from = Math.floor(start);
      const to = Math.floor(start + this.step);
      let sum = 0;
      for (let i = from; i < to; i++) sum += samples[i]!;
      out.push(sum / Math.max(1, to - from));
      start += this.step;
    }
    const keepFrom = Math.floor(start);
    this.carry = Array.from(samples.subarray(keepFrom));
    this.position = start - keepFrom;
    return Float32Array.from(out);
  }
}

/** Float samples in [-1, 1] as 16-bit little-endian PCM bytes (clipped, rounded). */
export function toPcm16(samples: Float32Array): ArrayBuffer {
  const buffer = new ArrayBuffer(samples.length * 2);
  const view = new DataView(buffer);
  for (let i = 0; i < samples.length; i++) {
    const s = Math.max(-1, Math.min(1, samples[i]!));
    view.setInt16(i * 2, Math.round(s < 0 ? s * 32768 : s * 32767), true);
  }
  return buffer;
}
