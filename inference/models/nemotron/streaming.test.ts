/**
 * Streaming: audio pushed in uneven pieces (as a microphone or a websocket delivers it) must give exactly
 * the tokens of decoding the whole recording at once, which are the reference's; many streams batched in
 * one engine (at different positions, different chunk sizes and languages, joining and leaving) must each
 * get what they get alone; and the events a listener sees must add up to the transcript.
 */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeAudio, shutdownDecoders } from "../../audio/decode.js";
import { NemoFrontend } from "../../frontend/nemo.js";
import { fixture } from "../../testing/fixtures.js";
import type { StepReport } from "./engine.js";
import { StreamingLogMel } from "./features.js";
import { createNemotronRunner, openNemotronRunner, type NemotronRunner, type NemotronStream, type StreamEvent } from "./index.js";
import { findNemotronFiles } from "./layout.js";
import { ACCELERATION_OF, BATCHED_DECODER, MODEL_DIR, references, type ReferenceCase } from "./test-fixtures.js";

const audio: Float32Array[] = [];
let runner: NemotronRunner;
beforeAll(async () => {
  for (const a of references.audio) audio.push((await decodeAudio(readFileSync(fixture(a.file)))).samples);
  runner = await createNemotronRunner(MODEL_DIR, { autoStep: false });
});
afterAll(async () => {
  await runner.dispose();
  await shutdownDecoders();
});

/** Piece sizes in samples, cycled: 37 ms, 1.3 s, 5 ms, one sample, 200 ms, 10 ms, 830 ms, 161 samples. */
const UNEVEN = [592, 20800, 80, 1, 3200, 160, 13280, 161];

function* pieces(samples: Float32Array, sizes: readonly number[]): Generator<Float32Array> {
  let at = 0;
  for (let i = 0; at < samples.length; i++) {
    const size = sizes[i % sizes.length]!;
    yield samples.subarray(at, at + size);
    at += size;
  }
}

function reference(audioIndex: number, chunkMs: number, language: string): ReferenceCase {
  const c = references.cases.find((x) => x.audio === audioIndex && x.chunkMs === chunkMs && x.language === language);
  if (!c) throw new Error(`no reference for ${audioIndex} ${chunkMs} ${language}`);
  return c;
}

async function collect(stream: NemotronStream): Promise<StreamEvent[]> {
  const events: StreamEvent[] = [];
  for await (const e of stream.events) events.push(e);
  return events;
}

describe("streaming front end", () => {
  it("gives the whole-recording log-mel features bit for bit, whatever the piece sizes", () => {
    const samples = audio[2]!;
    const whole = new NemoFrontend({ normalize: "none" }).compute(samples);
    for (const sizes of [UNEVEN, [1], [160], [399, 401], [16000]]) {
      const streaming = new StreamingLogMel(new NemoFrontend({ normalize: "none" }));
      const blocks = [];
      for (const piece of pieces(samples, sizes.length === 1 && sizes[0] === 1 ? [7919] : sizes)) {
        const block = streaming.push(piece);
        if (block) blocks.push(block);
      }
      const tail = streaming.finish();
      if (tail) blocks.push(tail);
      const frames = blocks.reduce((n, b) => n + b.frames, 0);
      expect(frames).toBe(whole.frames);
      const joined = new Float32Array(128 * frames);
      let at = 0;
      for (const b of blocks) {
        for (let m = 0; m < 128; m++) joined.set(b.data.subarray(m * b.frames, (m + 1) * b.frames), m * frames + at);
        at += b.frames;
      }
      expect(Buffer.from(joined.buffer).equals(Buffer.from(whole.data.buffer))).toBe(true);
    }
  });
});

describe.each([80, 320, 560, 1120])("a stream fed in uneven pieces, %i ms chunks", (chunkMs) => {
  it("gives the reference tokens, stepping as input arrives", async () => {
    const c = reference(1, chunkMs, "de-DE");
    const stream = runner.createStream({ language: "de-DE", acceleration: ACCELERATION_OF[chunkMs]! });
    for (const piece of pieces(audio[1]!, UNEVEN)) {
      stream.push(piece);
      await runner.drain();
    }
    stream.flush();
    await runner.drain();
    expect(stream.finished).toBe(true);
    const t = stream.transcript();
    expect(t.tokens).toEqual(c.tokens);
    expect(t.tokenFrames).toEqual(c.tokenFrames);
    expect(t.text).toBe(c.text);
    expect(t.language).toBe("de-DE");
    const [whole] = await runner.transcribeAudio([{ samples: audio[1]!, sampleRate: 16000 }], { language: "de-DE", acceleration: ACCELERATION_OF[chunkMs]! });
    expect(whole!.tokens).toEqual(t.tokens);
  });
});

describe("many streams in one engine", () => {
  it("decode each stream exactly as alone: different positions, chunk sizes and languages, joining and leaving", async () => {
    const plan = [
      { audio: 0, chunkMs: 560, language: "auto", startStep: 0 },
      { audio: 1, chunkMs: 560, language: "en-US", startStep: 2 },
      { audio: 2, chunkMs: 560, language: "de-DE", startStep: 5 },
      { audio: 2, chunkMs: 80, language: "auto", startStep: 1 },
      { audio: 0, chunkMs: 80, language: "en-US", startStep: 3 },
      { audio: 1, chunkMs: 320, language: "auto", startStep: 0 },
    ];
    const engine = await createNemotronRunner(MODEL_DIR, { autoStep: false, maxBatch: 2 });
    try {
      const streams: Array<NemotronStream | undefined> = plan.map(() => undefined);
      const fed = plan.map(() => 0);
      const reports: StepReport[] = [];
      // Each step every started stream receives 0.3 s more audio, so streams sit at different positions.
      for (let step = 0; streams.some((s) => !s?.finished); step++) {
        plan.forEach((p, i) => {
          if (step < p.startStep) return;
          const stream = (streams[i] ??= engine.createStream({ language: p.language, acceleration: ACCELERATION_OF[p.chunkMs]!, endpointSeconds: 0 }));
          const samples = audio[p.audio]!;
          if (fed[i]! < samples.length) {
            stream.push(samples.subarray(fed[i]!, fed[i]! + 4800));
            fed[i]! += 4800;
            if (fed[i]! >= samples.length) stream.flush();
          }
        });
        reports.push(await engine.step());
      }
      plan.forEach((p, i) => {
        expect(streams[i]!.transcript().tokens, JSON.stringify(p)).toEqual(reference(p.audio, p.chunkMs, p.language).tokens);
      });
      // Work really was shared: several streams per encoder call, batches split at maxBatch.
      expect(reports.some((r) => r.streams > r.encoderCalls)).toBe(true);
      expect(reports.reduce((n, r) => n + r.finished, 0)).toBe(plan.length);
      expect(engine.activeStreams).toBe(0);
    } finally {
      await engine.dispose();
    }
  });

  it("match the reference's own batched run", async () => {
    for (const batch of references.batches) {
      const results = await runner.transcribeAudio(
        batch.streams.map((s) => ({ samples: audio[s.audio]!, sampleRate: 16000 as const })),
        batch.streams.map((s) => ({ language: s.language, acceleration: ACCELERATION_OF[s.chunkMs]! })),
      );
      expect(results.map((r) => r.tokens)).toEqual(batch.streams.map((s) => s.tokens));
    }
  });

  it("give the same tokens through a decoder that takes many streams per call", async () => {
    const files = await findNemotronFiles(MODEL_DIR);
    const batched = await openNemotronRunner({ ...files, decoder: BATCHED_DECODER });
    try {
      expect(batched.sessions.decoderMaxBatch).toBe(Number.POSITIVE_INFINITY);
      const cases = [reference(0, 560, "auto"), reference(2, 560, "de-DE"), reference(1, 560, "en-US")];
      const results = await batched.transcribeAudio(
        cases.map((c) => ({ samples: audio[c.audio]!, sampleRate: 16000 as const })),
        cases.map((c) => ({ language: c.language, acceleration: "regular" as const })),
      );
      expect(results.map((r) => r.tokens)).toEqual(cases.map((c) => c.tokens));
    } finally {
      await batched.dispose();
    }
  });
});

describe("events", () => {
  it("partials grow within a segment, finals settle segments at pauses, and together they are the transcript", async () => {
    const live = await createNemotronRunner(MODEL_DIR, { endpointSeconds: 0.4 });
    try {
      const stream = live.createStream({ acceleration: "high" });
      const events = collect(stream);
      for (const piece of pieces(audio[1]!, UNEVEN)) stream.push(piece);
      stream.flush();
      const all = await events;
      const t = stream.transcript();
      expect(t.tokens).toEqual(reference(1, 320, "auto").tokens);
      const finals = all.filter((e) => e.type === "final");
      expect(finals.at(-1)).toMatchObject({ type: "final", reason: "end" });
      expect(finals.filter((e) => e.reason === "endpoint").length).toBeGreaterThan(0);
      expect(finals.map((f) => f.segment)).toEqual(finals.map((_, i) => i));
      expect(finals.flatMap((f) => f.words)).toEqual(t.words);
      expect(finals.map((f) => f.text).filter((x) => x).join(" ")).toBe(t.text);
      for (const e of all) {
        if (e.type !== "partial") continue;
        // Greedy RNNT only appends: a partial's words are the final's, the last one possibly still growing.
        const final = finals.find((f) => f.segment === e.segment)!;
        e.words.slice(0, -1).forEach((w, i) => expect(w).toEqual(final.words[i]));
        if (e.words.length) expect(final.words[e.words.length - 1]!.text.startsWith(e.words.at(-1)!.text)).toBe(true);
        expect(e.audioSeconds).toBeLessThanOrEqual(final.audioSeconds);
      }
      let previousEnd = 0;
      for (const w of t.words) {
        expect(w.start).toBeGreaterThanOrEqual(previousEnd - 1e-9);
        expect(w.end).toBeGreaterThan(w.start);
        expect(w.end).toBeLessThanOrEqual(audio[1]!.length / 16000 + 0.08);
        previousEnd = w.start;
      }
    } finally {
      await live.dispose();
    }
  });

  it("speech without pauses is cut into segments of about maxSegmentSeconds, at word starts", async () => {
    const stream = runner.createStream({ acceleration: "regular", endpointSeconds: 0, maxSegmentSeconds: 1.5 });
    const events = collect(stream);
    for (const piece of pieces(audio[3]!.subarray(0, 16000 * 12), UNEVEN)) stream.push(piece);
    stream.flush();
    await runner.drain();
    const finals = (await events).filter((e) => e.type === "final");
    const t = stream.transcript();
    expect(finals.filter((f) => f.reason === "max_length").length).toBeGreaterThan(1);
    expect(finals.flatMap((f) => f.words)).toEqual(t.words);
    for (const f of finals.filter((x) => x.reason === "max_length")) {
      expect(f.words.at(-1)!.end - f.words[0]!.start).toBeLessThan(1.5 + 0.56 + 0.08);
    }
  });

  it("a stream cancelled mid-way ends its events without a final and leaves the engine", async () => {
    const stream = runner.createStream();
    stream.push(audio[0]!.subarray(0, 16000));
    await runner.drain();
    stream.cancel();
    const rest = await collect(stream);
    expect(rest.some((e) => e.type === "final")).toBe(false);
    expect(stream.finished).toBe(true);
    expect(runner.activeStreams).toBe(0);
  });
});

describe("the last chunk (NeMo's rule)", () => {
  async function decodedSeconds(frames: number, acceleration: "regular" | "full"): Promise<number> {
    const stream = runner.createStream({ acceleration });
    stream.push(audio[1]!.subarray(0, frames * 160));
    stream.flush();
    await runner.drain();
    return stream.transcript().audioSeconds;
  }

  it("decodes a tail of 8 frames or more, drops a shorter one, and a first chunk of a single frame", async () => {
    expect(await decodedSeconds(56 * 3 + 8, "regular")).toBeCloseTo(1.76, 6);
    expect(await decodedSeconds(56 * 3 + 7, "regular")).toBeCloseTo(1.68, 6);
    expect(await decodedSeconds(3, "regular")).toBeCloseTo(0.03, 6);
    expect(await decodedSeconds(8 * 5 + 7, "full")).toBeCloseTo(0.4, 6);
  });

  it("an empty stream still gets its final event", async () => {
    const stream = runner.createStream();
    const events = collect(stream);
    stream.flush();
    await runner.drain();
    expect(await events).toEqual([{ type: "final", segment: 0, text: "", words: [], audioSeconds: 0, reason: "end" }]);
  });
});
