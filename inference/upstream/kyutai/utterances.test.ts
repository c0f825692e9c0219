import { describe, expect, it } from "vitest";
import type { StreamEvent } from "./stream-types";
import { UtteranceTracker } from "./utterances";

function tracker(endpointingMs = 800, maxUtteranceSeconds = 30) {
  const events: StreamEvent[] = [];
  const t = new UtteranceTracker({ endpointingMs, maxUtteranceSeconds }, (e) => events.push(e));
  return { t, events, finals: () => events.filter((e) => e.type === "final") };
}

describe("UtteranceTracker", () => {
  it("sends a partial per change and one final after the endpointing silence", () => {
    const { t, events, finals } = tracker();
    t.addWord("Hello", 0.5);
    t.endWord(0.9);
    t.addWord("there.", 1.0);
    t.complete(1.5); // the second word has no end yet: it may still be going on
    expect(finals()).toHaveLength(0);
    t.endWord(1.4);
    t.complete(2.1); // 0.7 s of silence: not enough
    expect(finals()).toHaveLength(0);
    t.complete(2.2);
    expect(events.map((e) => e.type)).toEqual(["partial", "partial", "partial", "partial", "final"]);
    expect(finals()[0]).toMatchObject({
      reason: "endpoint",
      utterance: { index: 0, text: "Hello there.", start: 0.5, end: 1.4, words: [{ text: "Hello", start: 0.5, end: 0.9 }, { text: "there.", start: 1, end: 1.4 }] },
    });
    t.complete(5);
    expect(finals()).toHaveLength(1); // nothing open, nothing to close
  });

  it("numbers utterances and closes an overlong one at the next word", () => {
    const { t, finals } = tracker(800, 2);
    for (let i = 0; i < 6; i++) {
      t.addWord(`w${i}`, i * 0.5);
      t.endWord(i * 0.5 + 0.4);
    }
    t.finish("flush");
    expect(finals().map((e) => e.type === "final" && [e.utterance.index, e.utterance.text, e.reason])).toEqual([
      [0, "w0 w1 w2 w3 w4", "max_length"],
      [1, "w5", "flush"],
    ]);
  });

  it("never lets a word start before the previous one ended", () => {
    const { t, events } = tracker();
    t.addWord("a", 1);
    t.endWord(1.5);
    t.addWord("b", 1.2);
    const last = events.at(-1);
    expect(last?.type === "partial" && last.utterance.words[1]).toEqual({ text: "b", start: 1.5, end: 1.5 });
  });
});
