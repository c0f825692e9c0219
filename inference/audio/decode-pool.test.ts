import { readFileSync } from "node:fs";
import { afterAll, describe, expect, it, vi } from "vitest";
import { fixture } from "../testing/fixtures.js";
import { DecodePool } from "./decode-pool.js";

const pools: DecodePool[] = [];
afterAll(async () => {
  await Promise.all(pools.map((p) => p.close()));
});

function job() {
  return { bytes: new Uint8Array(readFileSync(fixture("beckett.wav"))), decoder: "wav", channel: "mix" as const, maxSeconds: 60, chunkBytes: 1 << 16 };
}

describe("DecodePool", () => {
  it("decodes in a worker and reuses it", async () => {
    const pool = new DecodePool({ keepIdle: 1 });
    pools.push(pool);
    for (let i = 0; i < 3; i++) {
      const reply = await pool.run(job(), 30_000);
      expect(reply.ok && reply.samples.length).toBe(159414);
    }
  });

  it("reports a worker that cannot start as unavailable, not as bad audio", async () => {
    const pool = new DecodePool({ workerUrl: new URL("./no-such-worker.mjs", import.meta.url) });
    pools.push(pool);
    const reply = await pool.run(job(), 30_000);
    expect(reply).toMatchObject({ ok: false, kind: "unavailable" });
  });

  it("runs at most maxWorkers decodes at once; the others wait their turn and all complete", async () => {
    const pool = new DecodePool({ maxWorkers: 2 });
    pools.push(pool);
    const spawn = vi.spyOn(pool as unknown as { spawn: () => unknown }, "spawn");
    const replies = await Promise.all(Array.from({ length: 6 }, () => pool.run(job(), 30_000)));
    expect(replies.every((r) => r.ok && r.samples.length === 159414)).toBe(true);
    // Six jobs, two threads: the waiting jobs reuse the two workers instead of starting their own.
    expect(spawn).toHaveBeenCalledTimes(2);
  });

  it("stops a job past its time limit and serves the next one with a fresh worker", async () => {
    const pool = new DecodePool({ maxWorkers: 1 });
    pools.push(pool);
    const big = { ...job(), bytes: new Uint8Array(readFileSync(fixture("multilingual.mp3"))), decoder: "mp3" };
    expect(await pool.run(big, 1)).toMatchObject({ ok: false, kind: "timeout" });
    const reply = await pool.run(job(), 30_000);
    expect(reply.ok).toBe(true);
  });
});
