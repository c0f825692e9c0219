import { describe, expect, it } from "vitest";
import { expectedFromHistory, medianOf } from "./expected";

describe("how long a run should take, for the progress bar", () => {
  it("scales the model's median speed over recent runs to this audio, so one cold start does not skew it", () => {
    // ms of engine time per second of audio: four warm runs and one cold start.
    const history = [40, 42, 38, 41, 4000];
    expect(medianOf(history)).toBe(41);
    expect(expectedFromHistory(20, history)).toBe(820);
  });

  it("guesses cautiously for a model with no history, and never promises less than the round trip", () => {
    expect(expectedFromHistory(10, [])).toBe(6000);
    expect(expectedFromHistory(1, [5])).toBe(300);
  });
});
