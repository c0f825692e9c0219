/**
 * Canary's token table, read from either export: onnx-asr's `vocab.txt` or sherpa-onnx's `tokens.txt`.
 * Both hold one "piece id" per line; pieces are SentencePiece pieces (▁ marks a word start) plus the
 * special tokens `<|...|>`. onnx-asr appends a `<blk>` that the decoder never emits.
 */
import { readFile } from "node:fs/promises";
import { ModelLoadError } from "../../errors.js";

export const WORD_START = "\u2581";

const TIMESTAMP_PIECE = /^<\|(\d+)\|>$/;
const SPECIAL_PIECE = /^<[^<>]+>$/;
const LINE = /^(.*) (\d+)$/;

export class CanaryVocab {
  /** Piece of each id; ids missing from the file are "" (never emitted by a sane model). */
  readonly pieces: readonly string[];
  private readonly ids: ReadonlyMap<string, number>;
  /** Encoder frame of each timestamp token `<|N|>`, by id. */
  private readonly timestampFrames: ReadonlyMap<number, number>;

  constructor(entries: ReadonlyArray<readonly [piece: string, id: number]>) {
    const size = entries.reduce((max, [, id]) => Math.max(max, id + 1), 0);
    const pieces = new Array<string>(size).fill("");
    const ids = new Map<string, number>();
    const frames = new Map<number, number>();
    for (const [piece, id] of entries) {
      pieces[id] = piece;
      if (!ids.has(piece)) ids.set(piece, id);
      const ts = TIMESTAMP_PIECE.exec(piece);
      if (ts) frames.set(id, Number(ts[1]));
    }
    this.pieces = pieces;
    this.ids = ids;
    this.timestampFrames = frames;
  }

  get size(): number {
    return this.pieces.length;
  }

  idOf(piece: string): number | undefined {
    return this.ids.get(piece);
  }

  /** The id of a token the model cannot work without; a clear load error when the file lacks it. */
  require(piece: string, file: string): number {
    const id = this.ids.get(piece);
    if (id === undefined) {
      throw new ModelLoadError("invalid_manifest", `${file} has no ${piece} token; is this a Canary model?`);
    }
    return id;
  }

  /** Frame index of a timestamp token, or undefined for any other token. */
  timestampFrame(id: number): number | undefined {
    return this.timestampFrames.get(id);
  }

  /** Control tokens (`<|...|>`, `<pad>`, `<unk>`, `<blk>`) that never appear in text. */
  isSpecial(id: number): boolean {
    return SPECIAL_PIECE.test(this.pieces[id] ?? "");
  }
}

/** Parses "piece id" lines (both export formats share it). */
export function parseVocab(text: string, file: string): CanaryVocab {
  const entries: Array<[string, number]> = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, index) => {
    if (raw.trim() === "") return;
    const match = LINE.exec(raw);
    if (!match) {
      throw new ModelLoadError("invalid_manifest", `${file} line ${index + 1} is not "piece id": ${JSON.stringify(raw)}`);
    }
    // sherpa-onnx writes the bare space piece as an empty symbol; it stands for a word boundary.
    const piece = match[1] === "" ? WORD_START : match[1]!;
    entries.push([piece, Number(match[2])]);
  });
  if (entries.length === 0) throw new ModelLoadError("invalid_manifest", `${file} has no tokens`);
  return new CanaryVocab(entries);
}

export async function loadVocab(path: string): Promise<CanaryVocab> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (cause) {
    throw new ModelLoadError("not_found", `cannot read the token table ${path}`, { cause });
  }
  return parseVocab(text, path);
}
