/**
 * Loading a model directory and serving requests against it: manifest -> registry -> runner, with the
 * checks every runner would otherwise repeat (decoding encoded audio, options vs capabilities, length).
 */
import { readdir, stat } from "node:fs/promises";
import { resolve } from "node:path";
import { decodeAudio, DEFAULT_MAX_DURATION_SECONDS, type DecodeOptions } from "./audio/decode.js";
import { AudioDecodeError, EngineError, ModelLoadError, TranscribeError } from "./errors.js";
import { parseManifest, readManifestFile, manifestFilePath, type ModelManifest, type ModelManifestInput } from "./models/manifest.js";
import { RUNNERS, runnerKinds } from "./models/registry.js";
import { optionsForItems, type Runner } from "./models/runner.js";
import type { Audio, ExecutionProvider, ModelCapabilities, TranscribeOptions, Transcript } from "./types.js";

/** Decoded 16 kHz mono audio, or the bytes of an encoded file (WAV, FLAC, MP3, OGG, WebM, M4A, ...). */
export type AudioInput = Audio | Uint8Array | ArrayBuffer;

export interface LoadModelOptions {
  /** Preferred execution provider; CUDA falls back to CPU when its libraries are absent. Default CPU. */
  provider?: ExecutionProvider;
  /** onnxruntime intra-op threads per session (default: onnxruntime's choice). */
  intraOpThreads?: number;
  /** Use this manifest instead of the directory's gigarouter.json or layout detection. */
  manifest?: ModelManifestInput;
}

export interface LoadedModel {
  /** Absolute model directory. */
  readonly dir: string;
  readonly manifest: ModelManifest;
  /** The provider that actually runs the model. */
  readonly provider: ExecutionProvider;
  readonly capabilities: ModelCapabilities;
  transcribe(input: AudioInput, options?: TranscribeOptions, decode?: DecodeOptions): Promise<Transcript>;
  /** Several clips in one model batch; options shared or one per clip. */
  transcribeBatch(
    inputs: readonly AudioInput[],
    options?: TranscribeOptions | readonly TranscribeOptions[],
    decode?: DecodeOptions,
  ): Promise<Transcript[]>;
  dispose(): Promise<void>;
}

export async function loadModel(dir: string, options: LoadModelOptions = {}): Promise<LoadedModel> {
  const absolute = resolve(dir);
  const info = await stat(absolute).catch(() => undefined);
  if (!info?.isDirectory()) throw new ModelLoadError("not_found", `model directory ${absolute} does not exist`);

  const manifest = options.manifest
    ? parseManifest(options.manifest, "the manifest passed to loadModel")
    : ((await readManifestFile(absolute)) ?? (await detectLayout(absolute)));
  const registration = RUNNERS[manifest.runner];
  if (!registration) {
    throw new ModelLoadError(
      "unknown_runner",
      `runner '${manifest.runner}' is not available (known: ${runnerKinds().join(", ")})`,
    );
  }
  for (const role of Object.keys(manifest.files)) {
    const path = manifestFilePath(absolute, manifest, role);
    if (!(await stat(path).catch(() => undefined))?.isFile()) {
      throw new ModelLoadError("not_found", `model file ${path} (${role}) does not exist`);
    }
  }

  let runner: Runner;
  try {
    const factory = await registration.load();
    runner = await factory({
      dir: absolute,
      manifest,
      ...(options.provider ? { provider: options.provider } : {}),
      ...(options.intraOpThreads ? { intraOpThreads: options.intraOpThreads } : {}),
    });
  } catch (error) {
    if (error instanceof EngineError) throw error;
    throw new ModelLoadError("load_failed", `cannot load ${manifest.runner} from ${absolute}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return new ServedModel(absolute, manifest, runner);
}

async function detectLayout(dir: string): Promise<ModelManifest> {
  const files = await readdir(dir);
  for (const registration of Object.values(RUNNERS)) {
    const manifest = registration.detect?.(files);
    if (manifest) return manifest;
  }
  throw new ModelLoadError(
    "unrecognised_layout",
    `${dir} has no gigarouter.json and matches no known model layout (runners: ${runnerKinds().join(", ")})`,
  );
}

class ServedModel implements LoadedModel {
  private disposed = false;

  constructor(
    readonly dir: string,
    readonly manifest: ModelManifest,
    private readonly runner: Runner,
  ) {}

  get provider(): ExecutionProvider {
    return this.runner.provider;
  }

  get capabilities(): ModelCapabilities {
    return this.runner.capabilities;
  }

  async transcribe(input: AudioInput, options?: TranscribeOptions, decode?: DecodeOptions): Promise<Transcript> {
    const [result] = await this.transcribeBatch([input], options ? [options] : undefined, decode);
    return result!;
  }

  async transcribeBatch(
    inputs: readonly AudioInput[],
    options?: TranscribeOptions | readonly TranscribeOptions[],
    decode?: DecodeOptions,
  ): Promise<Transcript[]> {
    if (this.disposed) throw new TranscribeError("disposed", "the model has been disposed");
    const perItem = optionsForItems(inputs.length, options);
    perItem.forEach((o) => checkCapabilities(o, this.capabilities));
    const audio = await Promise.all(inputs.map((input) => this.toAudio(input, decode)));
    if (audio.length === 0) return [];
    return this.runner.transcribeBatch(audio, perItem);
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    await this.runner.dispose();
  }

  private async toAudio(input: AudioInput, decode: DecodeOptions | undefined): Promise<Audio> {
    const maxSeconds = this.capabilities.maxAudioSeconds;
    if (input instanceof Uint8Array || input instanceof ArrayBuffer) {
      const requested = decode?.maxDurationSeconds ?? DEFAULT_MAX_DURATION_SECONDS;
      try {
        return await decodeAudio(input, { ...decode, maxDurationSeconds: Math.min(requested, maxSeconds) });
      } catch (error) {
        // The model's own limit is the one that bit: say so in the model's terms.
        if (error instanceof AudioDecodeError && error.code === "too_long" && maxSeconds < requested) {
          throw tooLongForModel(this.manifest.runner, maxSeconds, undefined, error);
        }
        throw error;
      }
    }
    if (!(input.samples instanceof Float32Array) || input.sampleRate !== 16000) {
      throw new TypeError("Audio must be 16 kHz mono Float32Array samples; pass encoded bytes to have them decoded");
    }
    const seconds = input.samples.length / 16000;
    if (seconds > maxSeconds) throw tooLongForModel(this.manifest.runner, maxSeconds, seconds);
    return input;
  }
}

function tooLongForModel(runner: string, maxSeconds: number, seconds: number | undefined, cause?: unknown): TranscribeError {
  const got = seconds === undefined ? "" : ` (got ${seconds.toFixed(1)} s)`;
  return new TranscribeError("audio_too_long", `${runner} accepts at most ${maxSeconds} s of audio${got}`, { cause });
}

/** The checks that depend only on what the model declares it can do. */
function checkCapabilities(options: TranscribeOptions, capabilities: ModelCapabilities): void {
  const base = (tag: string | undefined) => tag?.toLowerCase().split(/[-_]/)[0];
  const language = base(options.language);
  if (language && language !== "auto" && !capabilities.languages.includes(language)) {
    throw new TranscribeError(
      "unsupported_option",
      `language '${options.language}' is not supported (this model: ${capabilities.languages.join(", ")})`,
    );
  }
  const target = base(options.targetLanguage);
  if (target && target !== (language ?? target) && !capabilities.translation) {
    throw new TranscribeError("unsupported_option", "this model does not translate");
  }
  if (target && !capabilities.languages.includes(target)) {
    throw new TranscribeError("unsupported_option", `target language '${options.targetLanguage}' is not supported`);
  }
}
