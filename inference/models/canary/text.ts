/**
 * Generated tokens -> text, words and segments.
 *
 * With <|timestamp|> in the prompt canary-1b-flash writes `<|N|>▁word<|M|>` where N and M are encoder
 * frames (80 ms each: 10 ms feature hop x subsampling 8). Pairing follows NeMo's
 * process_aed_timestamp_outputs: scan for a timestamp token, take everything up to the next timestamp
 * token as one word (stripped; skipped when empty), continue after the closing token. Segments follow
 * NeMo's get_segment_offsets: a segment closes at a word ending in ".", "?" or "!".
 *
 * Deliberate differences: NeMo rebuilds the text from the paired words only, dropping anything the model
 * wrote outside a pair; we keep the full text (timestamp tokens removed) so no words are lost. And times
 * that run backwards (never seen from a trained model, common from a random one) are clamped so every
 * word and segment has end >= start.
 */
import type { Segment, Word } from "../../types.js";
import { WORD_START, type CanaryVocab } from "./vocab.js";

const SEGMENT_END = new Set([".", "?", "!"]);

export interface DecodedText {
  text: string;
  words: Word[];
  segments: Segment[];
}

/** SentencePiece pieces -> text: ▁ is a space, control tokens are dropped. */
export function detokenize(tokens: readonly number[], vocab: CanaryVocab): string {
  let text = "";
  for (const id of tokens) {
    if (vocab.isSpecial(id)) continue;
    text += vocab.pieces[id] ?? "";
  }
  return text.split(WORD_START).join(" ").replace(/\s+/g, " ").trim();
}

export function decodeTokens(tokens: readonly number[], vocab: CanaryVocab, secondsPerFrame: number): DecodedText {
  const text = detokenize(tokens, vocab);
  const words = pairTimestamps(tokens, vocab, secondsPerFrame);
  return { text, words, segments: segmentsOf(words) };
}

export function pairTimestamps(tokens: readonly number[], vocab: CanaryVocab, secondsPerFrame: number): Word[] {
  const words: Word[] = [];
  let open: { frame: number; index: number } | undefined;
  tokens.forEach((id, index) => {
    const frame = vocab.timestampFrame(id);
    if (frame === undefined) return;
    if (!open) {
      open = { frame, index };
      return;
    }
    const content = detokenize(tokens.slice(open.index + 1, index), vocab);
    if (content) {
      const start = seconds(open.frame, secondsPerFrame);
      // A closing time before the opening one is a model slip; the word then gets no duration.
      words.push({ text: content, start, end: Math.max(start, seconds(frame, secondsPerFrame)) });
    }
    open = undefined;
  });
  return words;
}

export function segmentsOf(words: readonly Word[]): Segment[] {
  const segments: Segment[] = [];
  let current: Word[] = [];
  const close = (): void => {
    if (current.length > 0) {
      // NeMo takes the first word's start and the last word's end; min/max is the same for ordered words
      // and keeps a segment well-formed when the model's times go backwards.
      segments.push({
        text: current.map((w) => w.text).join(" "),
        start: Math.min(...current.map((w) => w.start)),
        end: Math.max(...current.map((w) => w.end)),
      });
    }
    current = [];
  };
  for (const word of words) {
    current.push(word);
    if (SEGMENT_END.has(word.text.slice(-1))) close();
  }
  close();
  return segments;
}

/** Frame -> seconds, rounded to the millisecond so 3 x 0.08 reads 0.24, not 0.24000000000000002. */
function seconds(frame: number, secondsPerFrame: number): number {
  return Math.round(frame * secondsPerFrame * 1000) / 1000;
}
