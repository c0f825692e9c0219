import { describe, expect, it } from "vitest";
import { errorOf, resultOf } from "./result";
import { parseRunEvent } from "./wire";

describe("a finished queue job as the playground's verbose_json", () => {
  const facts = { task: "transcribe" as const, language: "en", audioSeconds: 1.0004, billedSeconds: 1, costMicroUsd: 17 };

  it("turns chunks into numbered segments and words into word times, with usage and cost", () => {
    const output = {
      output: "seven nine",
      partial: false,
      chunks: [{ timestamp: [0, 1], text: "seven nine" }],
      words: [
        { timestamp: [0, 0.4], text: "seven" },
        { timestamp: [0.5, 1], text: "nine" },
      ],
    };
    expect(resultOf(output, facts)).toEqual({
      task: "transcribe",
      language: "en",
      duration: 1,
      text: "seven nine",
      segments: [{ id: 0, start: 0, end: 1, text: "seven nine" }],
      words: [
        { word: "seven", start: 0, end: 0.4 },
        { word: "nine", start: 0.5, end: 1 },
      ],
      usage: { type: "duration", seconds: 1 },
      cost: 0.000017,
    });
  });

  it("names no language when the model was left to detect it, and has no times the model did not give", () => {
    const result = resultOf({ output: "hallo", partial: false }, { ...facts, language: "auto" });
    expect(result).not.toHaveProperty("language");
    expect(result).not.toHaveProperty("segments");
    expect(result).not.toHaveProperty("words");
    expect(result.text).toBe("hallo");
  });
});

describe("a failed job's stored error as one message", () => {
  it("reads a 422's first field problem, calling the queue's audio_url the uploaded file", () => {
    const body = { detail: [{ loc: ["body", "audio_url"], msg: "The audio is 3.00 s long; this model takes up to 1 s.", type: "audio_too_long" }] };
    expect(errorOf(body)).toEqual({ message: "The audio is 3.00 s long; this model takes up to 1 s.", code: "audio_too_long", param: "file" });
  });

  it("reads a plain failure's detail and code", () => {
    expect(errorOf({ detail: "The model could not be loaded.", code: "engine_unavailable" })).toEqual({
      message: "The model could not be loaded.",
      code: "engine_unavailable",
      param: null,
    });
    expect(errorOf(null)).toEqual({ message: "The run failed.", code: null, param: null });
  });
});

describe("run events on the wire", () => {
  it("accepts the known event types and nothing else", () => {
    expect(parseRunEvent('{"type":"queued","position":2}')).toEqual({ type: "queued", position: 2 });
    expect(parseRunEvent('{"type":"surprise"}')).toBeNull();
    expect(parseRunEvent("not json")).toBeNull();
  });
});
