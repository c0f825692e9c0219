import { describe, expect, it } from "vitest";
import { encodeWav, loudestStretch, meterLevel, mixToMono } from "./pcm";

describe("sample arithmetic", () => {
  it("finds a word said two seconds into a quiet take", () => {
    const rate = 1000;
    const take = new Float32Array(5 * rate).fill(0.001);
    for (let i = 2000; i < 2400; i++) take[i] = Math.sin(i / 3) * 0.5;
    const { samples, startSeconds } = loudestStretch(take, rate, 1);
    expect(samples.length).toBe(1000);
    // The whole word (2.0-2.4 s) is inside the kept second.
    expect(startSeconds).toBeLessThanOrEqual(2);
    expect(startSeconds + 1).toBeGreaterThanOrEqual(2.4);
  });

  it("keeps audio shorter than the window whole", () => {
    expect(loudestStretch(new Float32Array([0.1, 0.2]), 16000, 1)).toEqual({ samples: new Float32Array([0.1, 0.2]), startSeconds: 0 });
  });

  it("writes a 16-bit mono WAV that says its rate and length", () => {
    const wav = encodeWav(new Float32Array([0, 1, -1, 0.5]), 16000);
    const view = new DataView(wav.buffer);
    expect(new TextDecoder().decode(wav.subarray(0, 4))).toBe("RIFF");
    expect(view.getUint32(24, true)).toBe(16000);
    expect(view.getUint16(22, true)).toBe(1);
    expect(view.getUint32(40, true)).toBe(8);
    expect([view.getInt16(44, true), view.getInt16(46, true), view.getInt16(48, true)]).toEqual([0, 32767, -32768]);
  });

  it("averages channels and meters loudness from silence to full scale", () => {
    expect(mixToMono([new Float32Array([1, 0]), new Float32Array([0, 1])])).toEqual(new Float32Array([0.5, 0.5]));
    expect(meterLevel(new Float32Array(128))).toBe(0);
    expect(meterLevel(new Float32Array(128).fill(1))).toBe(1);
    expect(meterLevel(new Float32Array(128).fill(0.01))).toBeCloseTo(1 / 3, 2);
  });
});
