import { describe, expect, it } from "vitest";
import { RealFft } from "./fft.js";
import { applyMel, slaneyMelFilterbank } from "./mel.js";
import { CHUNK_FRAMES, MelKernel } from "./mel-kernel.js";
import { centreWindow, hannPeriodic, hannSymmetric } from "./window.js";

/** The plain JS path the kernel replaces: window, RealFft power spectrum, sparse mel. */
function reference(size: number, window: Float64Array, nMels: number, signal: Float64Array, hop: number, frames: number): Float64Array {
  const fft = new RealFft(size);
  const fb = slaneyMelFilterbank({ sampleRate: 16000, nFft: size, nMels, fMin: 0, fMax: 8000 });
  const frame = new Float64Array(size);
  const power = new Float64Array(fft.bins);
  const out = new Float64Array(frames * nMels);
  for (let t = 0; t < frames; t++) {
    for (let n = 0; n < size; n++) frame[n] = window[n]! * signal[t * hop + n]!;
    fft.powerSpectrum(frame, power);
    applyMel(fb, power, out.subarray(t * nMels, (t + 1) * nMels));
  }
  return out;
}

function noise(length: number, seed: number): Float64Array {
  const out = new Float64Array(length);
  for (let i = 0; i < length; i++) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    out[i] = seed / 2147483648 - 0.5;
  }
  return out;
}

describe("MelKernel (WebAssembly)", () => {
  // 512 has an even number of radix-2 stages in its packed transform, 256 and 1024 odd / larger.
  it.each([
    [512, centreWindow(hannSymmetric(400), 512), 128, 160],
    [512, hannPeriodic(512), 64, 125],
    [256, hannPeriodic(256), 40, 100],
    [1024, hannPeriodic(1024), 80, 256],
  ])("gives the same doubles as the JS FFT and filterbank (n_fft %i)", (size, window, nMels, hop) => {
    const fb = slaneyMelFilterbank({ sampleRate: 16000, nFft: size, nMels, fMin: 0, fMax: 8000 });
    const kernel = new MelKernel(new RealFft(size), window, fb);
    // More than one chunk, and an odd count in the last one (the kernel works on frame pairs).
    const frames = CHUNK_FRAMES + 7;
    const signal = noise((frames - 1) * hop + size, size);
    // Silent stretches too (all-zero frames, then a pair with one silent lane).
    signal.fill(0, 3 * hop, 3 * hop + 2 * size);
    signal.fill(0, 20 * hop, 21 * hop + size);
    kernel.signal(signal.length).set(signal);
    const want = reference(size, window, nMels, signal, hop, frames);
    const got = new Float64Array(frames * nMels);
    for (let first = 0; first < frames; first += CHUNK_FRAMES) {
      const count = Math.min(CHUNK_FRAMES, frames - first);
      got.set(kernel.melFrames(hop, first, count).subarray(0, count * nMels), first * nMels);
    }
    expect(got).toEqual(want);
  });

  it("keeps working after its signal buffer grows, and refuses frames past the signal", () => {
    const fb = slaneyMelFilterbank({ sampleRate: 16000, nFft: 512, nMels: 64, fMin: 0, fMax: 8000 });
    const window = hannPeriodic(512);
    const kernel = new MelKernel(new RealFft(512), window, fb);
    const small = noise(512 + 160, 3);
    kernel.signal(small.length).set(small);
    const before = kernel.melFrames(160, 0, 2).slice(0, 128);
    const large = noise(16000 * 20, 5); // grows the WebAssembly memory
    kernel.signal(large.length).set(large);
    kernel.melFrames(160, 0, 2);
    kernel.signal(small.length).set(small);
    expect(kernel.melFrames(160, 0, 2).slice(0, 128)).toEqual(before);
    expect(() => kernel.melFrames(160, (large.length - 512) / 160 + 1, 1)).toThrow(RangeError);
    expect(() => kernel.melFrames(160, 0, CHUNK_FRAMES + 1)).toThrow(RangeError);
  });
});
