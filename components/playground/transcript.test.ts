import { describe, expect, it } from "vitest";
import { activeWordIndex, clock, downloadName, formatTranscript, playerTime, timedWords, type VerboseTranscription } from "./transcript";

const segmented: VerboseTranscription = {
  text: "Ever tried. Ever failed.",
  duration: 4,
  segments: [
    { start: 0.5, end: 1.5, text: " Ever tried." },
    { start: 2, end: 3.2, text: " Ever failed." },
  ],
};

describe("word times", () => {
  it("uses the model's own word times when it returned them", () => {
    const timed = timedWords({ text: "a b", words: [{ word: " a", start: 0.1, end: 0.3 }, { word: "b", start: 0.4, end: 0.9 }] });
    expect(timed).toEqual({ words: [{ text: "a", start: 0.1, end: 0.3 }, { text: "b", start: 0.4, end: 0.9 }], approximate: false });
  });

  it("spreads each segment over its words by length, and says the times are approximate", () => {
    const timed = timedWords(segmented);
    expect(timed.approximate).toBe(true);
    expect(timed.words.map((w) => w.text)).toEqual(["Ever", "tried.", "Ever", "failed."]);
    // "Ever" is 4 of 10 characters of the first segment's second.
    expect(timed.words[0]).toEqual({ text: "Ever", start: 0.5, end: 0.9 });
    expect(timed.words[1]).toEqual({ text: "tried.", start: 0.9, end: 1.5 });
    expect(timed.words[2]!.start).toBe(2);
    expect(timed.words[3]!.end).toBe(3.2);
  });

  it("gives a one-word segment (a keyword model's answer) its exact span", () => {
    const timed = timedWords({ text: "seven", duration: 3, segments: [{ start: 1.2, end: 2.2, text: "seven" }] });
    expect(timed).toEqual({ words: [{ text: "seven", start: 1.2, end: 2.2 }], approximate: false });
  });

  it("finds the word being spoken, and none between words", () => {
    const { words } = timedWords(segmented);
    expect(activeWordIndex(words, 0.6)).toBe(0);
    expect(activeWordIndex(words, 1.0)).toBe(1);
    expect(activeWordIndex(words, 1.7)).toBe(-1);
    expect(activeWordIndex(words, 3.0)).toBe(3);
    expect(activeWordIndex(words, 3.5)).toBe(-1);
  });
});

describe("downloads", () => {
  it("writes SubRip cues from the segments", () => {
    expect(formatTranscript(segmented, "srt")).toBe(
      "1\n00:00:00,500 --> 00:00:01,500\nEver tried.\n\n2\n00:00:02,000 --> 00:00:03,200\nEver failed.\n",
    );
  });

  it("writes WebVTT with its header", () => {
    expect(formatTranscript(segmented, "vtt")).toBe(
      "WEBVTT\n\n00:00:00.500 --> 00:00:01.500\nEver tried.\n\n00:00:02.000 --> 00:00:03.200\nEver failed.\n",
    );
  });

  it("makes one cue of the whole text when the model gave no segments", () => {
    expect(formatTranscript({ text: "seven", duration: 1 }, "srt")).toBe("1\n00:00:00,000 --> 00:00:01,000\nseven\n");
  });

  it("keeps the full answer in JSON and the text in TXT", () => {
    expect(JSON.parse(formatTranscript(segmented, "json"))).toEqual(segmented);
    expect(formatTranscript(segmented, "txt")).toBe("Ever tried. Ever failed.\n");
  });

  it("names files after the audio", () => {
    expect(downloadName("my talk (final).mp3", "srt")).toBe("transcript-my-talk-final.srt");
    expect(downloadName("", "vtt")).toBe("transcript-audio.vtt");
  });

  it("formats clock times", () => {
    expect(clock(3661.25, ",")).toBe("01:01:01,250");
    expect(playerTime(61.256)).toBe("1:01.26");
  });
});
