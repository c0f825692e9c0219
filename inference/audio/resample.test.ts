import { describe, expect, it } from "vitest";
import { createResampler, resample } from "./resample.js";

function tone(seconds: number, rate: number, hz: number, amplitude = 0.5): Float32Array {
  const x = new Float32Array(Math.round(seconds * rate));
  for (let i = 0; i < x.length; i++) x[i] = amplitude * Math.sin((2 * Math.PI * hz * i) / rate);
  return x;
}

/** RMS over the middle of a signal (edges see the zero padding outside the clip). */
function rms(x: Float32Array, skip = 2000): number {
  let sum = 0;
  for (let i = skip; i < x.length - skip; i++) sum += x[i]! * x[i]!;
  return Math.sqrt(sum / (x.length - 2 * skip));
}

function errorDb(y: Float32Array, rate: number, hz: number, amplitude: number): number {
  const ideal = tone(y.length / rate, rate, hz, amplitude);
  const diff = new Float32Array(y.length);
  for (let i = 0; i < y.length; i++) diff[i] = y[i]! - ideal[i]!;
  return 20 * Math.log10(rms(diff) / (amplitude / Math.SQRT2));
}

describe("resample to 16 kHz", () => {
  const rates = [8000, 11025, 22050, 24000, 32000, 44100, 48000, 96000, 44056];

  it.each(rates)("keeps a 440 Hz tone from %i Hz in phase and amplitude (error < -80 dB)", (rate) => {
    const y = resample(tone(2, rate, 440), rate, 16000);
    expect(y.length).toBe(Math.ceil((2 * rate * 16000) / rate));
    expect(errorDb(y, 16000, 440, 0.5)).toBeLessThan(-80);
  });

  it.each([22050, 44100, 48000, 96000])("passes 6.5 kHz from %i Hz untouched (error < -60 dB)", (rate) => {
    const y = resample(tone(2, rate, 6500), rate, 16000);
    expect(errorDb(y, 16000, 6500, 0.5)).toBeLessThan(-60);
  });

  it.each([22050, 44100, 48000, 96000])("removes content above 8 kHz from %i Hz instead of aliasing it", (rate) => {
    // 8.1 kHz would fold to 7.9 kHz and 12 kHz to 4 kHz without the anti-aliasing filter.
    for (const hz of [8100, 12000]) {
      const y = resample(tone(2, rate, hz), rate, 16000);
      expect(20 * Math.log10(rms(y) / (0.5 / Math.SQRT2))).toBeLessThan(-70);
    }
  });

  it("output length is ceil(n · 16000 / rate) for awkward lengths", () => {
    for (const n of [0, 1, 2, 3, 441, 1000, 44099]) {
      expect(resample(new Float32Array(n), 44100, 16000).length).toBe(Math.ceil((n * 16000) / 44100));
    }
  });

  it("is the identity at 16 kHz and keeps DC at unit gain", () => {
    const x = tone(0.5, 16000, 300);
    expect(createResampler(16000, 16000).process(x)).toEqual(x);
    const dc = resample(new Float32Array(48000).fill(0.25), 48000, 16000);
    expect(Math.abs(dc[8000]! - 0.25)).toBeLessThan(1e-6);
  });
});
