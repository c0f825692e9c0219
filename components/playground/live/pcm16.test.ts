import { describe, expect, it } from "vitest";
import { Downsampler, toPcm16 } from "./pcm16";

describe("live microphone PCM", () => {
  it("writes 16-bit little-endian samples, clipped", () => {
    const view = new DataView(toPcm16(Float32Array.from([0, 1, -1, 0.5, 2, -3])));
    expect([0, 1, 2, 3, 4, 5].map((i) => view.getInt16(i * 2, true))).toEqual([0, 32767, -32768, 16384, 32767, -32768]);
  });

  it("brings 48 kHz down to 16 kHz: a third of the samples, the same whether fed at once or in pieces", () => {
    const input = Float32Array.from({ length: 4800 }, (_, i) => Math.sin((2 * Math.PI * 300 * i) / 48_000));
    const whole = new Downsampler(48_000).process(input);
    const pieces = new Downsampler(48_000);
    const parts: number[] = [];
    for (let at = 0; at < input.length; at += 128) parts.push(...pieces.process(input.subarray(at, at + 128)));
    expect(whole.length).toBe(1600);
    expect(parts.length).toBe(1600);
    expect(Float32Array.from(parts)).toEqual(whole);
    // Still a 300 Hz tone at 16 kHz (a small lag from the averaging is fine).
    const expected = Float32Array.from({ length: 1600 }, (_, i) => Math.sin((2 * Math.PI * 300 * (i + 1 / 3)) / 16_000));
    let worst = 0;
    for (let i = 0; i < 1600; i++) worst = Math.max(worst, Math.abs(whole[i]! - expected[i]!));
    expect(worst).toBeLessThan(0.02);
  });

  it("handles rates that do not divide evenly (44.1 kHz) without drifting", () => {
    const down = new Downsampler(44_100);
    let total = 0;
    for (let i = 0; i < 441; i++) total += down.process(new Float32Array(128)).length;
    expect(Math.abs(total - (441 * 128 * 16_000) / 44_100)).toBeLessThanOrEqual(1);
  });
});
