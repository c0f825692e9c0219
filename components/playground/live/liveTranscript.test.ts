import { describe, expect, it } from "vitest";
import { applyEvent, EMPTY_TRANSCRIPT, fullText, type LiveTranscript } from "./liveTranscript";

const words = [{ word: "x", start: 0, end: 0 }];

describe("live transcript", () => {
  it("replaces the partial as it grows, moves it to the finals when final, and keeps the order", () => {
    let state: LiveTranscript = EMPTY_TRANSCRIPT;
    state = applyEvent(state, { type: "transcript.partial", utterance_id: 0, text: "Ever", words, start: 0.2, end: 0.5 });
    state = applyEvent(state, { type: "transcript.partial", utterance_id: 0, text: "Ever tried.", words, start: 0.2, end: 0.9 });
    expect(fullText(state)).toBe("Ever tried.");
    state = applyEvent(state, { type: "transcript.final", utterance_id: 0, text: "Ever tried.", words, start: 0.2, end: 0.9, reason: "endpoint" });
    state = applyEvent(state, { type: "transcript.partial", utterance_id: 1, text: "Ever", words, start: 1.5, end: 1.7 });
    expect(state.finals.map((u) => u.text)).toEqual(["Ever tried."]);
    expect(state.partial?.text).toBe("Ever");
    expect(fullText(state)).toBe("Ever tried. Ever");
    state = applyEvent(state, { type: "session.closed", reason: "client_closed", usage: { type: "duration", seconds: 2.5, billed_seconds: 3 }, cost: 0.00017 });
    expect(state.partial).toBeNull();
    expect(state.usage).toEqual({ seconds: 2.5, billedSeconds: 3, costUsd: 0.00017 });
  });

  it("keeps the error the server sent", () => {
    const state = applyEvent(EMPTY_TRANSCRIPT, {
      type: "error",
      error: { message: "Every stream is busy.", type: "service_unavailable", param: "model", code: "capacity_exceeded" },
    });
    expect(state.error).toEqual({ code: "capacity_exceeded", message: "Every stream is busy." });
  });
});
