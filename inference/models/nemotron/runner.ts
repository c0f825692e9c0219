/**
 * The Nemotron streaming runner: the export's sessions, token table and language prompts, an engine for
 * live streams, and whole-recording transcription through the very same chunk loop (so a file decoded at
 * once and the same audio streamed in pieces give the same tokens).
 */
import { ModelLoadError } from "../../errors.js";
import type { SessionOptions } from "../../runtime/onnx.js";
import type { Audio, ExecutionProvider, Segment, TranscribeOptions, Transcript, Word } from "../../types.js";
import { NemotronEngine, type EngineOptions, type StepReport } from "./engine.js";
import { findNemotronFiles, type LayoutOptions, type NemotronFiles } from "./layout.js";
import { PromptTable } from "./locales.js";
import { NemotronSessions } from "./sessions.js";
import { type Acceleration, type NemotronStream, type StreamOptions, type StreamTranscript } from "./stream.js";
import { loadTokens, type NemotronTokens } from "./tokens.js";

export interface NemotronRunnerOptions extends LayoutOptions, EngineOptions {
  provider?: ExecutionProvider;
  intraOpThreads?: number;
}

export interface NemotronTranscribeOptions extends TranscribeOptions {
  acceleration?: Acceleration;
}

/** One recording's result from the whole-recording path. */
export interface NemotronResult extends StreamTranscript {
  durationSeconds: number;
}

/** Log-mel features of one recording, [mels, frames] mel-major (Nemotron: no normalisation). */
export interface RecordingFeatures {
  data: Float32Array;
  frames: number;
}

export interface NemotronRunner {
  readonly provider: ExecutionProvider;
  /** Chunk lengths (ms) this directory has encoders for. */
  readonly chunkSizes: readonly number[];
  readonly accelerations: readonly Acceleration[];
  /** Locales with a language prompt (besides "auto"). */
  readonly locales: readonly string[];
  /** Their ISO 639 base languages. */
  readonly languages: readonly string[];
  readonly tokens: NemotronTokens;
  readonly sessions: NemotronSessions;
  /** A live stream on the runner's engine (auto-stepping unless the runner was opened with autoStep false). */
  createStream(options?: StreamOptions): NemotronStream;
  /** Manual stepping of the live engine (autoStep false). */
  step(): Promise<StepReport>;
  drain(): Promise<void>;
  /** Whether a step would do anything now (a chunk is ready, or a stream awaits its final event). */
  readonly hasWork: boolean;
  readonly activeStreams: number;
  /** Whole recordings through the chunk loop, batched across recordings; one options object or one each. */
  transcribeFeatures(
    recordings: readonly RecordingFeatures[],
    options?: NemotronTranscribeOptions | readonly NemotronTranscribeOptions[],
  ): Promise<NemotronResult[]>;
  transcribeAudio(
    audio: readonly Audio[],
    options?: NemotronTranscribeOptions | readonly NemotronTranscribeOptions[],
  ): Promise<NemotronResult[]>;
  /** The engine's Transcript shape (text; words and segments when timestamps are asked for). */
  transcribeBatch(audio: readonly Audio[], options?: NemotronTranscribeOptions | readonly NemotronTranscribeOptions[]): Promise<Transcript[]>;
  dispose(): Promise<void>;
}

/** Opens the export in `dir` (one flat sherpa-onnx package, or `<ms>ms/` chunk folders). */
export async function createNemotronRunner(dir: string, options: NemotronRunnerOptions = {}): Promise<NemotronRunner> {
  return openNemotronRunner(await findNemotronFiles(dir, options), options);
}

export async function openNemotronRunner(files: NemotronFiles, options: NemotronRunnerOptions = {}): Promise<NemotronRunner> {
  const sessionOptions: SessionOptions = {
    ...(options.provider ? { provider: options.provider } : {}),
    ...(options.intraOpThreads ? { intraOpThreads: options.intraOpThreads } : {}),
  };
  const sessions = await NemotronSessions.open(files, sessionOptions);
  try {
    const info = sessions.info;
    if (info.normalize !== "") {
      throw new ModelLoadError("invalid_manifest", `this runner feeds unnormalised features; the encoder asks for "${info.normalize}"`);
    }
    const tokens = await loadTokens(files.tokens, info.vocabSize);
    const prompts = new PromptTable(info.promptDictionary, info.autoPrompt);
    return new Runner(sessions, tokens, prompts, options);
  } catch (error) {
    await sessions.dispose();
    throw error;
  }
}

class Runner implements NemotronRunner {
  private readonly live: NemotronEngine;
  private readonly engineOptions: EngineOptions;

  constructor(
    readonly sessions: NemotronSessions,
    readonly tokens: NemotronTokens,
    private readonly prompts: PromptTable,
    options: EngineOptions,
  ) {
    this.engineOptions = options;
    this.live = new NemotronEngine(sessions, tokens, prompts, options);
  }

  get provider(): ExecutionProvider {
    return this.sessions.provider;
  }

  get chunkSizes(): number[] {
    return [...this.sessions.encoders.keys()];
  }

  get accelerations(): Acceleration[] {
    return this.live.accelerations;
  }

  get locales(): readonly string[] {
    return this.prompts.locales;
  }

  get languages(): string[] {
    return this.prompts.languages;
  }

  get activeStreams(): number {
    return this.live.activeStreams;
  }

  get hasWork(): boolean {
    return this.live.hasWork;
  }

  createStream(options?: StreamOptions): NemotronStream {
    return this.live.createStream(options);
  }

  step(): Promise<StepReport> {
    return this.live.step();
  }

  drain(): Promise<void> {
    return this.live.drain();
  }

  async transcribeFeatures(
    recordings: readonly RecordingFeatures[],
    options?: NemotronTranscribeOptions | readonly NemotronTranscribeOptions[],
  ): Promise<NemotronResult[]> {
    return this.whole(recordings.length, options, (stream, i) => {
      const r = recordings[i]!;
      if (r.frames > 0) stream.pushFeatures(r.data, r.frames);
      return r.frames / 100;
    });
  }

  async transcribeAudio(audio: readonly Audio[], options?: NemotronTranscribeOptions | readonly NemotronTranscribeOptions[]): Promise<NemotronResult[]> {
    return this.whole(audio.length, options, (stream, i) => {
      const samples = audio[i]!.samples;
      if (samples.length > 0) stream.push(samples);
      return samples.length / 16000;
    });
  }

  async transcribeBatch(audio: readonly Audio[], options?: NemotronTranscribeOptions | readonly NemotronTranscribeOptions[]): Promise<Transcript[]> {
    const perItem = itemOptions(audio.length, options);
    const results = await this.transcribeAudio(audio, perItem);
    return results.map((r, i) => toTranscript(r, perItem[i]!, this.provider));
  }

  async dispose(): Promise<void> {
    await this.live.dispose();
    await this.sessions.dispose();
  }

  /** Each recording as a stream on a private engine (no endpoints, manual steps), fed at once, drained. */
  private async whole(
    count: number,
    options: NemotronTranscribeOptions | readonly NemotronTranscribeOptions[] | undefined,
    feed: (stream: NemotronStream, index: number) => number,
  ): Promise<NemotronResult[]> {
    const perItem = itemOptions(count, options);
    const { onStep: _live, ...shared } = this.engineOptions;
    const engine = new NemotronEngine(this.sessions, this.tokens, this.prompts, { ...shared, autoStep: false, maxStreams: Infinity });
    try {
      // Options are checked for every item before any decoding starts.
      const streams = perItem.map((o) =>
        engine.createStream({ language: o.language, acceleration: o.acceleration, endpointSeconds: 0, maxSegmentSeconds: 0, partials: false }),
      );
      const durations = streams.map((stream, i) => {
        const seconds = feed(stream, i);
        stream.flush();
        return seconds;
      });
      await engine.drain();
      return streams.map((stream, i) => ({ ...stream.transcript(), durationSeconds: durations[i]! }));
    } finally {
      await engine.dispose();
    }
  }
}

function itemOptions<T extends object>(count: number, options: T | readonly T[] | undefined): T[] {
  if (Array.isArray(options)) {
    if (options.length !== count) throw new RangeError(`got ${options.length} option objects for ${count} recordings`);
    return [...(options as readonly T[])];
  }
  return Array.from({ length: count }, () => (options ?? {}) as T);
}

function toTranscript(result: NemotronResult, options: TranscribeOptions, provider: ExecutionProvider): Transcript {
  const words: Word[] = options.timestamps ? result.words : [];
  const segments: Segment[] = options.timestamps ? sentenceSegments(result.words) : [];
  return {
    text: result.text,
    ...(result.language ? { language: result.language } : {}),
    segments,
    words,
    durationSeconds: result.durationSeconds,
    provider,
  };
}

/** Segments close at a word ending in . ? or ! (like NeMo's segment offsets). */
function sentenceSegments(words: readonly Word[]): Segment[] {
  const segments: Segment[] = [];
  let current: Word[] = [];
  const close = () => {
    if (current.length) segments.push({ text: current.map((w) => w.text).join(" "), start: current[0]!.start, end: current.at(-1)!.end });
    current = [];
  };
  for (const word of words) {
    current.push(word);
    if (/[.?!]$/.test(word.text)) close();
  }
  close();
  return segments;
}
