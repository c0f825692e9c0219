/**
 * Live streams in a worker thread (openStreamWorker): the same events as the runner gives in this thread,
 * decoding that never stops this thread, refusals with their codes, and a worker that dies failing its
 * streams instead of leaving them hanging.
 */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeAudio, shutdownDecoders } from "../audio/decode.js";
import { createNemotronRunner, nemotronStreamingModel, type NemotronRunner } from "../models/nemotron/index.js";
import { MODEL_DIR } from "../models/nemotron/test-fixtures.js";
import { fixture } from "../testing/fixtures.js";
import type { StreamEvent, StreamingSession } from "../upstream/kyutai/stream-types.js";
import { openStreamWorker, type StreamWorker } from "./streams.js";
import { GATE, newGate } from "./testing/gated-runner.js";

const GATED_RUNNER = new URL("./testing/gated-runner.ts", import.meta.url).href;

let speech: Float32Array;
let runner: NemotronRunner;
let worker: StreamWorker;
const gate = newGate();

beforeAll(async () => {
  speech = (await decodeAudio(readFileSync(fixture("beckett.wav")))).samples;
  runner = await createNemotronRunner(MODEL_DIR, { intraOpThreads: 1 });
  worker = await openStreamWorker(MODEL_DIR, { intraOpThreads: 1, maxStreams: 3, loaderModule: GATED_RUNNER, hookData: gate });
});
afterAll(async () => {
  await worker?.close();
  await runner?.dispose();
  await shutdownDecoders();
});

function record(stream: StreamingSession): StreamEvent[] {
  const events: StreamEvent[] = [];
  stream.onEvent((event) => events.push(event));
  return events;
}

/** 100 ms pieces, as a realtime client sends them. */
function pushAll(stream: StreamingSession, samples: Float32Array): void {
  for (let at = 0; at < samples.length; at += 1600) stream.push(samples.subarray(at, at + 1600));
}

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 2000 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
  if (!check()) throw new Error(`timed out waiting for ${what}`);
}

describe("Nemotron streams in a worker thread", () => {
  it("reports the provider and the model's latency", () => {
    expect(worker.provider).toBe("cpu");
    expect(worker.latencyMs).toBe(560);
  });

  it.each(["full", "regular"] as const)("gives the same partials and finals as the runner in this thread (acceleration %s)", async (acceleration) => {
    const options = { acceleration, endpointingMs: 600 };
    const here = nemotronStreamingModel(runner).createStream(options);
    const there = worker.createStream(options);
    const expected = record(here);
    const got = record(there);
    await Promise.all([here.ready, there.ready]);
    pushAll(here, speech);
    pushAll(there, speech);
    await Promise.all([here.close(), there.close()]);

    expect(expected.filter((e) => e.type === "final").length).toBeGreaterThan(1);
    expect(got).toEqual(expected);
    expect(there.pushedSeconds()).toBeCloseTo(speech.length / 16000, 6);
  });

  it("decodes without stopping this thread, and counts the audio it has not caught up with", async () => {
    const stream = worker.createStream({ acceleration: "full" });
    const events = record(stream);
    await stream.ready;
    Atomics.store(gate, GATE.closed, 1);
    try {
      pushAll(stream, speech.subarray(0, 32000));
      // The worker's encoder call is held; this thread goes on (these timers run) and sees the backlog.
      await until(() => Atomics.load(gate, GATE.waiting) === 1, "the worker to reach the gate");
      let ticks = 0;
      await until(() => ++ticks >= 10, "ten turns of this thread's timers");
      expect(stream.pendingSeconds()).toBeGreaterThan(1.5);
      expect(events).toEqual([]);
    } finally {
      Atomics.store(gate, GATE.closed, 0);
      Atomics.notify(gate, GATE.closed);
    }
    await stream.flush();
    // Caught up, but for the audio after the last whole 80 ms chunk.
    expect(stream.pendingSeconds()).toBeLessThanOrEqual(0.08 + 1e-9);
    await stream.close();
    expect(events.at(-1)).toMatchObject({ type: "final", reason: "flush" });
  });

  it("refuses a language the model has no prompt for, and streams past its limit, with the runner's codes", async () => {
    const unknown = worker.createStream({ language: "xx-XX" });
    await expect(unknown.ready).rejects.toMatchObject({ name: "UnsupportedLanguageError", code: "unsupported_option" });

    const open = [worker.createStream(), worker.createStream(), worker.createStream()];
    await Promise.all(open.map((s) => s.ready));
    const extra = worker.createStream();
    await expect(extra.ready).rejects.toMatchObject({ code: "busy" });
    await Promise.all(open.map((s) => s.close()));
    const again = worker.createStream();
    await expect(again.ready).resolves.toBeUndefined();
    again.abort();
  });

  it("fails every live stream when the worker dies, and opens no more on it", async () => {
    const crashGate = newGate();
    const doomed = await openStreamWorker(MODEL_DIR, { intraOpThreads: 1, loaderModule: GATED_RUNNER, hookData: crashGate });
    const streams = [doomed.createStream({ acceleration: "full" }), doomed.createStream({ acceleration: "full" })];
    const events = streams.map(record);
    await Promise.all(streams.map((s) => s.ready));
    Atomics.store(crashGate, GATE.crash, 1);
    for (const stream of streams) pushAll(stream, speech.subarray(0, 16000));

    await doomed.exited;
    for (const list of events) expect(list.at(-1)).toMatchObject({ type: "error", error: { code: "model_failed" } });
    await Promise.all(streams.map((s) => s.close())); // answered, not left waiting
    await expect(doomed.createStream().ready).rejects.toMatchObject({ code: "worker_crashed" });
  });
});
