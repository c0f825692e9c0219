/**
 * Parity: our runner, on the committed tiny model (one encoder per chunk size), must produce exactly the
 * token sequences — and the encoder frame of every token — that the PyTorch reference of NeMo's
 * cache-aware streaming loop recorded: per chunk size and language prompt, from the very features the
 * reference used, and end to end from the audio files through the engine's decoder and NeMo front end.
 * Regenerate the fixtures with scripts/python/nemotron_build_fixtures.py; this test needs no Python.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeAudio, shutdownDecoders } from "../../audio/decode.js";
import { fixture } from "../../testing/fixtures.js";
import { createNemotronRunner, type NemotronRunner } from "./index.js";
import { ACCELERATION_OF, caseName, casesFor, MODEL_DIR, references, savedFeatures } from "./test-fixtures.js";

let runner: NemotronRunner;
beforeAll(async () => {
  runner = await createNemotronRunner(MODEL_DIR);
});
afterAll(async () => {
  await runner.dispose();
  await shutdownDecoders();
});

describe("the fixture model", () => {
  it("loads as a Nemotron export with its four chunk graphs and 40 locale prompts", () => {
    expect(runner.chunkSizes).toEqual([80, 320, 560, 1120]);
    expect(runner.accelerations).toEqual(["none", "regular", "high", "full"]);
    expect(runner.locales).toHaveLength(40);
    expect(runner.locales.slice(0, 3)).toEqual(["en-US", "en-GB", "es-US"]);
    expect(runner.provider).toBe("cpu");
    // NeMo's decoder export fixes the batch axis of the c state at 1.
    expect(runner.sessions.decoderMaxBatch).toBe(1);
    for (const [ms, graph] of runner.sessions.encoders) {
      expect(graph.info.window, `${ms} ms`).toBe(ms / 10 + 9);
      expect(graph.info.preEncode).toBe(9);
    }
  });
});

describe("numerics", () => {
  it("the first 560 ms chunk's encoder output matches PyTorch to 1e-4", async () => {
    const { probe } = references;
    const graph = runner.sessions.encoders.get(probe.chunkMs)!;
    const { info } = graph;
    const features = savedFeatures(0)!;
    // Chunk 0: nine zero frames, then the first 56 frames.
    const window = new Float32Array(128 * info.window);
    for (let m = 0; m < 128; m++) {
      for (let w = info.preEncode; w < info.window; w++) window[m * info.window + w] = features.data[m * features.frames + w - info.preEncode]!;
    }
    const out = await runner.sessions.encode(graph, {
      batch: 1,
      features: window,
      lengths: [info.window],
      cacheChannel: new Float32Array(info.layers * info.channelLength * info.dModel),
      cacheTime: new Float32Array(info.layers * info.dModel * info.timeLength),
      cacheChannelLengths: [0],
      promptIndex: [references.model.autoPrompt],
    });
    expect(out.encodedLengths).toEqual([probe.encodedLength]);
    expect(out.cacheChannelLengths).toEqual([probe.cacheLengthNext]);
    const first = Array.from({ length: out.dim }, (_, d) => out.encoded[d * out.frames]!);
    const worst = Math.max(...first.map((v, d) => Math.abs(v - probe.firstFrame[d]!)));
    expect(worst).toBeLessThan(1e-4);
  });
});

const withFeatures = references.features.items.map((i) => i.audio);

describe.each(withFeatures.map((audio) => [references.audio[audio]!.file, audio] as const))("from the reference's features: %s", (_, audio) => {
  it.each(casesFor(audio).map((c) => [caseName(c), c] as const))("%s", async (_, c) => {
    const features = savedFeatures(audio)!;
    const [result] = await runner.transcribeFeatures([features], { language: c.language, acceleration: ACCELERATION_OF[c.chunkMs]! });
    expect(result!.tokens).toEqual(c.tokens);
    expect(result!.tokenFrames).toEqual(c.tokenFrames);
    expect(result!.text).toBe(c.text);
  });
});

describe.each(references.audio.map((a, i) => [a.file, i] as const))("end to end from the file: %s", (file, audio) => {
  let samples: Float32Array;
  beforeAll(async () => {
    const bytes = readFileSync(fixture(file));
    expect(createHash("sha256").update(bytes).digest("hex"), "the shared file changed").toBe(references.audio[audio]!.sha256);
    samples = (await decodeAudio(bytes)).samples;
    expect(samples.length).toBe(references.audio[audio]!.samples);
  });

  it.each(casesFor(audio).map((c) => [caseName(c), c] as const))("%s", async (_, c) => {
    const [result] = await runner.transcribeAudio([{ samples, sampleRate: 16000 }], {
      language: c.language,
      acceleration: ACCELERATION_OF[c.chunkMs]!,
    });
    expect(result!.tokens).toEqual(c.tokens);
    expect(result!.tokenFrames).toEqual(c.tokenFrames);
  });
});

describe("the fixtures test what they claim", () => {
  it("emit several symbols in a frame, reach the 10-symbol cap, and emit the forced locale's tag first", () => {
    expect(references.cases.some((c) => c.framesBySymbolCount.slice(2, 10).some((n) => n > 0))).toBe(true);
    expect(references.cases.some((c) => c.maxSymbolsInAFrame === references.model.maxSymbols)).toBe(true);
    for (const c of references.cases.filter((x) => x.language !== "auto")) {
      expect(c.tokens[0], caseName(c)).toBe(references.model.languageTags[c.language]);
      expect(c.text, caseName(c)).not.toMatch(/</);
    }
  });

  it("give different tokens for different chunk sizes and prompts of the same audio", () => {
    for (const audio of references.audio.keys()) {
      const cases = casesFor(audio);
      const distinct = new Set(cases.map((c) => JSON.stringify(c.tokens)));
      expect(distinct.size, references.audio[audio]!.file).toBeGreaterThan(1);
    }
  });
});
