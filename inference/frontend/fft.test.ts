import { describe, expect, it } from "vitest";
import { RealFft } from "./fft.js";
import { applyMel, filterWeights, hzToMelSlaney, melToHzSlaney, slaneyMelFilterbank } from "./mel.js";
import { hannPeriodic, hannSymmetric } from "./window.js";

function naivePower(x: Float64Array): Float64Array {
  const n = x.length;
  const out = new Float64Array(n / 2 + 1);
  for (let k = 0; k <= n / 2; k++) {
    let re = 0;
    let im = 0;
    for (let t = 0; t < n; t++) {
      re += x[t]! * Math.cos((2 * Math.PI * k * t) / n);
      im -= x[t]! * Math.sin((2 * Math.PI * k * t) / n);
    }
    out[k] = re * re + im * im;
  }
  return out;
}

describe("RealFft", () => {
  it.each([8, 16, 32, 64, 128, 512, 1024])("matches a direct DFT at size %i", (size) => {
    let seed = size;
    const x = Float64Array.from({ length: size }, () => ((seed = (seed * 69069 + 1) >>> 0) / 2 ** 32) * 2 - 1);
    const fft = new RealFft(size);
    const power = new Float64Array(fft.bins);
    fft.powerSpectrum(x, power);
    const expected = naivePower(x);
    for (let k = 0; k < fft.bins; k++) expect(power[k]).toBeCloseTo(expected[k]!, 8);
  });

  it("puts a pure tone in its bin and is reusable across frames", () => {
    const fft = new RealFft(512);
    const power = new Float64Array(fft.bins);
    for (const bin of [3, 100, 255]) {
      const x = Float64Array.from({ length: 512 }, (_, t) => Math.cos((2 * Math.PI * bin * t) / 512));
      fft.powerSpectrum(x, power);
      expect(power[bin]).toBeCloseTo(256 * 256, 6);
      expect(power[bin + 1]).toBeLessThan(1e-12);
    }
  });

  it("rejects sizes that are not powers of two", () => {
    expect(() => new RealFft(400)).toThrow(RangeError);
  });
});

describe("Slaney mel scale and filterbank", () => {
  it("is linear below 1 kHz and logarithmic above, and invertible", () => {
    expect(hzToMelSlaney(1000)).toBeCloseTo(15, 12);
    expect(hzToMelSlaney(200)).toBeCloseTo(3, 12);
    expect(hzToMelSlaney(6400)).toBeCloseTo(15 + 27, 10);
    for (const hz of [0, 20, 440, 999, 1000, 4000, 8000]) expect(melToHzSlaney(hzToMelSlaney(hz))).toBeCloseTo(hz, 8);
  });

  it("has unit-area triangles (Slaney normalisation: height 2 / bandwidth)", () => {
    const fb = slaneyMelFilterbank({ sampleRate: 16000, nFft: 512, nMels: 128, fMin: 0, fMax: 8000 });
    const binHz = 16000 / 512;
    const filters = Array.from({ length: fb.nMels }, (_, m) => filterWeights(fb, m));
    const areas = filters.map((w) => w.reduce((a, b) => a + b, 0) * binHz);
    // Wide (high) filters span many bins, so their sampled area is close to 1; narrow ones scatter around it.
    for (const area of areas.slice(96)) expect(Math.abs(area - 1)).toBeLessThan(0.03);
    expect(areas.reduce((a, b) => a + b, 0) / areas.length).toBeCloseTo(1, 1);
    expect(filters.every((w) => w.length > 0)).toBe(true);
  });
});

describe("Hann windows", () => {
  it("symmetric is zero at both ends, periodic only at the start", () => {
    const s = hannSymmetric(400);
    const p = hannPeriodic(512);
    expect(s[0]).toBe(0);
    expect(s[399]).toBeCloseTo(0, 15);
    expect(p[0]).toBe(0);
    expect(p[256]).toBeCloseTo(1, 15);
    expect(p[511]).toBeGreaterThan(0);
  });
});

describe("applyMel", () => {
  it("equals the dense product of the filterbank with the power spectrum, for both front ends' banks", () => {
    for (const spec of [
      { sampleRate: 16000, nFft: 512, nMels: 128, fMin: 0, fMax: 8000 },
      { sampleRate: 16000, nFft: 512, nMels: 64, fMin: 20, fMax: 8000 },
    ]) {
      const fb = slaneyMelFilterbank(spec);
      let seed = 7;
      const power = Float64Array.from({ length: fb.bins }, () => (seed = (seed * 69069 + 1) >>> 0) / 2 ** 32);
      const out = new Float64Array(fb.nMels);
      applyMel(fb, power, out);
      for (let m = 0; m < fb.nMels; m++) {
        const w = filterWeights(fb, m);
        let expected = 0;
        for (let j = 0; j < w.length; j++) expected += w[j]! * power[fb.start[m]! + j]!;
        expect(out[m]).toBeCloseTo(expected, 12);
      }
    }
  });
});
