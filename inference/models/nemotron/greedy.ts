/**
 * Greedy RNNT decoding of one encoder step for many streams at once, as NeMo's greedy decoding does it
 * per stream: for each encoder frame, ask the joiner; on a symbol, record it, run the prediction network
 * on it and ask again; stop at blank or after `maxSymbols` symbols, then go to the next frame. The
 * prediction network starts from zero states fed the blank id (its embedding is NeMo's zero SOS input),
 * and only runs after a symbol. Streams share joiner calls (all streams at the same frame and symbol
 * round) and decoder calls (all that just emitted, as many as the decoder's batch axis allows).
 */
import type { NemotronSessions } from "./sessions.js";

/** A stream's prediction-network state: its output for the last token and LSTM states [layers, H]. */
export interface DecoderState {
  out: Float32Array;
  h: Float32Array;
  c: Float32Array;
}

export interface GreedyItem {
  /** Undefined before the stream's first frame. */
  decoder: DecoderState | undefined;
  /** This step's encoder output for the stream, [D, stride] row-major. */
  encoded: Float32Array;
  stride: number;
  /** Valid frames in `encoded`. */
  frames: number;
  /** Records symbol `token` at frame `frame` of this step. */
  emit(token: number, frame: number): void;
}

export async function greedyDecode(sessions: NemotronSessions, items: readonly GreedyItem[], blank: number, maxSymbols: number): Promise<void> {
  const { predLayers: layers, predHidden: hidden } = sessions.info;
  const dim = sessions.encoderDim;
  const vocab = blank + 1;

  const fresh = items.filter((item) => item.decoder === undefined);
  if (fresh.length) {
    await runDecoder(sessions, fresh.map((item) => ({ item, token: blank })), layers, hidden, true);
  }

  const longest = items.reduce((max, item) => Math.max(max, item.frames), 0);
  for (let t = 0; t < longest; t++) {
    let pending = items.filter((item) => t < item.frames);
    for (let round = 0; pending.length > 0 && round < maxSymbols; round++) {
      const n = pending.length;
      const enc = new Float32Array(n * dim);
      const dec = new Float32Array(n * hidden);
      pending.forEach((item, i) => {
        for (let d = 0; d < dim; d++) enc[i * dim + d] = item.encoded[d * item.stride + t]!;
        dec.set(item.decoder!.out, i * hidden);
      });
      const logits = await sessions.join(enc, dec, n);
      const emitted: Array<{ item: GreedyItem; token: number }> = [];
      pending.forEach((item, i) => {
        const token = argmax(logits, i * vocab, vocab);
        if (token === blank) return;
        item.emit(token, t);
        emitted.push({ item, token });
      });
      if (emitted.length) await runDecoder(sessions, emitted, layers, hidden, false);
      pending = emitted.map((e) => e.item);
    }
  }
}

/** Runs the prediction network for each (stream, token), batched as far as the decoder allows. */
async function runDecoder(
  sessions: NemotronSessions,
  work: ReadonlyArray<{ item: GreedyItem; token: number }>,
  layers: number,
  hidden: number,
  fromZero: boolean,
): Promise<void> {
  const size = Math.min(work.length, sessions.decoderMaxBatch);
  for (let lo = 0; lo < work.length; lo += size) {
    const part = work.slice(lo, lo + size);
    const n = part.length;
    const h = new Float32Array(layers * n * hidden);
    const c = new Float32Array(layers * n * hidden);
    if (!fromZero) {
      part.forEach(({ item }, i) => {
        for (let l = 0; l < layers; l++) {
          h.set(item.decoder!.h.subarray(l * hidden, (l + 1) * hidden), (l * n + i) * hidden);
          c.set(item.decoder!.c.subarray(l * hidden, (l + 1) * hidden), (l * n + i) * hidden);
        }
      });
    }
    const result = await sessions.decode(part.map((p) => p.token), h, c);
    part.forEach(({ item }, i) => {
      const state: DecoderState = {
        out: result.out.slice(i * hidden, (i + 1) * hidden),
        h: new Float32Array(layers * hidden),
        c: new Float32Array(layers * hidden),
      };
      for (let l = 0; l < layers; l++) {
        state.h.set(result.h.subarray((l * n + i) * hidden, (l * n + i + 1) * hidden), l * hidden);
        state.c.set(result.c.subarray((l * n + i) * hidden, (l * n + i + 1) * hidden), l * hidden);
      }
      item.decoder = state;
    });
  }
}

/** Index of the largest value in data[offset, offset + size); the first one on ties. */
function argmax(data: Float32Array, offset: number, size: number): number {
  let best = 0;
  let value = data[offset]!;
  for (let i = 1; i < size; i++) {
    const v = data[offset + i]!;
    if (v > value) {
      value = v;
      best = i;
    }
  }
  return best;
}
