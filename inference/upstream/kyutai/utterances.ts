import type { FinalReason, StreamEvent, StreamWord, Utterance } from "./stream-types.js";

/**
 * Cuts a stream of words into utterances the way live-caption users expect: a partial event every time
 * the open utterance changes, then one final event when the speaker has been silent for `endpointingMs`
 * after its last word (or when the caller flushes, or the utterance grows too long). Knowing "silent"
 * needs to know how far the model's text is complete — `complete(t)` says every word of the audio before
 * t has arrived; a model that emits text with a delay can only call it that much later.
 */

export interface UtteranceOptions {
  endpointingMs: number;
  /** An utterance longer than this is closed at the next word, so partials stay small. */
  maxUtteranceSeconds: number;
}

export const DEFAULT_ENDPOINTING_MS = 800;
export const DEFAULT_MAX_UTTERANCE_SECONDS = 30;

export class UtteranceTracker {
  private words: StreamWord[] = [];
  private index = 0;
  /** The last word has no end time yet (it gets one with the next `endWord`). */
  private openEnd = false;

  constructor(
    private readonly options: UtteranceOptions,
    private readonly emit: (event: StreamEvent) => void,
  ) {}

  /** A new word starting at `start` (its end comes with `endWord`, or is taken as its start). */
  addWord(text: string, start: number): void {
    const first = this.words[0];
    if (first && start - first.start > this.options.maxUtteranceSeconds) this.finish("max_length");
    const previous = this.words.at(-1);
    // Never let times run backwards: a word starts no earlier than the one before it ended.
    const begin = Math.max(start, previous?.end ?? 0);
    this.words.push({ text, start: round(begin), end: round(begin) });
    this.openEnd = true;
    this.emit({ type: "partial", utterance: this.current() });
  }

  /** The end time of the word added last. */
  endWord(end: number): void {
    const last = this.words.at(-1);
    if (!last || !this.openEnd) return;
    last.end = round(Math.max(last.start, end));
    this.openEnd = false;
    this.emit({ type: "partial", utterance: this.current() });
  }

  /**
   * Every word that started before `seconds` has arrived: close the utterance after enough silence.
   * A word still being spoken (no end yet) keeps it open.
   */
  complete(seconds: number): void {
    const last = this.words.at(-1);
    if (!last || this.openEnd) return;
    if (seconds - last.end >= this.options.endpointingMs / 1000) this.finish("endpoint");
  }

  /** Closes the open utterance now (nothing happens when it is empty). */
  finish(reason: FinalReason): void {
    if (this.words.length === 0) return;
    const utterance = this.current();
    this.words = [];
    this.openEnd = false;
    this.index += 1;
    this.emit({ type: "final", utterance, reason });
  }

  /** End of the last word heard, or null before any. */
  lastWordEnd(): number | null {
    return this.words.at(-1)?.end ?? null;
  }

  private current(): Utterance {
    const words = this.words.map((w) => ({ ...w }));
    return {
      index: this.index,
      text: words.map((w) => w.text).join(" "),
      words,
      start: words[0]?.start ?? 0,
      end: words.at(-1)?.end ?? 0,
    };
  }
}

/** Times to the millisecond: the model's clock is far coarser, and JSON stays short. */
function round(seconds: number): number {
  return Math.round(seconds * 1000) / 1000;
}
