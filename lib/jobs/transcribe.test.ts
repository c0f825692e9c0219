import { describe, expect, it } from "vitest";
import { findModel, toView } from "@/lib/catalog";
import { engineOptions } from "./transcribe";

const view = (id: string) => toView(findModel(id)!, "/nonexistent");

describe("a job's stored input as engine options", () => {
  it("carries a playground translation's target, its punctuation choice and timestamps to the engine", () => {
    const canary = view("nvidia/canary-1b-flash");
    expect(engineOptions(canary, { audio_url: "upload", language: "en", acceleration: "regular", task: "translate", target_language: "de", punctuation: false })).toEqual({
      language: "en",
      targetLanguage: "de",
      punctuation: false,
      timestamps: true,
    });
  });

  it("leaves a queue API input as it was: the language, and times where the model has them", () => {
    const canary = view("nvidia/canary-1b-flash");
    expect(engineOptions(canary, { audio_url: "https://example.com/a.wav", language: "auto", acceleration: "regular" })).toEqual({ timestamps: true });
    expect(engineOptions(view("moonshine-ai/moonshine-micro"), { audio_url: "x", language: "en", acceleration: "regular" })).toEqual({ language: "en" });
  });

  it("asks for no times when the run said it wants none", () => {
    const canary = view("nvidia/canary-1b-flash");
    expect(engineOptions(canary, { audio_url: "x", language: "de", acceleration: "regular", timestamps: false })).toEqual({ language: "de" });
  });
});
