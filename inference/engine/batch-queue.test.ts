import { describe, expect, it } from "vitest";
import { BatchQueue, lengthBucket, type Queued } from "./batch-queue.js";

const item = (seconds: number, solo = false): Queued & { name: string } => ({ seconds, solo, queuedAt: 0, name: `${seconds}s` });

describe("batch queue", () => {
  it("keeps clips of similar length together so a batch pads little", () => {
    expect(lengthBucket(0.3)).toBe(lengthBucket(1));
    expect(lengthBucket(1.2)).toBe(lengthBucket(1.4));
    expect(lengthBucket(3)).not.toBe(lengthBucket(6));
    for (const s of [1.5, 2.5, 7, 30]) {
      const peers = [s * 0.75, s * 0.9, s * 1.1, s * 1.3].filter((x) => lengthBucket(x) === lengthBucket(s));
      if (peers.length) expect(Math.max(...peers, s) / Math.min(...peers, s)).toBeLessThanOrEqual(Math.SQRT2 + 1e-9);
    }
  });

  it("leads with the oldest request and fills from its bucket, oldest first", () => {
    const q = new BatchQueue<ReturnType<typeof item>>();
    [item(8), item(1), item(8.5), item(0.5), item(9), item(7.9)].forEach((i) => q.push(i));
    // Half-octave buckets: (5.66 s, 8 s] and (8 s, 11.3 s].
    expect(q.available()).toBe(2);
    expect(q.take(2).map((i) => i.name)).toEqual(["8s", "7.9s"]);
    expect(q.oldest?.name).toBe("1s");
    expect(q.take(16).map((i) => i.name)).toEqual(["1s", "0.5s"]);
    expect(q.take(1).map((i) => i.name)).toEqual(["8.5s"]);
    expect(q.take(16).map((i) => i.name)).toEqual(["9s"]);
    expect(q.size).toBe(0);
  });

  it("runs retried requests alone, ahead of newer ones", () => {
    const q = new BatchQueue<ReturnType<typeof item>>();
    q.push(item(1));
    q.push(item(1));
    q.unshift(item(1, true), item(1, true));
    expect(q.available()).toBe(1);
    expect(q.take(16)).toHaveLength(1);
    expect(q.take(16)).toHaveLength(1);
    expect(q.take(16)).toHaveLength(2);
  });
});
