import { describe, expect, it } from "vitest";
import { findModel, toView } from "@/lib/catalog";
import { ACCELERATION_CHUNK_SECONDS, ACCELERATIONS } from "@/lib/queue-api/schema";
import { ACCELERATION_CHOICES, defaultOptions, formFields, optionSet, playgroundModel, reconcile, requestFor } from "./options";

const model = (id: string) => playgroundModel(toView(findModel(id)!, "/nonexistent"));
const moonshine = model("moonshine-ai/moonshine-micro");
const canary = model("nvidia/canary-1b-flash");
const nemotron = model("nvidia/nemotron-asr-multilingual");
const kyutai = model("kyutai/stt-2.6b-en");

describe("the options a model shows", () => {
  it("shows a one-language keyword model no choices at all", () => {
    const set = optionSet(moonshine, defaultOptions(moonshine));
    expect(set).toMatchObject({ languages: null, targets: null, punctuation: false, wordTimestamps: false, acceleration: false });
    expect(set.onlyLanguage?.label).toBe("English");
  });

  it("shows a translating model its task, languages, punctuation and timestamps — but no acceleration", () => {
    const set = optionSet(canary, defaultOptions(canary));
    expect(set.languages?.map((l) => l.value)).toEqual(["en", "de", "fr", "es"]);
    expect(set.languages?.some((l) => l.value === "auto")).toBe(false); // Canary cannot detect languages
    expect(set.targets?.map((t) => t.value).sort()).toEqual(["de", "en", "es", "fr"]);
    expect(set).toMatchObject({ punctuation: true, wordTimestamps: true, acceleration: false });
  });

  it("offers automatic detection and acceleration to a streaming model that detects languages", () => {
    const set = optionSet(nemotron, defaultOptions(nemotron));
    expect(set.languages?.[0]).toEqual({ value: "auto", label: "Detect automatically" });
    expect(set.acceleration).toBe(true);
  });

  it("lists only the source languages a translation target can come from", () => {
    const set = optionSet(canary, { task: "translate", targetLanguage: "de" });
    expect(set.languages).toBeNull();
    expect(set.onlyLanguage?.value).toBe("en");
  });

  it("keeps options valid when the task changes", () => {
    const german = { ...defaultOptions(canary), language: "de" };
    // Into German only English can be translated: the source follows.
    expect(reconcile(canary, { ...german, task: "translate", targetLanguage: "de" })).toMatchObject({ language: "en", targetLanguage: "de" });
    // A model without translation stays on transcription.
    expect(reconcile(moonshine, { ...defaultOptions(moonshine), task: "translate" }).task).toBe("transcribe");
  });

  it("uses the queue API's acceleration settings", () => {
    expect(ACCELERATION_CHOICES.map((a) => a.value)).toEqual([...ACCELERATIONS]);
    for (const a of ACCELERATION_CHOICES) expect(a.chunkSeconds).toBe(ACCELERATION_CHUNK_SECONDS[a.value]);
  });
});

describe("the request a run sends", () => {
  it("asks a keyword model for verbose JSON and nothing it lacks", () => {
    const request = requestFor(moonshine, defaultOptions(moonshine));
    expect(request).toEqual({ task: "transcribe", responseFormat: "verbose_json" });
    expect(formFields(moonshine, request)).toEqual([
      ["model", "moonshine-ai/moonshine-micro"],
      ["response_format", "verbose_json"],
    ]);
  });

  it("sends a translation with its source, target, word times and punctuation off", () => {
    const options = reconcile(canary, { ...defaultOptions(canary), task: "translate", targetLanguage: "en", language: "fr", punctuation: false });
    const request = requestFor(canary, options);
    expect(request).toEqual({
      task: "translate",
      language: "fr",
      targetLanguage: "en",
      responseFormat: "verbose_json",
      timestampGranularities: ["word", "segment"],
      punctuation: false,
    });
    expect(formFields(canary, request)).toContainEqual(["timestamp_granularities[]", "word"]);
    expect(formFields(canary, request)).toContainEqual(["punctuation", "false"]);
  });

  it("names the only possible source language of a translation, which the API requires", () => {
    const options = reconcile(canary, { ...defaultOptions(canary), task: "translate", targetLanguage: "de" });
    expect(requestFor(canary, options)).toMatchObject({ language: "en", targetLanguage: "de" });
  });

  it("streams a streaming model's text, with its acceleration", () => {
    expect(requestFor(nemotron, { ...defaultOptions(nemotron), acceleration: "high" })).toEqual({
      task: "transcribe",
      responseFormat: "json",
      acceleration: "high",
      stream: true,
    });
  });

  it("offers Kyutai no acceleration: it reads a file at its one pace, so the setting would do nothing", () => {
    expect(optionSet(kyutai, defaultOptions(kyutai)).acceleration).toBe(false);
    expect(requestFor(kyutai, defaultOptions(kyutai))).not.toHaveProperty("acceleration");
    expect(formFields(kyutai, requestFor(kyutai, defaultOptions(kyutai))).map(([name]) => name)).not.toContain("acceleration");
  });
});
