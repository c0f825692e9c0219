import { describe, expect, it } from "vitest";
import { NemoFrontend } from "./nemo.js";

/** NeMo's per-feature normalisation done the plain way (two passes, float64) on un-normalised features. */
function normalizeTwoPass(data: Float32Array, nMels: number, frames: number): Float64Array {
  const out = new Float64Array(data.length);
  for (let m = 0; m < nMels; m++) {
    const row = data.subarray(m * frames, (m + 1) * frames);
    const mean = row.reduce((a, b) => a + b, 0) / frames;
    const variance = row.reduce((a, b) => a + (b - mean) ** 2, 0) / (frames - 1);
    const std = Math.sqrt(variance) + 1e-5;
    for (let t = 0; t < frames; t++) out[m * frames + t] = (row[t]! - mean) / std;
  }
  return out;
}

function noise(samples: number, amplitude: number, seed: number): Float32Array {
  let s = seed;
  return Float32Array.from({ length: samples }, () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648 - 0.5) * amplitude);
}

describe("NemoFrontend per-feature normalisation", () => {
  // The frame loop gathers each row's sums in one pass; rows that barely move (very quiet input, where
  // every bin sits near the log guard) are where a careless one-pass variance loses everything.
  it.each([
    ["speech-level noise", noise(16000, 0.5, 1)],
    ["quiet noise", noise(16000, 2e-5, 2)],
    // Power far under the 2^-24 guard: every row is ~-16.6 give or take a few float32 steps.
    ["near-silence", noise(32000, 3e-7, 3)],
    ["a faint tone", Float32Array.from({ length: 24000 }, (_, i) => 1e-4 * Math.sin(i / 7))],
  ])("matches the two-pass computation on %s", (_, samples) => {
    const plain = new NemoFrontend({ normalize: "none" }).compute(samples);
    const normalised = new NemoFrontend({ normalize: "per_feature" }).compute(samples);
    const expected = normalizeTwoPass(plain.data, plain.nMels, plain.frames);
    let worst = 0;
    for (let i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(normalised.data[i]! - expected[i]!));
    expect(worst).toBeLessThan(1e-4);
  });

  it("gives zeros, not NaN, for digital silence", () => {
    const f = new NemoFrontend({ normalize: "per_feature" }).compute(new Float32Array(8000));
    expect(f.frames).toBe(50);
    expect(f.data.every((v) => v === 0)).toBe(true);
  });

  it("reuses its buffers: a short clip after a long one gives the short clip's own features", () => {
    const frontend = new NemoFrontend({ normalize: "per_feature" });
    const short = noise(4000, 0.3, 5);
    const alone = new NemoFrontend({ normalize: "per_feature" }).compute(short);
    frontend.compute(noise(48000, 0.3, 6));
    expect(frontend.compute(short).data).toEqual(alone.data);
  });
});
