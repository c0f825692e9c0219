import { describe, expect, it } from "vitest";
import { decodeTokens, detokenize } from "./text.js";
import { CanaryVocab } from "./vocab.js";

const PIECES = [
  "<|endoftext|>",
  "<pad>",
  "<|en|>",
  "\u2581Hello",
  ",",
  "\u2581world",
  ".",
  "\u2581How",
  "\u2581are",
  "\u2581you",
  "?",
  "\u2581play",
  "ing",
  "\u2581",
  "<unk>",
];
const vocab = new CanaryVocab([
  ...PIECES.map((piece, id) => [piece, id] as const),
  ...Array.from({ length: 40 }, (_, n) => [`<|${n}|>`, 100 + n] as const),
]);
const id = (piece: string): number => vocab.idOf(piece)!;
const ts = (frame: number): number => 100 + frame;
const FRAME = 0.08;

describe("detokenize", () => {
  it("turns ▁ into spaces, joins sub-words and drops control tokens", () => {
    expect(detokenize([id("\u2581Hello"), id(","), id("\u2581play"), id("ing"), id("<|en|>"), id("<pad>"), id("<unk>")], vocab)).toBe(
      "Hello, playing",
    );
    expect(detokenize([id("\u2581"), id("\u2581world"), ts(3), id(".")], vocab)).toBe("world.");
    expect(detokenize([], vocab)).toBe("");
  });
});

describe("timestamps", () => {
  it("pairs <|N|>word<|M|> into words at 80 ms per frame and splits segments at . ? !", () => {
    const tokens = [
      ts(0), id("\u2581Hello"), id(","), ts(5),
      ts(6), id("\u2581world"), id("."), ts(10),
      ts(12), id("\u2581How"), ts(15),
      ts(15), id("\u2581are"), ts(18),
      ts(19), id("\u2581you"), id("?"), ts(25),
    ];
    const decoded = decodeTokens(tokens, vocab, FRAME);
    expect(decoded.text).toBe("Hello, world. How are you?");
    expect(decoded.words).toEqual([
      { text: "Hello,", start: 0, end: 0.4 },
      { text: "world.", start: 0.48, end: 0.8 },
      { text: "How", start: 0.96, end: 1.2 },
      { text: "are", start: 1.2, end: 1.44 },
      { text: "you?", start: 1.52, end: 2 },
    ]);
    expect(decoded.segments).toEqual([
      { text: "Hello, world.", start: 0, end: 0.8 },
      { text: "How are you?", start: 0.96, end: 2 },
    ]);
  });

  it("keeps sub-word pieces of one word together and rounds times to the millisecond", () => {
    const decoded = decodeTokens([ts(3), id("\u2581play"), id("ing"), ts(7)], vocab, FRAME);
    expect(decoded.words).toEqual([{ text: "playing", start: 0.24, end: 0.56 }]);
    // No sentence end: the words still form one segment.
    expect(decoded.segments).toEqual([{ text: "playing", start: 0.24, end: 0.56 }]);
  });

  it("skips empty pairs and an unclosed timestamp, and keeps text written outside pairs", () => {
    const tokens = [ts(1), ts(2), ts(2), id("\u2581Hello"), ts(4), id("\u2581world"), ts(6)];
    const decoded = decodeTokens(tokens, vocab, FRAME);
    // <|1|><|2|> is an empty pair; <|2|>Hello<|4|> a word; "world" follows a closing token, and <|6|>
    // opens a pair that never closes (NeMo's regex leaves both out of the words).
    expect(decoded.words).toEqual([{ text: "Hello", start: 0.16, end: 0.32 }]);
    expect(decoded.text).toBe("Hello world");
  });

  it("gives no words or segments when the output has no timestamp tokens", () => {
    const decoded = decodeTokens([id("\u2581Hello"), id("."), id("\u2581How")], vocab, FRAME);
    expect(decoded).toEqual({ text: "Hello. How", words: [], segments: [] });
  });

  it("never returns a word or segment that ends before it starts", () => {
    const decoded = decodeTokens([ts(12), id("\u2581How"), ts(5), ts(20), id("\u2581are"), id("?"), ts(22)], vocab, FRAME);
    expect(decoded.words).toEqual([
      { text: "How", start: 0.96, end: 0.96 },
      { text: "are?", start: 1.6, end: 1.76 },
    ]);
    expect(decoded.segments).toEqual([{ text: "How are?", start: 0.96, end: 1.76 }]);
  });

  it("uses the model's frame length", () => {
    expect(decodeTokens([ts(10), id("\u2581How"), ts(20)], vocab, 0.04).words).toEqual([{ text: "How", start: 0.4, end: 0.8 }]);
  });
});
