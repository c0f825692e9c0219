/**
 * Streaming sample-rate conversion for audio that arrives in pieces (16 kHz from the client, 24 kHz for
 * moshi-server). inference/audio/resample.ts converts whole clips; this one keeps the filter's history
 * between calls, so feeding a signal in uneven pieces gives the same samples as feeding it at once.
 *
 * A polyphase windowed-sinc filter over the reduced ratio L/M (16 k -> 24 k is 3/2): output j sits at
 * input position j·M/L. The clip resampler's filter (inference/audio/sinc-filter.ts: cut-off at 94 % of
 * the lower Nyquist, Kaiser window β 8.6, ≈ 86 dB stop band), 16 zero crossings a side — shorter than
 * the clip resampler's 40, because every tap is paid for in the live path and speech needs no sharper
 * edge. Each output waits for HALF_WIDTH input samples after its
 * position (about 1 ms at 16 kHz); `end()` pads with zeros to release the rest.
 */
import { fillPhaseTable, gcd, sincDesign } from "../../audio/sinc-filter.js";

const ZERO_CROSSINGS = 16;

export class StreamingResampler {
  private readonly up: number;
  private readonly down: number;
  /** Taps reach this many input samples either side of an output's position. */
  private readonly reach: number;
  private readonly taps: number;
  /** One row of `taps` weights per phase; tap t applies to input sample floor(pos) - reach + 1 + t. */
  private readonly table: Float64Array;
  /** Input kept for outputs still to come, starting at absolute input index `bufferStart`. */
  private buffer = new Float32Array(0);
  private bufferStart = 0;
  private inputCount = 0;
  /** Index of the next output sample. */
  private next = 0;
  private ended = false;

  constructor(
    readonly inputRate: number,
    readonly outputRate: number,
  ) {
    if (!Number.isInteger(inputRate) || !Number.isInteger(outputRate) || inputRate <= 0 || outputRate <= 0) {
      throw new RangeError(`sample rates must be positive integers, got ${inputRate} -> ${outputRate}`);
    }
    const g = gcd(inputRate, outputRate);
    this.up = outputRate / g;
    this.down = inputRate / g;
    const design = sincDesign(inputRate, outputRate, ZERO_CROSSINGS);
    this.reach = Math.ceil(design.halfWidth);
    this.taps = 2 * this.reach;
    this.table = new Float64Array(this.up * this.taps);
    fillPhaseTable(design, this.up, 1 - this.reach, this.taps, this.table);
  }

  /** Output samples owed for the input so far once the stream ends: ceil(input · L / M). */
  get totalOutput(): number {
    return Math.ceil((this.inputCount * this.up) / this.down);
  }

  /** Feeds input; returns every output sample whose taps are all known now. */
  process(input: Float32Array): Float32Array {
    if (this.ended) throw new Error("the resampler has ended");
    this.append(input);
    return this.drain(false);
  }

  /** The input is over: returns the remaining output (taps past the end read zeros). */
  end(): Float32Array {
    if (this.ended) return new Float32Array(0);
    this.ended = true;
    return this.drain(true);
  }

  private append(input: Float32Array): void {
    const merged = new Float32Array(this.buffer.length + input.length);
    merged.set(this.buffer);
    merged.set(input, this.buffer.length);
    this.buffer = merged;
    this.inputCount += input.length;
  }

  private drain(final: boolean): Float32Array {
    const { up, down, reach, taps, table } = this;
    const limit = final ? this.totalOutput : Number.POSITIVE_INFINITY;
    const out: number[] = [];
    for (;;) {
      const j = this.next;
      if (j >= limit) break;
      const base = Math.floor((j * down) / up);
      const phase = (j * down) % up;
      const first = base - reach + 1;
      const last = first + taps - 1;
      if (!final && last >= this.inputCount) break;
      let acc = 0;
      const row = phase * taps;
      for (let t = 0; t < taps; t++) {
        const index = first + t - this.bufferStart;
        if (index >= 0 && index < this.buffer.length) acc += table[row + t]! * this.buffer[index]!;
      }
      out.push(acc);
      this.next = j + 1;
    }
    // Keep only what later outputs can still reach.
    const nextFirst = Math.floor((this.next * down) / up) - reach + 1;
    const drop = Math.min(this.buffer.length, Math.max(0, nextFirst - this.bufferStart));
    if (drop > 0) {
      this.buffer = this.buffer.slice(drop);
      this.bufferStart += drop;
    }
    return Float32Array.from(out);
  }
}
