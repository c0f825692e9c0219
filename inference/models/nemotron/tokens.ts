/**
 * The token table (`tokens.txt`: "piece id" per line, `<blk>` last) and turning token ids into text and
 * timed words: language tags (`<en-US>`) and other control pieces dropped, `▁` starts a word, byte pieces
 * (`<0xE2>`) joined into UTF-8.
 */
import { readFile } from "node:fs/promises";
import { ModelLoadError } from "../../errors.js";
import type { Word } from "../../types.js";

const WORD_START = "\u2581";
const LINE = /^(.*) (\d+)$/;
/** sherpa-onnx's rule, tightened: `<` 2-3 lowercase letters, optionally `-` 2 uppercase letters, `>`. */
const CONTROL_PIECE = /^<[a-z]{2,3}(?:-[A-Z]{2})?>$/;
const LOCALE_TAG = /^<([a-z]{2,3}-[A-Z]{2})>$/;
const BYTE_PIECE = /^<0x([0-9A-Fa-f]{2})>$/;

export class NemotronTokens {
  readonly pieces: readonly string[];
  /** The blank id: the last one. */
  readonly blank: number;
  private readonly hidden: ReadonlySet<number>;
  private readonly bytes: ReadonlyMap<number, number>;
  private readonly locales: ReadonlyMap<number, string>;
  private readonly utf8 = new TextEncoder();
  private readonly fromUtf8 = new TextDecoder();

  constructor(pieces: readonly string[]) {
    this.pieces = pieces;
    this.blank = pieces.length - 1;
    const hidden = new Set<number>();
    const bytes = new Map<number, number>();
    const locales = new Map<number, string>();
    pieces.forEach((piece, id) => {
      const byte = BYTE_PIECE.exec(piece);
      if (byte) bytes.set(id, parseInt(byte[1]!, 16));
      else if (CONTROL_PIECE.test(piece)) hidden.add(id);
      const tag = LOCALE_TAG.exec(piece);
      if (tag) locales.set(id, tag[1]!);
    });
    hidden.add(this.blank);
    this.hidden = hidden;
    this.bytes = bytes;
    this.locales = locales;
  }

  get size(): number {
    return this.pieces.length;
  }

  /** The locale of a language-tag token (`<de-DE>` -> "de-DE"), else undefined. */
  localeOf(id: number): string | undefined {
    return this.locales.get(id);
  }

  /** Whether a token begins a new word (its piece starts with ▁). */
  startsWord(id: number): boolean {
    return !this.hidden.has(id) && (this.pieces[id] ?? "").startsWith(WORD_START);
  }

  /** Whether a token never shows in text (language tags, `<unk>`, blank). */
  isHidden(id: number): boolean {
    return this.hidden.has(id);
  }

  /** Text of a token sequence: words joined by single spaces. */
  text(ids: readonly number[]): string {
    return this.words(ids, ids.map(() => 0), 0).map((w) => w.text).join(" ");
  }

  /**
   * Words with times: a word runs from its first token's encoder frame to the end of its last token's
   * frame (NeMo's RNNT word offsets), `secondsPerFrame` each.
   */
  words(ids: readonly number[], frames: readonly number[], secondsPerFrame: number): Word[] {
    const out: Word[] = [];
    let bytes: number[] = [];
    let first = -1;
    let last = -1;
    const close = () => {
      if (bytes.length > 0) {
        const text = this.fromUtf8.decode(Uint8Array.from(bytes));
        out.push({ text, start: first * secondsPerFrame, end: (last + 1) * secondsPerFrame });
      }
      bytes = [];
      first = -1;
    };
    ids.forEach((id, i) => {
      if (this.hidden.has(id)) return;
      const frame = frames[i]!;
      const byte = this.bytes.get(id);
      let piece = byte === undefined ? (this.pieces[id] ?? "") : "";
      if (piece.startsWith(WORD_START)) {
        close();
        piece = piece.slice(WORD_START.length);
      }
      if (first < 0) first = frame;
      last = frame;
      if (byte !== undefined) bytes.push(byte);
      else for (const b of this.utf8.encode(piece.replaceAll(WORD_START, " "))) bytes.push(b);
    });
    close();
    // A piece with an inner ▁ (rare) splits into several words sharing the times.
    return out.flatMap((w) => w.text.split(" ").filter((t) => t !== "").map((text) => ({ ...w, text })));
  }
}

/** Reads tokens.txt and checks it against the encoder's vocab_size (which excludes the blank). */
export async function loadTokens(path: string, vocabSize: number): Promise<NemotronTokens> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (cause) {
    throw new ModelLoadError("not_found", `cannot read ${path}`, { cause });
  }
  const entries: Array<[string, number]> = [];
  for (const line of text.split("\n")) {
    const trimmed = line.replace(/\r$/, "");
    if (trimmed === "") continue;
    const match = LINE.exec(trimmed);
    if (!match) throw new ModelLoadError("invalid_manifest", `${path}: not a "piece id" line: ${JSON.stringify(trimmed)}`);
    entries.push([match[1]!, Number(match[2])]);
  }
  const size = entries.reduce((max, [, id]) => Math.max(max, id + 1), 0);
  const pieces = new Array<string>(size).fill("");
  for (const [piece, id] of entries) pieces[id] = piece;
  if (size !== vocabSize + 1) {
    throw new ModelLoadError("invalid_manifest", `${path} has ${size} tokens; the encoder says ${vocabSize} + blank`);
  }
  if (pieces[size - 1] !== "<blk>") {
    throw new ModelLoadError("invalid_manifest", `${path}: the last token must be <blk> (the blank), found ${pieces[size - 1]}`);
  }
  return new NemotronTokens(pieces);
}
