import { describe, expect, it } from "vitest";
import { StreamingResampler } from "./resampler";

function sine(hz: number, rate: number, seconds: number): Float32Array {
  const out = new Float32Array(Math.round(rate * seconds));
  for (let i = 0; i < out.length; i++) out[i] = 0.5 * Math.sin((2 * Math.PI * hz * i) / rate);
  return out;
}

function run(input: Float32Array, pieces: number[]): Float32Array {
  const resampler = new StreamingResampler(16_000, 24_000);
  const parts: Float32Array[] = [];
  let at = 0;
  for (let i = 0; at < input.length; i++) {
    const n = pieces[i % pieces.length]!;
    parts.push(resampler.process(input.subarray(at, at + n)));
    at += n;
  }
  parts.push(resampler.end());
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

describe("StreamingResampler 16 kHz -> 24 kHz", () => {
  it("gives the same samples whether the audio comes at once or in uneven pieces", () => {
    const input = sine(440, 16_000, 0.5);
    const whole = run(input, [input.length]);
    const pieces = run(input, [1, 7, 160, 333, 1024, 3]);
    expect(whole.length).toBe(12_000);
    expect(pieces).toEqual(whole);
  });

  it("reproduces a tone at the new rate, in time (no delay) and in level", () => {
    const out = run(sine(440, 16_000, 0.5), [320]);
    const expected = sine(440, 24_000, 0.5);
    // Away from the edges (where the signal starts and stops abruptly).
    let worst = 0;
    for (let i = 200; i < out.length - 200; i++) worst = Math.max(worst, Math.abs(out[i]! - expected[i]!));
    expect(worst).toBeLessThan(1e-3);
  });

  it("adds no image above the old band: a 6 kHz tone comes out as a clean 6 kHz tone (its 10 kHz image removed)", () => {
    const out = run(sine(6_000, 16_000, 0.25), [500]);
    const expected = sine(6_000, 24_000, 0.25);
    let error = 0;
    for (let i = 200; i < out.length - 200; i++) error += (out[i]! - expected[i]!) ** 2;
    const rmsError = Math.sqrt(error / (out.length - 400));
    expect(rmsError).toBeLessThan(0.01); // an unfiltered image would be of the order of the tone (0.35 RMS)
  });
});
