/**
 * The three graphs of the export and their calls, with the contract checked at load:
 *
 *   encoder (one per chunk size): audio_signal f32 [B, mels, W], length i64 [B],
 *     cache_last_channel f32 [B, layers, L, d], cache_last_time f32 [B, layers, d, K],
 *     cache_last_channel_len i64 [B], prompt_index i64 [B] (multilingual models)
 *     -> outputs f32 [B, D, T'], encoded_lengths i64 [B], cache_last_channel_next, cache_last_time_next,
 *        cache_last_channel_next_len
 *   decoder (NeMo's RNNTDecoder export; its state inputs/outputs have generated names, so they are taken by
 *     position): targets i32 [B, 1], target_length i32 [B], h f32 [layers, B, H], c f32 [layers, B, H]
 *     -> outputs f32 [B, H, 1], lengths, h', c'
 *   joiner: encoder_outputs f32 [B, D, 1], decoder_outputs f32 [B, H, 1] -> logits [B, 1, 1, V + 1]
 *
 * NeMo's decoder export leaves the batch axis of the c state fixed at 1: such a decoder is called one
 * stream at a time (`decoderMaxBatch` 1); an export with a free batch axis is called for many at once.
 */
import { ModelLoadError } from "../../errors.js";
import { createSession, ort, type LoadedSession, type SessionOptions } from "../../runtime/onnx.js";
import type { ExecutionProvider } from "../../types.js";
import { readOnnxMetadata } from "../canary/onnx-metadata.js";
import { parseEncoderMetadata, type EncoderInfo } from "./metadata.js";

const ENCODER_INPUTS = ["audio_signal", "length", "cache_last_channel", "cache_last_time", "cache_last_channel_len"];
const ENCODER_OUTPUTS = ["outputs", "encoded_lengths", "cache_last_channel_next", "cache_last_time_next", "cache_last_channel_next_len"];

export interface EncoderGraph {
  info: EncoderInfo;
  file: string;
  session: ort.InferenceSession;
  /** Multilingual encoders take a prompt_index. */
  prompted: boolean;
}

/** One encoder call for B streams, every array row-major with B first. */
export interface EncoderBatch {
  batch: number;
  /** [B, mels, window] */
  features: Float32Array;
  lengths: readonly number[];
  /** [B, layers, L, d] */
  cacheChannel: Float32Array;
  /** [B, layers, d, K] */
  cacheTime: Float32Array;
  cacheChannelLengths: readonly number[];
  promptIndex: readonly number[];
}

export interface EncoderResult {
  /** [B, D, frames] */
  encoded: Float32Array;
  dim: number;
  frames: number;
  encodedLengths: number[];
  cacheChannel: Float32Array;
  cacheTime: Float32Array;
  cacheChannelLengths: number[];
}

export interface DecoderResult {
  /** [n, H] */
  out: Float32Array;
  /** [layers, n, H] each */
  h: Float32Array;
  c: Float32Array;
}

export class NemotronSessions {
  private constructor(
    readonly encoders: ReadonlyMap<number, EncoderGraph>,
    private readonly decoder: LoadedSession,
    private readonly joiner: LoadedSession,
    private readonly owned: LoadedSession[],
    /** Streams one decoder call can take (1 for NeMo's export, see above). */
    readonly decoderMaxBatch: number,
    /** Width of the encoder output (the joiner's encoder_outputs). */
    readonly encoderDim: number,
  ) {}

  /** Shared dimensions, from the first encoder (all are checked to agree). */
  get info(): EncoderInfo {
    return this.encoders.values().next().value!.info;
  }

  get provider(): ExecutionProvider {
    return this.decoder.provider;
  }

  static async open(
    files: { encoders: readonly string[]; decoder: string; joiner: string },
    options: SessionOptions,
  ): Promise<NemotronSessions> {
    const owned: LoadedSession[] = [];
    try {
      const encoders = new Map<number, EncoderGraph>();
      for (const file of files.encoders) {
        const info = parseEncoderMetadata(await readOnnxMetadata(file).catch((cause) => fail(file, cause)), file);
        const loaded = await createSession(file, options).catch((cause) => fail(file, cause));
        owned.push(loaded);
        const graph = checkEncoder(loaded.session, file, info);
        const other = encoders.get(info.chunkMs);
        if (other) throw new ModelLoadError("invalid_manifest", `${file} and ${other.file} are both ${info.chunkMs} ms encoders`);
        const first = encoders.values().next().value;
        if (first) sameModel(first, graph);
        encoders.set(info.chunkMs, graph);
      }
      const decoder = await createSession(files.decoder, options).catch((cause) => fail(files.decoder, cause));
      owned.push(decoder);
      const joiner = await createSession(files.joiner, options).catch((cause) => fail(files.joiner, cause));
      owned.push(joiner);
      const info = encoders.values().next().value!.info;
      const decoderMaxBatch = checkDecoder(decoder.session, files.decoder, info);
      const encoderDim = checkJoiner(joiner.session, files.joiner, info);
      const sorted = new Map([...encoders.entries()].sort(([a], [b]) => a - b));
      return new NemotronSessions(sorted, decoder, joiner, owned, decoderMaxBatch, encoderDim);
    } catch (error) {
      await Promise.all(owned.map((s) => s.dispose()));
      throw error;
    }
  }

  async encode(graph: EncoderGraph, input: EncoderBatch): Promise<EncoderResult> {
    const { info } = graph;
    const b = input.batch;
    const feeds: Record<string, ort.Tensor> = {
      audio_signal: new ort.Tensor("float32", input.features, [b, info.featureDim, info.window]),
      length: int64(input.lengths, [b]),
      cache_last_channel: new ort.Tensor("float32", input.cacheChannel, [b, info.layers, info.channelLength, info.dModel]),
      cache_last_time: new ort.Tensor("float32", input.cacheTime, [b, info.layers, info.dModel, info.timeLength]),
      cache_last_channel_len: int64(input.cacheChannelLengths, [b]),
    };
    if (graph.prompted) feeds.prompt_index = int64(input.promptIndex, [b]);
    const out = await graph.session.run(feeds);
    const encoded = out.outputs!;
    return {
      encoded: encoded.data as Float32Array,
      dim: encoded.dims[1]!,
      frames: encoded.dims[2]!,
      encodedLengths: integers(out.encoded_lengths!),
      cacheChannel: out.cache_last_channel_next!.data as Float32Array,
      cacheTime: out.cache_last_time_next!.data as Float32Array,
      cacheChannelLengths: integers(out.cache_last_channel_next_len!),
    };
  }

  /** One prediction-network step for n streams: their last tokens and [layers, n, H] states. */
  async decode(tokens: readonly number[], h: Float32Array, c: Float32Array): Promise<DecoderResult> {
    const n = tokens.length;
    const { predLayers, predHidden } = this.info;
    const [targets, lengths, hName, cName] = this.decoder.session.inputNames as [string, string, string, string];
    const out = await this.decoder.session.run({
      [targets]: new ort.Tensor("int32", Int32Array.from(tokens), [n, 1]),
      [lengths]: new ort.Tensor("int32", new Int32Array(n).fill(1), [n]),
      [hName]: new ort.Tensor("float32", h, [predLayers, n, predHidden]),
      [cName]: new ort.Tensor("float32", c, [predLayers, n, predHidden]),
    });
    const names = this.decoder.session.outputNames;
    return {
      out: out[names[0]!]!.data as Float32Array,
      h: out[names[2]!]!.data as Float32Array,
      c: out[names[3]!]!.data as Float32Array,
    };
  }

  /** Joint logits [n, V + 1] for n (encoder frame, decoder output) pairs. */
  async join(encoder: Float32Array, decoder: Float32Array, n: number): Promise<Float32Array> {
    const session = this.joiner.session;
    const [enc, dec] = session.inputNames as [string, string];
    const out = await session.run({
      [enc]: new ort.Tensor("float32", encoder, [n, this.encoderDim, 1]),
      [dec]: new ort.Tensor("float32", decoder, [n, this.info.predHidden, 1]),
    });
    return out[session.outputNames[0]!]!.data as Float32Array;
  }

  async dispose(): Promise<void> {
    await Promise.all(this.owned.map((s) => s.dispose()));
  }
}

function checkEncoder(session: ort.InferenceSession, file: string, info: EncoderInfo): EncoderGraph {
  const missing = [
    ...ENCODER_INPUTS.filter((n) => !session.inputNames.includes(n)).map((n) => `input ${n}`),
    ...ENCODER_OUTPUTS.filter((n) => !session.outputNames.includes(n)).map((n) => `output ${n}`),
  ];
  if (missing.length) {
    throw new ModelLoadError(
      "invalid_manifest",
      `${file} is not a cache-aware Nemotron encoder: missing ${missing.join(", ")} (inputs: ${session.inputNames.join(", ")})`,
    );
  }
  const mels = staticDim(session, "audio_signal", 1);
  if (mels !== undefined && mels !== info.featureDim) {
    throw new ModelLoadError("invalid_manifest", `${file}: audio_signal has ${mels} mel bins, the metadata says ${info.featureDim}`);
  }
  return { info, file, session, prompted: session.inputNames.includes("prompt_index") };
}

function sameModel(a: EncoderGraph, b: EncoderGraph): void {
  const keys = ["vocabSize", "layers", "channelLength", "dModel", "timeLength", "predLayers", "predHidden", "featureDim", "subsampling"] as const;
  const differs = keys.filter((k) => a.info[k] !== b.info[k]);
  if (differs.length || a.prompted !== b.prompted) {
    throw new ModelLoadError("invalid_manifest", `${a.file} and ${b.file} are not the same model (${differs.join(", ") || "prompt_index"} differ)`);
  }
}

function checkDecoder(session: ort.InferenceSession, file: string, info: EncoderInfo): number {
  if (session.inputNames.length < 4 || session.outputNames.length < 4) {
    throw new ModelLoadError(
      "invalid_manifest",
      `${file} is not NeMo's RNNT decoder export (targets, target_length, h, c -> outputs, lengths, h, c); ` +
        `it has inputs ${session.inputNames.join(", ")}`,
    );
  }
  for (const index of [2, 3]) {
    const name = session.inputNames[index]!;
    const hidden = staticDim(session, name, 2);
    const layers = staticDim(session, name, 0);
    if ((hidden !== undefined && hidden !== info.predHidden) || (layers !== undefined && layers !== info.predLayers)) {
      throw new ModelLoadError("invalid_manifest", `${file}: state ${name} is not [${info.predLayers}, B, ${info.predHidden}]`);
    }
  }
  const fixed = [2, 3].some((index) => staticDim(session, session.inputNames[index]!, 1) === 1);
  return fixed ? 1 : Number.POSITIVE_INFINITY;
}

function checkJoiner(session: ort.InferenceSession, file: string, info: EncoderInfo): number {
  if (session.inputNames.length !== 2 || session.outputNames.length < 1) {
    throw new ModelLoadError("invalid_manifest", `${file} is not an RNNT joiner (encoder_outputs, decoder_outputs -> logits)`);
  }
  const dim = staticDim(session, session.inputNames[0]!, 1);
  if (dim === undefined) throw new ModelLoadError("invalid_manifest", `${file}: the encoder_outputs width must be fixed`);
  const vocab = staticDimOut(session, session.outputNames[0]!, 3);
  if (vocab !== undefined && vocab !== info.vocabSize + 1) {
    throw new ModelLoadError("invalid_manifest", `${file} scores ${vocab} tokens, the encoder says ${info.vocabSize} + blank`);
  }
  return dim;
}

type TensorMeta = Extract<ort.InferenceSession.ValueMetadata, { isTensor: true }>;

function staticDim(session: ort.InferenceSession, name: string, axis: number): number | undefined {
  const meta = session.inputMetadata.find((m) => m.name === name);
  return meta?.isTensor ? fixed((meta as TensorMeta).shape[axis]) : undefined;
}

function staticDimOut(session: ort.InferenceSession, name: string, axis: number): number | undefined {
  const meta = session.outputMetadata.find((m) => m.name === name);
  return meta?.isTensor ? fixed((meta as TensorMeta).shape[axis]) : undefined;
}

function fixed(dim: unknown): number | undefined {
  return typeof dim === "number" && dim > 0 ? dim : undefined;
}

function int64(values: readonly number[], dims: number[]): ort.Tensor {
  return new ort.Tensor("int64", BigInt64Array.from(values, (v) => BigInt(v)), dims);
}

function integers(tensor: ort.Tensor): number[] {
  const data = tensor.data;
  if (data instanceof BigInt64Array) return Array.from(data, Number);
  if (data instanceof Int32Array) return Array.from(data);
  throw new Error(`expected an integer tensor, got ${tensor.type}`);
}

function fail(file: string, cause: unknown): never {
  if (cause instanceof ModelLoadError) throw cause;
  throw new ModelLoadError("load_failed", `cannot load ${file}: ${(cause as Error).message}`, { cause });
}
