/**
 * The front ends' inner loop in WebAssembly: window, real FFT, |X|² and the sparse mel filterbank, two
 * frames at a time (one per f64x2 SIMD lane). The log and the normalisation stay in JS.
 *
 * The kernel (wasm/mel-kernel.as, AssemblyScript; `npm run build:mel-kernel` rebuilds
 * wasm/mel-kernel.wasm.ts) does the same double-precision operations in the same order as RealFft and
 * applyMel, with the same tables (taken from a RealFft and a MelFilterbank), and WebAssembly does not fuse
 * multiply-adds, so it returns the same numbers as the JS code, 2-4x faster. Each instance owns its own
 * WebAssembly memory: nothing is shared between front ends or threads.
 *
 * Memory: the tables and work buffers first, then `CHUNK_FRAMES` frames of mel output, then the signal,
 * which grows with the longest clip seen.
 */
import { RealFft, radix4L2 } from "./fft.js";
import type { MelFilterbank } from "./mel.js";
import { MEL_KERNEL_WASM } from "./wasm/mel-kernel.wasm.js";

interface KernelExports {
  memory: WebAssembly.Memory;
  configure(...args: number[]): void;
  melFrames(x: number, hop: number, first: number, count: number, out: number): void;
}

/** Frames per kernel call: bounds the output buffer; large enough that call overhead does not matter. */
export const CHUNK_FRAMES = 64;
const PAGE = 65536;

let compiled: WebAssembly.Module | undefined;
function kernelModule(): WebAssembly.Module {
  compiled ??= new WebAssembly.Module(Buffer.from(MEL_KERNEL_WASM, "base64"));
  return compiled;
}

export class MelKernel {
  private readonly exports: KernelExports;
  private readonly nMels: number;
  private readonly size: number;
  private readonly outAt: number;
  private readonly signalAt: number;
  private signalView = new Float64Array(0);
  private outView = new Float64Array(0);

  constructor(fft: RealFft, window: Float64Array, fb: MelFilterbank) {
    if (window.length !== fft.size) throw new RangeError(`window of ${window.length} for an FFT of ${fft.size}`);
    if (fb.bins !== fft.bins) throw new RangeError(`filterbank of ${fb.bins} bins for an FFT of ${fft.bins}`);
    this.exports = new WebAssembly.Instance(kernelModule(), {}).exports as unknown as KernelExports;
    this.nMels = fb.nMels;
    this.size = fft.size;
    // Bump allocation, 16-byte aligned (the v128 work buffers need no more; f64 tables need 8).
    let top = this.exports.memory.buffer.byteLength; // past the kernel's own (empty) data
    const take = (bytes: number) => {
      const at = top;
      top += Math.ceil(bytes / 16) * 16;
      return at;
    };
    const half = fft.half;
    const tables = {
      window: take(8 * window.length),
      slot: take(4 * half),
      passes: take(4 * Math.max(1, fft.passes.length)),
      twiddles: take(8 * Math.max(1, fft.twiddles.length)),
      oddTwiddles: take(8 * radix4L2.length),
      splitRe: take(8 * half),
      splitIm: take(8 * half),
      re: take(16 * half),
      im: take(16 * half),
      power: take(16 * (half + 1)),
      melStart: take(4 * fb.nMels),
      melOffset: take(4 * (fb.nMels + 1)),
      melWeights: take(8 * Math.max(1, fb.weights.length)),
    };
    this.outAt = take(8 * CHUNK_FRAMES * fb.nMels);
    this.signalAt = top;
    this.ensure(top);
    const buffer = this.exports.memory.buffer;
    new Float64Array(buffer, tables.window, window.length).set(window);
    new Uint32Array(buffer, tables.slot, half).set(fft.slot);
    new Int32Array(buffer, tables.passes, fft.passes.length).set(fft.passes);
    new Float64Array(buffer, tables.twiddles, fft.twiddles.length).set(fft.twiddles);
    new Float64Array(buffer, tables.oddTwiddles, radix4L2.length).set(radix4L2);
    new Float64Array(buffer, tables.splitRe, half).set(fft.splitRe);
    new Float64Array(buffer, tables.splitIm, half).set(fft.splitIm);
    new Uint32Array(buffer, tables.melStart, fb.nMels).set(fb.start);
    new Uint32Array(buffer, tables.melOffset, fb.nMels + 1).set(fb.offset);
    new Float64Array(buffer, tables.melWeights, fb.weights.length).set(fb.weights);
    this.exports.configure(
      half, tables.window, tables.slot, tables.passes, fft.passes.length, tables.twiddles, fft.oddStage ? 1 : 0,
      tables.oddTwiddles, tables.splitRe, tables.splitIm, tables.re, tables.im, tables.power,
      fb.nMels, tables.melStart, tables.melOffset, tables.melWeights,
    );
  }

  /** A buffer of at least `length` samples for the signal the next `melFrames` calls read (contents kept only until it grows). */
  signal(length: number): Float64Array {
    if (this.signalView.length < length || this.signalView.buffer !== this.exports.memory.buffer) {
      this.ensure(this.signalAt + 8 * length);
      this.signalView = new Float64Array(this.exports.memory.buffer, this.signalAt, length);
    }
    return this.signalView;
  }

  /**
   * Mel energies of frames first .. first+count-1 (count ≤ CHUNK_FRAMES) of the signal, frame t starting at
   * sample t*hop: the returned view holds frame first+i's at [i*nMels, (i+1)*nMels). Valid until the next call.
   */
  melFrames(hop: number, first: number, count: number): Float64Array {
    if (count > CHUNK_FRAMES) throw new RangeError(`at most ${CHUNK_FRAMES} frames per call, got ${count}`);
    // The kernel reads memory unchecked: a frame past the signal would read other buffers, not fail.
    if (first < 0 || (first + count - 1) * hop + this.size > this.signalView.length) {
      throw new RangeError(`frames ${first}..${first + count - 1} reach past the ${this.signalView.length}-sample signal`);
    }
    this.exports.melFrames(this.signalAt, hop, first, count, this.outAt);
    if (this.outView.buffer !== this.exports.memory.buffer) {
      this.outView = new Float64Array(this.exports.memory.buffer, this.outAt, CHUNK_FRAMES * this.nMels);
    }
    return this.outView;
  }

  private ensure(bytes: number): void {
    const memory = this.exports.memory;
    const missing = bytes - memory.buffer.byteLength;
    if (missing > 0) memory.grow(Math.ceil(missing / PAGE));
  }
}
