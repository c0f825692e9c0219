/**
 * Stream options and misuse: languages (auto, locales, bare languages, typed refusals), accelerations
 * (typed refusals, including a chunk graph the directory lacks), input after the end, capacity.
 */
import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EngineError, TranscribeError } from "../../errors.js";
import {
  createNemotronRunner,
  StreamCapacityError,
  StreamStateError,
  UnsupportedAccelerationError,
  UnsupportedLanguageError,
  type NemotronRunner,
} from "./index.js";
import { PromptTable } from "./locales.js";
import { MODEL_DIR, references } from "./test-fixtures.js";

let runner: NemotronRunner;
beforeAll(async () => {
  runner = await createNemotronRunner(MODEL_DIR, { autoStep: false, maxStreams: 3 });
});
afterAll(async () => {
  await runner.dispose();
});

describe("language prompts", () => {
  const table = new PromptTable({ auto: 101, "en-US": 0, "en-GB": 1, "de-DE": 4, "pt-PT": 12, "pt-BR": 11 }, 7);

  it("resolves auto, locales in any spelling, and bare languages to the seed page's first locale", () => {
    expect(table.resolve(undefined)).toEqual({ promptIndex: 101, locale: "auto" });
    expect(table.resolve("AUTO")).toEqual({ promptIndex: 101, locale: "auto" });
    expect(table.resolve("de-DE")).toEqual({ promptIndex: 4, locale: "de-DE" });
    expect(table.resolve("en_gb").locale).toBe("en-GB");
    expect(table.resolve("<en-GB>").locale).toBe("en-GB");
    expect(table.resolve("en").locale).toBe("en-US");
    expect(table.resolve("pt").locale).toBe("pt-BR");
    expect(table.locales).toEqual(["en-US", "en-GB", "de-DE", "pt-BR", "pt-PT"]);
    expect(table.languages).toEqual(["en", "de", "pt"]);
  });

  it("refuses a locale or language the model has no prompt for, with a typed error naming the choices", () => {
    for (const bad of ["en-AU", "xx", "fr-FR", "english"]) {
      const error = (() => {
        try {
          table.resolve(bad);
        } catch (e) {
          return e;
        }
      })();
      expect(error, bad).toBeInstanceOf(UnsupportedLanguageError);
      expect((error as TranscribeError).code).toBe("unsupported_option");
      expect((error as UnsupportedLanguageError).supported).toContain("en-US");
    }
  });

  it("uses the encoder's auto_prompt_id when the dictionary has no auto entry", () => {
    expect(new PromptTable({ "en-US": 0 }, 55).resolve("auto").promptIndex).toBe(55);
  });

  it("feeds each stream's own prompt: forcing a locale changes the tokens and starts them with its tag", async () => {
    const feats = new Float32Array(128 * 200).fill(-3);
    const [auto, de] = await runner.transcribeFeatures(
      [{ data: feats, frames: 200 }, { data: feats, frames: 200 }],
      [{ language: "auto" }, { language: "de" }],
    );
    expect(de!.tokens[0]).toBe(references.model.languageTags["de-DE"]);
    expect(de!.language).toBe("de-DE");
    expect(auto!.tokens).not.toEqual(de!.tokens);
  });

  it("refuses bad languages before anything runs", async () => {
    expect(() => runner.createStream({ language: "tlh-QO" })).toThrow(UnsupportedLanguageError);
    await expect(runner.transcribeFeatures([{ data: new Float32Array(128), frames: 1 }], { language: "xx" })).rejects.toBeInstanceOf(
      UnsupportedLanguageError,
    );
  });
});

describe("accelerations", () => {
  it("map none/regular/high/full to the 1120/560/320/80 ms graphs", () => {
    const chunks = (["none", "regular", "high", "full"] as const).map((acceleration) => {
      const stream = runner.createStream({ acceleration });
      stream.cancel();
      return stream.chunkMs;
    });
    expect(chunks).toEqual([1120, 560, 320, 80]);
    const byDefault = runner.createStream();
    byDefault.cancel();
    expect(byDefault.acceleration).toBe("regular");
  });

  it("refuse an unknown acceleration and one whose graph the directory lacks", async () => {
    for (const bad of ["turbo", "toString", ""]) {
      expect(() => runner.createStream({ acceleration: bad as never }), bad).toThrow(UnsupportedAccelerationError);
    }
    const dir = await mkdtemp(join(tmpdir(), "nemotron-opts-"));
    try {
      await cp(join(MODEL_DIR, "560ms"), join(dir, "560ms"), { recursive: true });
      for (const f of ["decoder.onnx", "joiner.onnx", "tokens.txt"]) await cp(join(MODEL_DIR, f), join(dir, f));
      const only = await createNemotronRunner(dir, { autoStep: false });
      try {
        expect(only.accelerations).toEqual(["regular"]);
        expect(only.createStream().chunkMs).toBe(560);
        let error: unknown;
        try {
          only.createStream({ acceleration: "full" });
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(UnsupportedAccelerationError);
        expect((error as UnsupportedAccelerationError).available).toEqual(["regular"]);
        expect((error as TranscribeError).code).toBe("unsupported_option");
      } finally {
        await only.dispose();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("stream misuse and capacity", () => {
  it("refuses input after flush or cancel, and mixing audio with features", async () => {
    const a = runner.createStream();
    a.push(new Float32Array(1600));
    expect(() => a.pushFeatures(new Float32Array(128), 1)).toThrow(StreamStateError);
    a.flush();
    expect(() => a.push(new Float32Array(160))).toThrow(StreamStateError);
    await runner.drain();
    const b = runner.createStream();
    b.cancel();
    expect(() => b.push(new Float32Array(160))).toThrow(StreamStateError);
    expect(runner.activeStreams).toBe(0);
  });

  it("refuses a stream past maxStreams with a typed 'busy' error, and takes one again when a stream ends", () => {
    const streams = [runner.createStream(), runner.createStream(), runner.createStream()];
    let error: unknown;
    try {
      runner.createStream();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(StreamCapacityError);
    expect((error as EngineError).code).toBe("busy");
    streams[0]!.cancel();
    expect(() => runner.createStream().cancel()).not.toThrow();
    for (const s of streams) s.cancel();
  });
});
