/**
 * The onnx-asr export of Canary (istupakov/onnx-asr, `nemo-conformer-aed`):
 *
 *   encoder-model.onnx  audio_signal f32 [B,128,T], length i64 [B]
 *                       -> encoder_embeddings f32 [B,T',D], encoder_mask i64 [B,T']
 *   decoder-model.onnx  input_ids i64 [B,L], encoder_embeddings, encoder_mask, decoder_mems f32 [N,B,M,D]
 *                       -> logits [B,1,V] (log-probabilities), decoder_hidden_states [N,B,M+L,D]
 *
 * The whole batch steps together. decoder_mems is a hidden-state cache (N = decoder layers + 2: each
 * layer's input states, the last layer's output and the final norm), fed back as returned.
 *
 * Positions: the graph takes its start position from the cache length, so tokens after the prompt sit
 * at 9, 10, 11, ... rather than NeMo's 1, 2, 3, ...; there is no input to change that.
 */
import { z } from "zod";
import { readFile } from "node:fs/promises";
import { ModelLoadError } from "../../errors.js";
import type { FeatureBatch } from "../../frontend/nemo.js";
import type { LoadedSession } from "../../runtime/onnx.js";
import type { DecoderRun } from "./greedy.js";
import { requireNames, staticDim, tensorInput } from "./session-contract.js";
import { float32, floatData, int64, selectRows, type Tensor } from "./tensors.js";

const ConfigSchema = z
  .object({
    model_type: z.string().optional(),
    features_size: z.number().int().positive().optional(),
    subsampling_factor: z.number().int().positive().optional(),
    max_sequence_length: z.number().int().positive().optional(),
  })
  .passthrough();

export async function readOnnxAsrConfig(path: string | undefined): Promise<z.infer<typeof ConfigSchema>> {
  if (!path) return {};
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path, "utf8"));
  } catch (cause) {
    throw new ModelLoadError("invalid_manifest", `${path} is not valid JSON`, { cause });
  }
  const parsed = ConfigSchema.safeParse(raw);
  if (!parsed.success) throw new ModelLoadError("invalid_manifest", `${path}: ${parsed.error.message}`);
  if (parsed.data.model_type !== undefined && parsed.data.model_type !== "nemo-conformer-aed") {
    throw new ModelLoadError(
      "invalid_manifest",
      `${path} says model_type "${parsed.data.model_type}", expected "nemo-conformer-aed" (Canary)`,
    );
  }
  return parsed.data;
}

export class OnnxAsrCanary {
  readonly cacheEntries: number;
  readonly hiddenSize: number;

  constructor(
    private readonly encoder: LoadedSession,
    private readonly decoder: LoadedSession,
  ) {
    requireNames(encoder.session, "encoder-model.onnx", ["audio_signal", "length"], ["encoder_embeddings", "encoder_mask"]);
    requireNames(
      decoder.session,
      "decoder-model.onnx",
      ["input_ids", "encoder_embeddings", "encoder_mask", "decoder_mems"],
      ["logits", "decoder_hidden_states"],
    );
    const mems = tensorInput(decoder.session, "decoder_mems");
    this.cacheEntries = staticDim(mems, 0, "decoder-model.onnx decoder_mems");
    this.hiddenSize = staticDim(mems, 3, "decoder-model.onnx decoder_mems");
  }

  async encode(features: FeatureBatch): Promise<DecoderRun> {
    const out = await this.encoder.session.run({
      audio_signal: float32(features.data, [features.batch, features.nMels, features.maxFrames]),
      length: int64(features.frames, [features.batch]),
    });
    return new OnnxAsrRun(this, out.encoder_embeddings!, out.encoder_mask!);
  }

  /** One decoder call; returns the last position's logits [B, V] and the new cache. */
  async step(inputIds: Tensor, encoder: Tensor, mask: Tensor, mems: Tensor): Promise<{ logits: Float32Array; mems: Tensor }> {
    const out = await this.decoder.session.run({
      input_ids: inputIds,
      encoder_embeddings: encoder,
      encoder_mask: mask,
      decoder_mems: mems,
    });
    const logits = out.logits!;
    const [batch, positions, vocab] = logits.dims as [number, number, number];
    const data = floatData(logits, "decoder logits");
    return { logits: positions === 1 ? data : lastPosition(data, batch, positions, vocab), mems: out.decoder_hidden_states! };
  }
}

class OnnxAsrRun implements DecoderRun {
  private mems: Tensor;

  constructor(
    private readonly model: OnnxAsrCanary,
    private encoder: Tensor,
    private mask: Tensor,
  ) {
    const batch = encoder.dims[0]!;
    this.mems = float32(new Float32Array(0), [model.cacheEntries, batch, 0, model.hiddenSize]);
  }

  async start(prompts: readonly (readonly number[])[]): Promise<Float32Array> {
    const length = prompts[0]?.length ?? 0;
    const ids = int64(prompts.flat(), [prompts.length, length]);
    const { logits, mems } = await this.model.step(ids, this.encoder, this.mask, this.mems);
    this.mems = mems;
    return logits;
  }

  async next(tokens: readonly number[]): Promise<Float32Array> {
    const { logits, mems } = await this.model.step(int64(tokens, [tokens.length, 1]), this.encoder, this.mask, this.mems);
    this.mems = mems;
    return logits;
  }

  keep(rows: readonly number[]): void {
    this.encoder = selectRows(this.encoder, 0, rows);
    this.mask = selectRows(this.mask, 0, rows);
    this.mems = selectRows(this.mems, 1, rows);
  }
}

function lastPosition(data: Float32Array, batch: number, positions: number, vocab: number): Float32Array {
  const out = new Float32Array(batch * vocab);
  for (let b = 0; b < batch; b++) {
    const from = (b * positions + positions - 1) * vocab;
    out.set(data.subarray(from, from + vocab), b * vocab);
  }
  return out;
}
