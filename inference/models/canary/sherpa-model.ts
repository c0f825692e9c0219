/**
 * The sherpa-onnx export of Canary (k2-fsa/sherpa-onnx scripts/nemo/canary):
 *
 *   encoder.onnx  x f32 [N,T,128], x_len i64 [N] -> enc_states [N,T',H], enc_len i64 [N], enc_mask bool [N,T']
 *                 metadata: model_type=EncDecMultiTaskModel, vocab_size, subsampling_factor, feat_dim,
 *                 normalize_type, num_decoder_layers (= number of cache tensors, default 6),
 *                 decoder_hidden_size (default 1024)
 *   decoder.onnx  decoder_input_ids i32 [1,2] = [token, position], decoder_mems_list_0..K-1 f32 [1,k,H],
 *                 enc_states [1,T',H], enc_mask bool [1,T'] -> logits [1,1,V], then the K next caches
 *
 * Inputs and outputs are taken by position, as sherpa-onnx does. The decoder's batch axis is fixed at 1,
 * so the encoder runs batched and the decoder runs once per item per step. Like sherpa-onnx, the prompt
 * goes in one token per call at positions 0-8; generated tokens then take NeMo's positions 1, 2, 3, ...
 */
import { ModelLoadError } from "../../errors.js";
import type { FeatureBatch } from "../../frontend/nemo.js";
import type { LoadedSession } from "../../runtime/onnx.js";
import type { DecoderRun } from "./greedy.js";
import { optionalDim, tensorInput } from "./session-contract.js";
import { bool, float32, floatData, int32, int64, integerData, type Tensor } from "./tensors.js";

export interface SherpaMetadata {
  vocabSize: number;
  subsamplingFactor: number;
  featDim: number;
  normalizeType: string;
  cacheEntries: number;
  hiddenSize: number;
  maxSequenceLength?: number;
}

export function parseSherpaMetadata(meta: Record<string, string>, file: string): SherpaMetadata {
  if (meta.model_type !== "EncDecMultiTaskModel") {
    throw new ModelLoadError(
      "invalid_manifest",
      `${file}: metadata model_type is ${JSON.stringify(meta.model_type)}, expected "EncDecMultiTaskModel" (Canary)`,
    );
  }
  const int = (key: string, fallback?: number): number => {
    const raw = meta[key];
    if (raw === undefined && fallback !== undefined) return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value <= 0) {
      throw new ModelLoadError("invalid_manifest", `${file}: metadata ${key} should be a positive integer, found ${JSON.stringify(raw)}`);
    }
    return value;
  };
  return {
    vocabSize: int("vocab_size"),
    subsamplingFactor: int("subsampling_factor"),
    featDim: int("feat_dim"),
    normalizeType: meta.normalize_type ?? "",
    // sherpa-onnx reads num_decoder_layers as the number of cache tensors it creates.
    cacheEntries: int("num_decoder_layers", 6),
    hiddenSize: int("decoder_hidden_size", 1024),
    ...(meta.max_sequence_length !== undefined ? { maxSequenceLength: int("max_sequence_length") } : {}),
  };
}

export class SherpaCanary {
  private readonly decoderInputs: { ids: string; mems: string[]; states: string; mask: string };
  private readonly decoderOutputs: { logits: string; mems: string[] };

  constructor(
    private readonly encoder: LoadedSession,
    private readonly decoder: LoadedSession,
    readonly meta: SherpaMetadata,
  ) {
    const enc = encoder.session;
    if (enc.inputNames.length < 2 || enc.outputNames.length < 3) {
      throw new ModelLoadError("invalid_manifest", "encoder.onnx should take (x, x_len) and return (enc_states, enc_len, enc_mask)");
    }
    const dec = decoder.session;
    const mems = dec.inputNames.slice(1, -2);
    if (mems.length === 0 || dec.outputNames.length !== mems.length + 1) {
      throw new ModelLoadError(
        "invalid_manifest",
        `decoder.onnx should take (decoder_input_ids, decoder_mems_list_0..K, enc_states, enc_mask) and return ` +
          `logits plus one cache per cache input; it has inputs ${dec.inputNames.join(", ")}, outputs ${dec.outputNames.join(", ")}`,
      );
    }
    if (mems.length !== meta.cacheEntries) {
      throw new ModelLoadError(
        "invalid_manifest",
        `decoder.onnx has ${mems.length} cache inputs but encoder metadata num_decoder_layers says ${meta.cacheEntries}`,
      );
    }
    const hidden = optionalDim(tensorInput(dec, mems[0]!), 2);
    if (hidden !== undefined && hidden !== meta.hiddenSize) {
      throw new ModelLoadError(
        "invalid_manifest",
        `decoder.onnx caches are ${hidden} wide but encoder metadata decoder_hidden_size says ${meta.hiddenSize}`,
      );
    }
    this.decoderInputs = { ids: dec.inputNames[0]!, mems, states: dec.inputNames.at(-2)!, mask: dec.inputNames.at(-1)! };
    this.decoderOutputs = { logits: dec.outputNames[0]!, mems: dec.outputNames.slice(1) };
  }

  async encode(features: FeatureBatch): Promise<DecoderRun> {
    const { batch, nMels, maxFrames } = features;
    const out = await this.encoder.session.run({
      [this.encoder.session.inputNames[0]!]: float32(transposeTimeMajor(features.data, batch, nMels, maxFrames), [batch, maxFrames, nMels]),
      [this.encoder.session.inputNames[1]!]: int64(features.frames, [batch]),
    });
    const [statesName, lengthsName] = this.encoder.session.outputNames as [string, string];
    const states = out[statesName]!;
    const lengths = integerData(out[lengthsName]!, "enc_len");
    const [, frames, hidden] = states.dims as [number, number, number];
    const data = floatData(states, "enc_states");
    // One encoder output per item, trimmed to its own length (the mask then is all true). A lone item
    // already that long uses the encoder's output as it is.
    const items = lengths.map((length, b) => {
      const valid = Math.max(1, Math.min(length, frames));
      const from = b * frames * hidden;
      return {
        states: batch === 1 && valid === frames ? states : float32(data.slice(from, from + valid * hidden), [1, valid, hidden]),
        mask: bool(new Uint8Array(valid).fill(1), [1, valid]),
      };
    });
    return new SherpaRun(this, items);
  }

  /**
   * One item's decoder inputs, kept across its calls: the encoder output and mask stay, the token and
   * position are written into the same two-int tensor, the caches are the previous call's outputs.
   */
  feedsFor(item: { states: Tensor; mask: Tensor }): ItemFeeds {
    const ids = new Int32Array(2);
    const feeds: Record<string, Tensor> = {
      [this.decoderInputs.ids]: int32(ids, [1, 2]),
      [this.decoderInputs.states]: item.states,
      [this.decoderInputs.mask]: item.mask,
    };
    const empty = float32(new Float32Array(0), [1, 0, this.meta.hiddenSize]);
    for (const name of this.decoderInputs.mems) feeds[name] = empty;
    return { feeds, ids };
  }

  /** One decoder call for one item; its caches go back into its feeds. */
  async step(item: ItemFeeds, token: number, position: number): Promise<Float32Array> {
    item.ids[0] = token;
    item.ids[1] = position;
    const out = await this.decoder.session.run(item.feeds);
    const { mems: inputs } = this.decoderInputs;
    const { mems: outputs, logits } = this.decoderOutputs;
    for (let k = 0; k < inputs.length; k++) item.feeds[inputs[k]!] = out[outputs[k]!]!;
    return floatData(out[logits]!, "decoder logits");
  }
}

interface ItemFeeds {
  feeds: Record<string, Tensor>;
  /** [token, position], the data of the feeds' decoder_input_ids. */
  ids: Int32Array;
}

class SherpaRun implements DecoderRun {
  private rows: ItemFeeds[];

  constructor(
    private readonly model: SherpaCanary,
    items: ReadonlyArray<{ states: Tensor; mask: Tensor }>,
  ) {
    this.rows = items.map((item) => model.feedsFor(item));
  }

  async start(prompts: readonly (readonly number[])[]): Promise<Float32Array> {
    const parts: Float32Array[] = [];
    for (let r = 0; r < this.rows.length; r++) {
      const prompt = prompts[r]!;
      let logits: Float32Array = new Float32Array(0);
      for (let position = 0; position < prompt.length; position++) logits = await this.model.step(this.rows[r]!, prompt[position]!, position);
      parts.push(logits);
    }
    return stack(parts);
  }

  async next(tokens: readonly number[], position: number): Promise<Float32Array> {
    // One row (the common case: requests one at a time) needs no stacking.
    if (this.rows.length === 1) return this.model.step(this.rows[0]!, tokens[0]!, position);
    const parts: Float32Array[] = [];
    for (let r = 0; r < this.rows.length; r++) parts.push(await this.model.step(this.rows[r]!, tokens[r]!, position));
    return stack(parts);
  }

  keep(rows: readonly number[]): void {
    this.rows = rows.map((r) => this.rows[r]!);
  }
}

/** The rows' logits, [rows, vocab], from one decoder call per row (the decoder takes one item). */
function stack(parts: readonly Float32Array[]): Float32Array {
  if (parts.length === 1) return parts[0]!;
  const vocab = parts[0]?.length ?? 0;
  const stacked = new Float32Array(parts.length * vocab);
  parts.forEach((part, r) => stacked.set(part, r * vocab));
  return stacked;
}

/** [B, C, T] -> [B, T, C] (NeMo's feature layout to sherpa-onnx's). */
export function transposeTimeMajor(data: Float32Array, batch: number, channels: number, frames: number): Float32Array {
  const out = new Float32Array(data.length);
  for (let b = 0; b < batch; b++) {
    const base = b * channels * frames;
    for (let c = 0; c < channels; c++) {
      const row = base + c * frames;
      for (let t = 0; t < frames; t++) out[base + t * channels + c] = data[row + t]!;
    }
  }
  return out;
}
