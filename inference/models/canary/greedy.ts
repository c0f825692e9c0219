/**
 * Batched greedy decoding, NeMo's GreedySequenceGenerator loop, independent of the export layout:
 *
 *   call 0: the whole prompt -> first token of every item
 *   call k: each unfinished item's last token, at position k (NeMo's loop index; 1, 2, 3, ...)
 *
 * An item stops at its own <|endoftext|>; finished items leave the batch (NeMo keeps them and feeds
 * <pad>, which changes nothing for the others). At most `maxSteps` tokens are produced per item,
 * EOS included: NeMo's max_sequence_length - prompt length, or less where the caller asks.
 */

/** One encoded batch, ready to decode. Rows are the items still being decoded, in order. */
export interface DecoderRun {
  /** Feeds each row's prompt; returns the logits of each prompt's last position, [rows, vocab]. */
  start(prompts: readonly (readonly number[])[]): Promise<Float32Array>;
  /**
   * Feeds one token per row at `position` (NeMo's); returns [rows, vocab]. A layout whose graph derives
   * the position itself (onnx-asr: the cache length) ignores it.
   */
  next(tokens: readonly number[], position: number): Promise<Float32Array>;
  /** Keeps only these rows (indices into the current rows) for the following calls. */
  keep(rows: readonly number[]): void;
}

export interface GreedyOptions {
  eos: number;
  /** Tokens produced per item at most, EOS included: one limit for all, or one per item. */
  maxSteps: number | readonly number[];
}

export interface GreedyOutput {
  /** Generated ids, EOS excluded. */
  tokens: number[];
  /** False when the item hit its limit before its EOS. */
  endedWithEos: boolean;
}

export async function greedyDecode(
  run: DecoderRun,
  prompts: readonly (readonly number[])[],
  options: GreedyOptions,
): Promise<GreedyOutput[]> {
  const outputs: GreedyOutput[] = prompts.map(() => ({ tokens: [], endedWithEos: false }));
  const limits = prompts.map((_, i) => (typeof options.maxSteps === "number" ? options.maxSteps : options.maxSteps[i]!));
  let items = prompts.map((_, i) => i).filter((i) => limits[i]! >= 1); // the item each row stands for
  if (items.length === 0) return outputs;
  if (items.length < prompts.length) run.keep(items);
  let logits = await run.start(items.map((i) => prompts[i]!));
  for (let step = 1; ; step++) {
    // Every row's logits are one vocabulary long, whatever the export's logits shape was.
    const vocabSize = logits.length / items.length;
    const kept: number[] = [];
    const next: number[] = [];
    items.forEach((item, row) => {
      const token = argmaxRow(logits, row, vocabSize);
      const output = outputs[item]!;
      if (token === options.eos) {
        output.endedWithEos = true;
        return;
      }
      output.tokens.push(token);
      if (step >= limits[item]!) return;
      kept.push(row);
      next.push(token);
    });
    if (kept.length === 0) break;
    if (kept.length < items.length) {
      run.keep(kept);
      items = kept.map((row) => items[row]!);
    }
    logits = await run.next(next, step);
  }
  return outputs;
}

/** Index of the largest logit in a row; the first one on ties, like torch.argmax. */
export function argmaxRow(logits: Float32Array, row: number, vocabSize: number): number {
  const offset = row * vocabSize;
  let best = 0;
  let bestValue = -Infinity;
  for (let v = 0; v < vocabSize; v++) {
    const value = logits[offset + v]!;
    if (value > bestValue) {
      bestValue = value;
      best = v;
    }
  }
  return best;
}
