import { describe, expect, it } from "vitest";
import { compressionRatio, formatResult, languageName, srt, timestamp, vtt, type AudioResult } from "./format";
import { textDeltas } from "./sse";

const charge = { audioSeconds: 3.2, billedSeconds: 4, costMicroUsd: 227 };

const result: AudioResult = {
  task: "transcribe",
  text: "Hello there. General Kenobi.",
  language: "en",
  durationSeconds: 3.2,
  segments: [
    { text: " Hello there.", start: 0.24, end: 1.2 },
    { text: "General Kenobi.", start: 1.52, end: 3.04 },
  ],
  words: [
    { text: "Hello", start: 0.24, end: 0.6 },
    { text: " there.", start: 0.64, end: 1.2 },
  ],
  silent: false,
  temperature: 0.2,
};

describe("response formats", () => {
  it("json: text, usage in billed seconds, and the cost in dollars", () => {
    const { body, contentType } = formatResult(result, { responseFormat: "json", granularities: [], charge });
    expect(contentType).toBe("application/json");
    expect(JSON.parse(body)).toEqual({ text: result.text, usage: { type: "duration", seconds: 4 }, cost: 0.000227 });
  });

  it("verbose_json: segments by default, words only when asked", () => {
    const plain = JSON.parse(formatResult(result, { responseFormat: "verbose_json", granularities: [], charge }).body);
    expect(plain).toMatchObject({ task: "transcribe", language: "english", duration: 3.2, text: result.text });
    expect(plain.segments).toHaveLength(2);
    expect(plain.segments[1]).toMatchObject({ id: 1, seek: 152, start: 1.52, end: 3.04, text: "General Kenobi.", temperature: 0.2, tokens: [] });
    expect(plain.words).toBeUndefined();
    expect(Object.keys(plain)).toEqual(["task", "language", "duration", "text", "segments", "usage", "cost"]);

    const words = JSON.parse(formatResult(result, { responseFormat: "verbose_json", granularities: ["word"], charge }).body);
    expect(words.segments).toBeUndefined();
    expect(words.words).toEqual([
      { word: "Hello", start: 0.24, end: 0.6 },
      { word: "there.", start: 0.64, end: 1.2 },
    ]);
  });

  it("srt and vtt: numbered cues with comma and dot milliseconds", () => {
    expect(formatResult(result, { responseFormat: "srt", granularities: [], charge }).body).toBe(
      "1\n00:00:00,240 --> 00:00:01,200\nHello there.\n\n2\n00:00:01,520 --> 00:00:03,040\nGeneral Kenobi.\n",
    );
    expect(formatResult(result, { responseFormat: "vtt", granularities: [], charge }).body).toBe(
      "WEBVTT\n\n00:00:00.240 --> 00:00:01.200\nHello there.\n\n00:00:01.520 --> 00:00:03.040\nGeneral Kenobi.\n",
    );
  });

  it("a model without timestamps gives one cue over the whole audio; silence gives none", () => {
    const untimed = { ...result, segments: [], words: [] };
    expect(formatResult(untimed, { responseFormat: "srt", granularities: [], charge }).body).toBe(
      `1\n00:00:00,000 --> 00:00:03,200\n${result.text}\n`,
    );
    const silent = { ...untimed, text: "", silent: true };
    expect(formatResult(silent, { responseFormat: "vtt", granularities: [], charge }).body).toBe("WEBVTT\n");
    expect(srt([])).toBe("");
    expect(JSON.parse(formatResult(silent, { responseFormat: "verbose_json", granularities: [], charge }).body).segments).toEqual([]);
  });

  it("text: the text and a newline", () => {
    expect(formatResult(result, { responseFormat: "text", granularities: [], charge }).body).toBe(`${result.text}\n`);
  });
});

describe("helpers", () => {
  it("timestamps past an hour and rounding at the millisecond", () => {
    expect(timestamp(3723.5, ",")).toBe("01:02:03,500");
    expect(timestamp(59.9996, ".")).toBe("00:01:00.000");
    expect(timestamp(-1, ",")).toBe("00:00:00,000");
    expect(vtt([{ text: "a", start: 0, end: 0.5 }])).toBe("WEBVTT\n\n00:00:00.000 --> 00:00:00.500\na\n");
  });

  it("names languages as OpenAI does", () => {
    expect(languageName("en")).toBe("english");
    expect(languageName("de-DE")).toBe("german");
    expect(languageName(undefined)).toBe("");
    expect(languageName("auto")).toBe("");
  });

  it("flags repetitive text with a high compression ratio, as whisper does", () => {
    expect(compressionRatio("")).toBe(0);
    expect(compressionRatio("word ".repeat(100))).toBeGreaterThan(2.4);
    expect(compressionRatio("The quick brown fox jumps over the lazy dog.")).toBeLessThan(2.4);
  });

  it("cuts text into stream deltas that join back exactly", () => {
    for (const text of ["Hello there.  General Kenobi.", " leading space", "", "one", "a\nb\tc "]) {
      const deltas = textDeltas(text);
      expect(deltas.join("")).toBe(text);
    }
    expect(textDeltas("Hello there.")).toEqual(["Hello", " there."]);
  });
});
