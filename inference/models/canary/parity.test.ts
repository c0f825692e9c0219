/**
 * Parity: our runner, on the committed tiny models (both layouts), must produce exactly the token
 * sequences the PyTorch reference loop recorded, for every prompt variant, one item at a time and as a
 * batch of items of different lengths. Regenerate the fixtures (and check they are reproducible) with
 * scripts/python/canary_build_fixtures.py; this test needs no Python.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeAudio, shutdownDecoders } from "../../audio/decode.js";
import { NemoFrontend } from "../../frontend/nemo.js";
import { fixture } from "../../testing/fixtures.js";
import { createCanaryRunner, type CanaryRunner } from "./index.js";
import { batchOf, ONNX_ASR_DIR, optionsOf, references, SHERPA_DIR, type ReferenceCase } from "./test-fixtures.js";

const LAYOUTS = [
  { layout: "onnx-asr", dir: ONNX_ASR_DIR, policy: "cache-length" },
  { layout: "sherpa", dir: SHERPA_DIR, policy: "nemo" },
] as const;

for (const { layout, dir, policy } of LAYOUTS) {
  describe(`Canary runner parity, ${layout} layout (positions: ${policy})`, () => {
    let runner: CanaryRunner;
    beforeAll(async () => {
      runner = await createCanaryRunner(dir);
    });
    afterAll(async () => {
      await runner.dispose();
      await shutdownDecoders();
    });

    it("detects the layout from the files and reads the model's limits", () => {
      expect(runner.layout).toBe(layout);
      expect(runner.provider).toBe("cpu");
      expect(runner.info.maxSequenceLength).toBe(references.model.maxSequenceLength);
      expect(runner.info.subsamplingFactor).toBe(8);
      expect(runner.info.featureSize).toBe(128);
      expect(runner.languages).toEqual(["en", "de", "fr", "es"]);
    });

    const cases = references.cases.filter((c) => c.policy === policy);

    it.each(cases.map((c) => [c.name, c] as const))("%s: each item alone", async (_, c: ReferenceCase) => {
      for (const item of c.items) {
        const [result] = await runner.transcribeFeatures(batchOf([item]), optionsOf(c, item));
        const expected = c.single[item]!;
        expect(result!.tokens, `item ${item}`).toEqual(expected.tokens);
        expect(result!.endedWithEos, `item ${item}`).toBe(expected.endedWithEos);
      }
    });

    // End to end on real speech: the engine's decoder and NeMo front end feed the runner; the reference
    // used the torch front end on the same file.
    const real = references.realAudio.filter((c) => c.policy === policy);
    it.each(real.map((c) => [`${c.file} ${c.name}`, c] as const))("real speech, %s", async (_, c) => {
      const bytes = readFileSync(fixture(c.file));
      expect(createHash("sha256").update(bytes).digest("hex"), "the shared file changed").toBe(c.sha256);
      const audio = await decodeAudio(bytes);
      const features = new NemoFrontend({ normalize: "per_feature" }).computeBatch([audio.samples]);
      expect(features.frames).toEqual([c.frames]);
      const [result] = await runner.transcribeFeatures(features, c.options);
      expect(result!.tokens).toEqual(c.tokens);
      expect(result!.endedWithEos).toBe(true);
    });

    it.each(cases.map((c) => [c.name, c] as const))("%s: items of different lengths in one batch", async (_, c: ReferenceCase) => {
      const options = Array.isArray(c.options) ? c.options : c.options;
      const results = await runner.transcribeFeatures(batchOf(c.items), options);
      expect(results.map((r) => r.tokens)).toEqual(c.batched.map((r) => r.tokens));
      expect(results.map((r) => r.tokens)).toEqual(c.single.map((r) => r.tokens));
      expect(results.map((r) => r.endedWithEos)).toEqual(c.batched.map((r) => r.endedWithEos));
    });
  });
}

describe("the fixtures test what they claim", () => {
  it("exercise EOS stops, the max-length guard, timestamps and both position rules", () => {
    const all = references.cases.flatMap((c) => c.single);
    expect(all.some((r) => r.endedWithEos)).toBe(true);
    expect(all.some((r) => !r.endedWithEos)).toBe(true);
    const byName = new Map<string, Record<string, number[][]>>();
    for (const c of references.cases) {
      const entry = byName.get(c.name) ?? {};
      entry[c.policy] = c.single.map((r) => r.tokens);
      byName.set(c.name, entry);
    }
    const differ = [...byName.values()].filter((e) => JSON.stringify(e.nemo) !== JSON.stringify(e["cache-length"]));
    expect(differ.length).toBeGreaterThan(0);
  });

  it("a runner that used the other layout's positions would fail", async () => {
    // The sherpa model fed onnx-asr's positions (cache length) must disagree with the NeMo reference
    // somewhere: otherwise the parity above could not tell the two rules apart.
    const c = references.cases.find((x) => x.policy === "nemo" && x.name === "asr-en")!;
    const other = references.cases.find((x) => x.policy === "cache-length" && x.name === "asr-en")!;
    expect(other.single.map((r) => r.tokens)).not.toEqual(c.single.map((r) => r.tokens));
  });
});
