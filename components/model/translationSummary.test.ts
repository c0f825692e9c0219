import { describe, expect, it } from "vitest";
import { translationSummary } from "./translationSummary";

describe("translationSummary", () => {
  it("groups pairs by target language, in published order", () => {
    const pairs = [
      { from: "en", to: "de" },
      { from: "en", to: "fr" },
      { from: "de", to: "en" },
      { from: "fr", to: "en" },
      { from: "es", to: "en" },
    ];
    expect(translationSummary(pairs)).toEqual(["English → German", "English → French", "German, French, Spanish → English"]);
  });

  it("counts sources instead of listing them when there are many", () => {
    const pairs = ["de", "fr", "es", "it", "ja", "ko"].map((from) => ({ from, to: "en" }));
    expect(translationSummary(pairs)).toEqual(["6 languages → English"]);
  });

  it("says nothing for a model that does not translate", () => {
    expect(translationSummary([])).toEqual([]);
  });
});
