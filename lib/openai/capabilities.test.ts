import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { findModel, toView } from "@/lib/catalog";
import { engineOptionsFor } from "./capabilities";
import type { AudioRequest } from "./params";

const model = (id: string) => toView(findModel(id)!, "/nonexistent");
const canary = model("nvidia/canary-1b-flash");
const moonshine = model("moonshine-ai/moonshine-micro");

const request = (fields: Partial<AudioRequest> = {}): AudioRequest => ({
  task: "transcribe",
  model: "m",
  audio: new Uint8Array(1),
  responseFormat: "json",
  temperature: 0,
  granularities: [],
  stream: false,
  ...fields,
});

function refusal(fn: () => unknown) {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    const { status, param, code } = error as AppError;
    return { status, param, code };
  }
  throw new Error("expected a refusal");
}

describe("engine options from a request", () => {
  it("pass the language through and ask for times when the format shows them", () => {
    expect(engineOptionsFor(canary, request({ language: "de-DE" }))).toEqual({ language: "de-DE" });
    expect(engineOptionsFor(canary, request({ responseFormat: "srt" }))).toEqual({ timestamps: true });
    expect(engineOptionsFor(canary, request({ responseFormat: "verbose_json", granularities: ["word"] }))).toEqual({ timestamps: true });
    // No timestamps to ask a model for that has none; its subtitles are one cue.
    expect(engineOptionsFor(moonshine, request({ responseFormat: "vtt" }))).toEqual({});
    expect(engineOptionsFor(canary, request({ language: "auto" }))).toEqual({});
  });

  it("refuse a language the model does not transcribe, naming `language`", () => {
    expect(refusal(() => engineOptionsFor(moonshine, request({ language: "fr" })))).toMatchObject({ status: 400, param: "language" });
  });

  it("refuse a timestamp granularity the model lacks, naming `timestamp_granularities[]`", () => {
    expect(refusal(() => engineOptionsFor(moonshine, request({ responseFormat: "verbose_json", granularities: ["segment"] })))).toMatchObject({
      status: 400,
      param: "timestamp_granularities[]",
      code: "unsupported_timestamp_granularity",
    });
  });

  it("pass punctuation=false to a model that can toggle it, and refuse it elsewhere naming `punctuation`", () => {
    expect(engineOptionsFor(canary, request({ punctuation: false }))).toEqual({ punctuation: false });
    expect(engineOptionsFor(canary, request({ task: "translate", language: "de", targetLanguage: "en", punctuation: false }))).toMatchObject({
      punctuation: false,
    });
    // On is the default: asking for it changes nothing, on any model.
    expect(engineOptionsFor(moonshine, request({ punctuation: true }))).toEqual({});
    expect(refusal(() => engineOptionsFor(moonshine, request({ punctuation: false })))).toMatchObject({ status: 400, param: "punctuation" });
  });

  it("translate along the model's pairs only", () => {
    expect(engineOptionsFor(canary, request({ task: "translate", language: "fr", targetLanguage: "en" }))).toEqual({
      language: "fr",
      targetLanguage: "en",
    });
    expect(engineOptionsFor(canary, request({ task: "translate", language: "en", targetLanguage: "de" }))).toEqual({
      language: "en",
      targetLanguage: "de",
    });
    expect(refusal(() => engineOptionsFor(canary, request({ task: "translate", language: "de", targetLanguage: "fr" })))).toMatchObject({
      param: "language",
      code: "unsupported_language",
    });
    expect(refusal(() => engineOptionsFor(canary, request({ task: "translate", language: "en", targetLanguage: "ja" })))).toMatchObject({
      param: "target_language",
    });
    expect(refusal(() => engineOptionsFor(canary, request({ task: "translate", targetLanguage: "en" })))).toMatchObject({
      param: "language",
      code: "language_required",
    });
    expect(refusal(() => engineOptionsFor(moonshine, request({ task: "translate", targetLanguage: "en" })))).toMatchObject({
      param: "model",
      code: "translation_not_supported",
    });
  });
});
