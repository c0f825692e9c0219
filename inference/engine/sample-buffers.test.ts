import { describe, expect, it } from "vitest";
import { SampleBuffers } from "./sample-buffers.js";

const ramp = (length: number, from = 0) => Float32Array.from({ length }, (_, i) => (from + i) / 1000);

describe("SampleBuffers", () => {
  it("copies samples into shared memory, exactly their length, whatever the buffer's size", () => {
    const buffers = new SampleBuffers();
    const samples = ramp(16000);
    const shared = buffers.copy(samples);
    expect(shared.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(shared.length).toBe(16000);
    expect(shared).toEqual(samples);
    samples[0] = 42;
    expect(shared[0]).toBe(0);
  });

  it("reuses a released buffer for the next clip of its size class, holding only the new samples", () => {
    const buffers = new SampleBuffers();
    const first = buffers.copy(ramp(16000));
    buffers.release(first);
    const shorter = ramp(12000, 5);
    const second = buffers.copy(shorter);
    expect(second.buffer).toBe(first.buffer);
    expect(second.length).toBe(12000);
    expect(second).toEqual(shorter);
    // A buffer still in use is never handed out twice.
    expect(buffers.copy(ramp(12000)).buffer).not.toBe(second.buffer);
  });

  it("keeps no more than its limit of released buffers", () => {
    const buffers = new SampleBuffers(128 * 1024);
    const views = [buffers.copy(ramp(16000)), buffers.copy(ramp(16000)), buffers.copy(ramp(16000))];
    for (const view of views) buffers.release(view);
    const again = [buffers.copy(ramp(16000)), buffers.copy(ramp(16000)), buffers.copy(ramp(16000))];
    const reused = again.filter((view) => views.some((old) => old.buffer === view.buffer));
    expect(reused).toHaveLength(2);
  });
});
