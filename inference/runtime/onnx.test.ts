import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SHERPA_DIR } from "../models/canary/test-fixtures.js";
import { createSession, INLINE_YIELD_MS, ort, type LoadedSession } from "./onnx.js";

// The Canary sherpa-onnx fixture decoder: many inputs and outputs, symbolic axes, int32/float32/bool.
const DECODER = join(SHERPA_DIR, "decoder.onnx");

function decoderFeeds(session: ort.InferenceSession, token: number, position: number): Record<string, ort.Tensor> {
  const hidden = 32;
  const frames = 7;
  const states = Float32Array.from({ length: frames * hidden }, (_, i) => Math.sin(i));
  const [ids, ...rest] = session.inputNames;
  const feeds: Record<string, ort.Tensor> = {
    [ids!]: new ort.Tensor("int32", Int32Array.from([token, position]), [1, 2]),
    [rest.at(-2)!]: new ort.Tensor("float32", states, [1, frames, hidden]),
    [rest.at(-1)!]: new ort.Tensor("bool", new Uint8Array(frames).fill(1), [1, frames]),
  };
  for (const name of rest.slice(0, -2)) feeds[name] = new ort.Tensor("float32", new Float32Array(0), [1, 0, hidden]);
  return feeds;
}

describe("inline sessions", () => {
  let standard: LoadedSession;
  let inline: LoadedSession;

  beforeAll(async () => {
    standard = await createSession(DECODER, { intraOpThreads: 1 });
    inline = await createSession(DECODER, { intraOpThreads: 1, inline: true });
  });

  afterAll(async () => {
    await standard.dispose();
    await inline.dispose();
  });

  it("describe the same inputs and outputs as onnxruntime-node's own sessions", () => {
    expect(inline.provider).toBe("cpu");
    expect(inline.session.inputNames).toEqual(standard.session.inputNames);
    expect(inline.session.outputNames).toEqual(standard.session.outputNames);
    expect(inline.session.inputMetadata).toEqual(standard.session.inputMetadata);
    expect(inline.session.outputMetadata).toEqual(standard.session.outputMetadata);
  });

  it("return the same outputs for the same inputs", async () => {
    const a = await standard.session.run(decoderFeeds(standard.session, 5, 0));
    const b = await inline.session.run(decoderFeeds(inline.session, 5, 0));
    expect(Object.keys(b)).toEqual(Object.keys(a));
    for (const name of Object.keys(a)) {
      expect(b[name]!.type).toBe(a[name]!.type);
      expect(b[name]!.dims).toEqual(a[name]!.dims);
      expect(b[name]!.data).toEqual(a[name]!.data);
    }
  });

  it("reject a bad input like any session", async () => {
    const feeds = decoderFeeds(inline.session, 5, 0);
    feeds[inline.session.inputNames[0]!] = new ort.Tensor("float32", new Float32Array(2), [1, 2]);
    await expect(inline.session.run(feeds)).rejects.toThrow();
  });

  it("let other work on the thread run during a long sequence of calls", async () => {
    let ran = false;
    setImmediate(() => (ran = true));
    const started = performance.now();
    let ranBeforeEnd = false;
    // Back-to-back calls and nothing else, for several yield periods.
    while (performance.now() - started < 4 * INLINE_YIELD_MS) {
      await inline.session.run(decoderFeeds(inline.session, 5, 0));
      ranBeforeEnd ||= ran;
    }
    expect(ranBeforeEnd).toBe(true);
  });
});
