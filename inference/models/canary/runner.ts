/**
 * The Canary (AED) runner for canary-1b-flash exports in either published layout:
 * features -> encoder -> prompt -> batched greedy decoding with the hidden-state cache -> text and times.
 */
import { ModelLoadError, TranscribeError } from "../../errors.js";
import { NemoFrontend, type FeatureBatch } from "../../frontend/nemo.js";
import { createSession, type LoadedSession } from "../../runtime/onnx.js";
import type { Audio, ExecutionProvider, Segment, TranscribeOptions, Transcript, Word } from "../../types.js";
import { greedyDecode, type DecoderRun } from "./greedy.js";
import { findCanaryFiles, type CanaryFiles, type CanaryLayout, type LayoutOptions } from "./layout.js";
import { DEFAULT_MAX_SEQUENCE_LENGTH, secondsPerEncoderFrame, type CanaryModelInfo } from "./model-info.js";
import { OnnxAsrCanary, readOnnxAsrConfig } from "./onnx-asr-model.js";
import { readOnnxMetadata } from "./onnx-metadata.js";
import { buildPrompt, checkPromptTokens, PROMPT_LENGTH, resolveTask, supportedLanguages, type CanaryTask } from "./prompt.js";
import { staticDim, tensorInput } from "./session-contract.js";
import { parseSherpaMetadata, SherpaCanary } from "./sherpa-model.js";
import { decodeTokens } from "./text.js";
import { loadVocab, type CanaryVocab } from "./vocab.js";

export interface CanaryRunnerOptions extends LayoutOptions {
  provider?: ExecutionProvider;
  intraOpThreads?: number;
}

export interface CanaryOptions extends TranscribeOptions {
  /** Generated tokens per item at most (EOS included); default and ceiling: max_sequence_length - 9. */
  maxNewTokens?: number;
}

export interface CanaryItemResult {
  task: CanaryTask;
  /** Generated token ids, prompt and EOS excluded. */
  tokens: number[];
  /** False when the item stopped at the token limit instead of its own <|endoftext|>. */
  endedWithEos: boolean;
  text: string;
  /** Empty unless timestamps were asked for. */
  words: Word[];
  segments: Segment[];
}

export interface CanaryRunner {
  readonly layout: CanaryLayout;
  /** The provider that actually runs the sessions. */
  readonly provider: ExecutionProvider;
  readonly info: CanaryModelInfo;
  readonly vocab: CanaryVocab;
  /** Languages this model takes as source or target. */
  readonly languages: readonly string[];
  /**
   * Decodes a padded batch of log-mel features ([batch, mels, maxFrames], zero past each item's frames),
   * one options object for all items or one per item.
   */
  transcribeFeatures(features: FeatureBatch, options?: CanaryOptions | readonly CanaryOptions[]): Promise<CanaryItemResult[]>;
  /** 16 kHz audio -> NeMo log-mel (the model's normalisation) -> transcribeFeatures, one batch. */
  transcribeBatch(audio: readonly Audio[], options?: CanaryOptions | readonly CanaryOptions[]): Promise<Transcript[]>;
  transcribe(audio: Audio, options?: CanaryOptions): Promise<Transcript>;
  dispose(): Promise<void>;
}

interface Backend {
  encode(features: FeatureBatch): Promise<DecoderRun>;
}

/** Opens the Canary export in `dir`, recognising its layout from the file names. */
export async function createCanaryRunner(dir: string, options: CanaryRunnerOptions = {}): Promise<CanaryRunner> {
  return openCanaryRunner(await findCanaryFiles(dir, options), options);
}

/** Opens a Canary export from explicit files (e.g. named by a manifest). */
export async function openCanaryRunner(files: CanaryFiles, options: CanaryRunnerOptions = {}): Promise<CanaryRunner> {
  const vocab = await loadVocab(files.tokens);
  checkPromptTokens(vocab, files.tokens);
  const sessionOptions = {
    ...(options.provider ? { provider: options.provider } : {}),
    ...(options.intraOpThreads ? { intraOpThreads: options.intraOpThreads } : {}),
  };
  const encoder = await openSession(files.encoder, sessionOptions);
  let decoder: LoadedSession | undefined;
  try {
    decoder = await openSession(files.decoder, sessionOptions);
    const { backend, info } =
      files.layout === "onnx-asr" ? await onnxAsrBackend(files, encoder, decoder) : await sherpaBackend(files, encoder, decoder, vocab);
    return new Runner(files.layout, [encoder, decoder], backend, info, vocab);
  } catch (error) {
    await encoder.dispose();
    await decoder?.dispose();
    throw error;
  }
}

async function onnxAsrBackend(
  files: CanaryFiles,
  encoder: LoadedSession,
  decoder: LoadedSession,
): Promise<{ backend: Backend; info: CanaryModelInfo }> {
  const config = await readOnnxAsrConfig(files.config);
  const backend = new OnnxAsrCanary(encoder, decoder);
  const mels = staticDim(tensorInput(encoder.session, "audio_signal"), 1, "encoder-model.onnx audio_signal");
  if (config.features_size !== undefined && config.features_size !== mels) {
    throw new ModelLoadError("invalid_manifest", `config.json says ${config.features_size} features, the encoder takes ${mels}`);
  }
  return {
    backend,
    info: {
      layout: "onnx-asr",
      featureSize: mels,
      subsamplingFactor: config.subsampling_factor ?? 8,
      maxSequenceLength: config.max_sequence_length ?? DEFAULT_MAX_SEQUENCE_LENGTH,
      // onnx-asr always feeds Canary per-feature normalised features (its "nemo128" preprocessor).
      normalize: "per_feature",
    },
  };
}

async function sherpaBackend(
  files: CanaryFiles,
  encoder: LoadedSession,
  decoder: LoadedSession,
  vocab: CanaryVocab,
): Promise<{ backend: Backend; info: CanaryModelInfo }> {
  const meta = parseSherpaMetadata(await readOnnxMetadata(files.encoder), files.encoder);
  if (meta.vocabSize !== vocab.size) {
    throw new ModelLoadError("invalid_manifest", `${files.tokens} has ${vocab.size} tokens but encoder metadata vocab_size is ${meta.vocabSize}`);
  }
  if (meta.normalizeType !== "" && meta.normalizeType !== "per_feature") {
    throw new ModelLoadError("invalid_manifest", `unsupported normalize_type ${meta.normalizeType}`);
  }
  return {
    backend: new SherpaCanary(encoder, decoder, meta),
    info: {
      layout: "sherpa",
      featureSize: meta.featDim,
      subsamplingFactor: meta.subsamplingFactor,
      maxSequenceLength: meta.maxSequenceLength ?? DEFAULT_MAX_SEQUENCE_LENGTH,
      normalize: meta.normalizeType === "per_feature" ? "per_feature" : "none",
    },
  };
}

async function openSession(path: string, options: { provider?: ExecutionProvider; intraOpThreads?: number }): Promise<LoadedSession> {
  try {
    return await createSession(path, options);
  } catch (cause) {
    throw new ModelLoadError("load_failed", `onnxruntime could not load ${path}`, { cause });
  }
}

class Runner implements CanaryRunner {
  readonly provider: ExecutionProvider;
  readonly languages: readonly string[];
  private readonly frontend: NemoFrontend;
  private disposed = false;
  private readonly eos: number;

  constructor(
    readonly layout: CanaryLayout,
    private readonly sessions: readonly LoadedSession[],
    private readonly backend: Backend,
    readonly info: CanaryModelInfo,
    readonly vocab: CanaryVocab,
  ) {
    this.provider = sessions.every((s) => s.provider === "cuda") ? "cuda" : "cpu";
    this.languages = supportedLanguages(vocab);
    this.frontend = new NemoFrontend({ normalize: info.normalize });
    this.eos = vocab.require("<|endoftext|>", "the token table");
  }

  async transcribeFeatures(
    features: FeatureBatch,
    options: CanaryOptions | readonly CanaryOptions[] = {},
  ): Promise<CanaryItemResult[]> {
    this.assertOpen();
    checkFeatures(features, this.info.featureSize);
    const perItem = Array.isArray(options) ? (options as readonly CanaryOptions[]) : new Array<CanaryOptions>(features.batch).fill(options as CanaryOptions);
    if (perItem.length !== features.batch) {
      throw new RangeError(`${perItem.length} options for a batch of ${features.batch}`);
    }
    // Validate every item before any session runs, so a bad option costs nothing.
    const tasks = perItem.map((o) => resolveTask(o, this.vocab));
    const ceiling = this.info.maxSequenceLength - PROMPT_LENGTH;
    const limits = perItem.map((o) => Math.max(0, Math.min(ceiling, Math.floor(o.maxNewTokens ?? ceiling))));
    const secondsPerFrame = secondsPerEncoderFrame(this.info);
    const results: CanaryItemResult[] = tasks.map((task) => ({ task, tokens: [], endedWithEos: false, text: "", words: [], segments: [] }));

    // Items shorter than one feature frame (under 10 ms of audio), or allowed no tokens, are not run.
    const rows = tasks.flatMap((_, i) => (features.frames[i]! >= 1 && limits[i]! >= 1 ? [i] : []));
    if (rows.length === 0) return results;
    const run = await this.backend.encode(encoderBatch(features, rows));
    const outputs = await greedyDecode(
      run,
      rows.map((i) => buildPrompt(tasks[i]!, this.vocab)),
      { eos: this.eos, maxSteps: rows.map((i) => limits[i]!) },
    );
    outputs.forEach((output, r) => {
      const task = tasks[rows[r]!]!;
      const decoded = decodeTokens(output.tokens, this.vocab, secondsPerFrame);
      results[rows[r]!] = {
        task,
        tokens: output.tokens,
        endedWithEos: output.endedWithEos,
        text: decoded.text,
        words: task.timestamps ? decoded.words : [],
        segments: task.timestamps ? decoded.segments : [],
      };
    });
    return results;
  }

  async transcribeBatch(audio: readonly Audio[], options: CanaryOptions | readonly CanaryOptions[] = {}): Promise<Transcript[]> {
    this.assertOpen();
    if (audio.length === 0) return [];
    const features = this.frontend.computeBatch(audio.map((a) => a.samples));
    const results = await this.transcribeFeatures(features, options);
    return results.map((r, i) => ({
      text: r.text,
      language: r.task.target,
      segments: r.segments,
      words: r.words,
      durationSeconds: audio[i]!.samples.length / audio[i]!.sampleRate,
      provider: this.provider,
    }));
  }

  async transcribe(audio: Audio, options: CanaryOptions = {}): Promise<Transcript> {
    const [result] = await this.transcribeBatch([audio], options);
    return result!;
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    await Promise.all(this.sessions.map((s) => s.dispose()));
  }

  private assertOpen(): void {
    if (this.disposed) throw new TranscribeError("disposed", "this Canary model has been unloaded");
  }
}

function checkFeatures(features: FeatureBatch, featureSize: number): void {
  const { batch, nMels, maxFrames, frames, data } = features;
  if (nMels !== featureSize) throw new RangeError(`features have ${nMels} mel bins, the model takes ${featureSize}`);
  if (frames.length !== batch) throw new RangeError(`${frames.length} lengths for a batch of ${batch}`);
  if (data.length !== batch * nMels * maxFrames) throw new RangeError(`features hold ${data.length} values, not ${batch}x${nMels}x${maxFrames}`);
  for (const f of frames) {
    if (!Number.isInteger(f) || f < 0 || f > maxFrames) throw new RangeError(`item length ${f} is outside 0..${maxFrames} frames`);
  }
}

/**
 * onnx-asr exports its encoder with a time axis of at least 9 frames; shorter batches are padded (the
 * lengths stay true, as when a short clip shares a batch with a longer one).
 */
const MIN_ENCODER_FRAMES = 9;

/**
 * The batch the encoder sees: the chosen rows, zero past each item's length (NeMo's padding; a caller's
 * leftover values must not reach the encoder), at least MIN_ENCODER_FRAMES long. The input is passed
 * through untouched when it already is exactly that.
 */
function encoderBatch(features: FeatureBatch, rows: readonly number[]): FeatureBatch {
  const { nMels, maxFrames: inFrames, data } = features;
  const lengths = rows.map((i) => features.frames[i]!);
  const maxFrames = Math.max(MIN_ENCODER_FRAMES, ...lengths);
  const clean = rows.every((i, r) => {
    if (i !== r) return false;
    for (let m = 0; m < nMels; m++) {
      const row = (i * nMels + m) * inFrames;
      for (let t = lengths[r]!; t < inFrames; t++) if (data[row + t] !== 0) return false;
    }
    return true;
  });
  if (clean && rows.length === features.batch && maxFrames === inFrames) return features;
  const out = new Float32Array(rows.length * nMels * maxFrames);
  rows.forEach((i, r) => {
    for (let m = 0; m < nMels; m++) {
      const from = (i * nMels + m) * inFrames;
      out.set(data.subarray(from, from + lengths[r]!), (r * nMels + m) * maxFrames);
    }
  });
  return { data: out, batch: rows.length, nMels, maxFrames, frames: lengths };
}
