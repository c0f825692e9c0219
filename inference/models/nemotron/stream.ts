/**
 * One live stream: audio (or features) in as it arrives, its position in NeMo's chunk schedule, its
 * encoder caches and prediction-network state, its tokens, and the events it owes its listener. The
 * engine (engine.ts) decides when its chunks run, batched with other streams.
 *
 * The chunk schedule (NeMo's CacheAwareStreamingAudioBuffer with pad_and_drop_preencoded=True):
 * chunk k feeds feature frames [k S - P, k S + S) with S = chunk frames, P = pre-encode frames, zeros
 * before the first frame and past the last; `length` is S + P, or P + the frames left for the last chunk.
 * A chunk runs once its S frames exist, or at the end of the stream with what is left, unless fewer than
 * `subsampling` frames are left (NeMo drops such a tail; the first chunk needs only one frame).
 */
import { NemoFrontend } from "../../frontend/nemo.js";
import type { Word } from "../../types.js";
import { StreamStateError } from "./errors.js";
import { EventQueue, type FinalEvent, type StreamEvent } from "./events.js";
import { FrameStore, StreamingLogMel } from "./features.js";
import type { DecoderState, GreedyItem } from "./greedy.js";
import type { EncoderGraph } from "./sessions.js";
import type { NemotronTokens } from "./tokens.js";

export type Acceleration = "none" | "regular" | "high" | "full";

/** The API's acceleration -> chunk length (ms): less lookahead is faster to answer, less accurate. */
export const ACCELERATION_CHUNK_MS: Readonly<Record<Acceleration, number>> = { none: 1120, regular: 560, high: 320, full: 80 };
export const DEFAULT_ACCELERATION: Acceleration = "regular";
export const MAX_SYMBOLS_PER_FRAME = 10;

export interface StreamOptions {
  /** "auto" (default), a locale ("de-DE") or a bare language ("de"). */
  language?: string;
  /** none / regular (default) / high / full: 1.12 / 0.56 / 0.32 / 0.08 s chunks. */
  acceleration?: Acceleration;
  /** A pause this long after speech closes the segment with a final event; 0 turns endpoints off. */
  endpointSeconds?: number;
  /**
   * A segment this long (first word to now) is closed (reason "max_length") where the next word starts,
   * so partial events stay small in speech without pauses. Default 30; 0 turns it off.
   */
  maxSegmentSeconds?: number;
  /** Partial events (default true); whole-recording decoding turns them off. */
  partials?: boolean;
}

/** Everything a stream has decoded so far. */
export interface StreamTranscript {
  text: string;
  words: Word[];
  /** Settled segments and the open one. */
  segments: Array<{ text: string; start: number; end: number; final: boolean }>;
  tokens: readonly number[];
  /** Encoder frame of each token, from the start of the stream. */
  tokenFrames: readonly number[];
  /** The locale the stream was forced to, or the first language tag the model emitted under "auto". */
  language: string | undefined;
  /** Seconds of audio decoded. */
  audioSeconds: number;
}

/** What a caller holds: feed it, end it, read its events. */
export interface NemotronStream {
  readonly id: number;
  /** "auto" or the locale of the prompt. */
  readonly language: string;
  readonly acceleration: Acceleration;
  readonly chunkMs: number;
  /** Partial and final events, in order; ends after the final event with reason "end" (or on cancel). */
  readonly events: AsyncIterable<StreamEvent>;
  /** 16 kHz mono samples in [-1, 1], any length. */
  push(samples16k: Float32Array): void;
  /** Log-mel frames instead of audio ([mels, frames] mel-major): for tests and offline features. */
  pushFeatures(data: Float32Array, frames: number): void;
  /** No more input: the rest is decoded (NeMo's last-chunk rule), then the final event. */
  flush(): void;
  /** Stops at once: nothing more is decoded, the events end without a final. */
  cancel(): void;
  /** Events queued and not yet read (for back-pressure decisions). */
  readonly pendingEvents: number;
  /** Takes the queued events without waiting (an alternative to iterating `events`). */
  takeEvents(): StreamEvent[];
  /** True after the last event (final "end", error or cancel). */
  readonly finished: boolean;
  /** Seconds of audio decoded so far (whole chunks; cheaper than transcript()). */
  readonly decodedSeconds: number;
  transcript(): StreamTranscript;
  /**
   * Resolves once every complete chunk of the input so far is decoded (or the stream finished). Audio
   * after the last complete chunk waits for more input or flush(): a cache-aware encoder only moves on by
   * whole chunks.
   */
  caughtUp(): Promise<void>;
  /** Closes the open segment now (final event, reason "flush") when it has words; the stream goes on. */
  settle(): void;
}

type Phase = "open" | "flushed" | "finished";

export interface StreamSetup {
  id: number;
  graph: EncoderGraph;
  tokens: NemotronTokens;
  frontend: NemoFrontend;
  language: { promptIndex: number; locale: string };
  acceleration: Acceleration;
  endpointSeconds: number;
  maxSegmentSeconds: number;
  partials: boolean;
  /** Called whenever input arrives, so the engine can schedule work. */
  onInput: () => void;
  onCancel: (stream: StreamCore) => void;
}

export class StreamCore implements NemotronStream {
  readonly id: number;
  readonly language: string;
  readonly acceleration: Acceleration;
  readonly chunkMs: number;
  readonly graph: EncoderGraph;
  readonly promptIndex: number;
  private readonly tokenTable: NemotronTokens;
  private readonly queue = new EventQueue<StreamEvent>();
  private readonly setup: StreamSetup;
  private readonly store = new FrameStore();
  private logMel: StreamingLogMel | undefined;
  private input: "audio" | "features" | undefined;
  private phase: Phase = "open";
  private totalFrames: number | undefined;

  /** Index of the next chunk. */
  private chunk = 0;
  cacheChannel: Float32Array;
  cacheTime: Float32Array;
  cacheChannelLength = 0;
  decoder: DecoderState | undefined;
  /** Order in which streams waited for the engine (smaller: waiting longer). */
  waitingSince = 0;
  /** A chunk of this stream is being decoded right now. */
  busy = false;
  private idleWaiters: Array<() => void> = [];

  private readonly tokens: number[] = [];
  private readonly tokenFrames: number[] = [];
  /** Encoder frames decoded before the current chunk. */
  private decodedFrames = 0;
  private detected: string | undefined;
  private segment = 0;
  private segmentStart = 0;
  private readonly finals: Array<{ text: string; words: Word[] }> = [];
  private lastPartialText = "";
  private lastVisibleFrame = -1;
  /** Encoder frame of the open segment's first visible token, -1 while it has none. */
  private segmentFirstFrame = -1;
  /** Tokens when the last partial was considered (no new token, no new partial). */
  private tokensAtPartial = 0;
  /** The open segment is past maxSegmentSeconds: close it where the next word starts. */
  private closeAtNextWord = false;

  constructor(setup: StreamSetup) {
    this.setup = setup;
    this.id = setup.id;
    this.graph = setup.graph;
    this.tokenTable = setup.tokens;
    this.language = setup.language.locale;
    this.promptIndex = setup.language.promptIndex;
    this.acceleration = setup.acceleration;
    this.chunkMs = setup.graph.info.chunkMs;
    const info = setup.graph.info;
    this.cacheChannel = new Float32Array(info.layers * info.channelLength * info.dModel);
    this.cacheTime = new Float32Array(info.layers * info.dModel * info.timeLength);
  }

  get events(): AsyncIterable<StreamEvent> {
    return this.queue;
  }

  get pendingEvents(): number {
    return this.queue.length;
  }

  get finished(): boolean {
    return this.phase === "finished";
  }

  get decodedSeconds(): number {
    return this.audioSeconds;
  }

  takeEvents(): StreamEvent[] {
    return this.queue.take();
  }

  push(samples16k: Float32Array): void {
    this.accept("audio");
    this.logMel ??= new StreamingLogMel(this.setup.frontend);
    const block = this.logMel.push(samples16k);
    if (block) this.store.append(block);
    this.setup.onInput();
  }

  pushFeatures(data: Float32Array, frames: number): void {
    this.accept("features");
    if (data.length !== frames * this.graph.info.featureDim) {
      throw new RangeError(`expected ${frames} x ${this.graph.info.featureDim} feature values, got ${data.length}`);
    }
    this.store.append({ data, frames });
    this.setup.onInput();
  }

  flush(): void {
    if (this.phase !== "open") return;
    const block = this.logMel?.finish();
    if (block) this.store.append(block);
    this.phase = "flushed";
    this.totalFrames = this.store.end;
    this.setup.onInput();
  }

  cancel(): void {
    if (this.phase === "finished") return;
    this.phase = "finished";
    this.queue.close();
    this.setup.onCancel(this);
    this.wakeIdle();
  }

  transcript(): StreamTranscript {
    const spf = this.secondsPerFrame;
    const words = this.tokenTable.words(this.tokens, this.tokenFrames, spf);
    const open = this.tokenTable.words(this.tokens.slice(this.segmentStart), this.tokenFrames.slice(this.segmentStart), spf);
    const segments = [...this.finals.map((f) => ({ ...f, final: true })), ...(open.length ? [{ text: textOf(open), words: open, final: this.finished }] : [])]
      .filter((s) => s.words.length > 0)
      .map((s) => ({ text: s.text, start: s.words[0]!.start, end: s.words.at(-1)!.end, final: s.final }));
    return {
      text: textOf(words),
      words,
      segments,
      tokens: this.tokens,
      tokenFrames: this.tokenFrames,
      language: this.language === "auto" ? this.detected : this.language,
      audioSeconds: this.audioSeconds,
    };
  }

  // ---- for the engine

  /** The `length` of the next chunk when it can run now; undefined when it cannot (yet, or ever). */
  nextChunkLength(): number | undefined {
    if (this.phase === "finished") return undefined;
    const { shift, preEncode, window, subsampling } = this.graph.info;
    const start = this.chunk * shift;
    if (this.store.end >= start + shift) return window;
    if (this.phase !== "flushed") return undefined;
    const left = this.totalFrames! - start;
    return left >= (this.chunk === 0 ? 1 : subsampling) ? preEncode + left : undefined;
  }

  /** Flushed and nothing left to decode. */
  get exhausted(): boolean {
    return this.phase === "flushed" && this.nextChunkLength() === undefined;
  }

  /** Writes the next chunk's window [mels, window] at out[offset]. */
  fillWindow(out: Float32Array, offset: number): void {
    const { shift, preEncode, window } = this.graph.info;
    this.store.copyWindow(this.chunk * shift - preEncode, window, out, offset);
  }

  /** Takes the encoder's caches for this stream and moves to the next chunk. */
  advance(cacheChannel: Float32Array, cacheTime: Float32Array, cacheChannelLength: number): void {
    this.cacheChannel = cacheChannel;
    this.cacheTime = cacheTime;
    this.cacheChannelLength = cacheChannelLength;
    this.chunk += 1;
    const { shift, preEncode } = this.graph.info;
    this.store.dropBefore(this.chunk * shift - preEncode);
  }

  /** The stream's part of a greedy decoding step. */
  greedyItem(encoded: Float32Array, stride: number, frames: number): GreedyItem {
    const offset = this.decodedFrames;
    const item: GreedyItem = {
      decoder: this.decoder,
      encoded,
      stride,
      frames,
      emit: (token, frame) => {
        if (this.closeAtNextWord && this.tokenTable.startsWord(token)) this.closeSegment("max_length");
        this.tokens.push(token);
        this.tokenFrames.push(offset + frame);
        if (this.detected === undefined) this.detected = this.tokenTable.localeOf(token);
        if (!this.tokenTable.isHidden(token)) {
          this.lastVisibleFrame = offset + frame;
          if (this.segmentFirstFrame < 0) this.segmentFirstFrame = offset + frame;
        }
      },
    };
    return item;
  }

  /** After the greedy step: keeps the decoder state, counts the frames, sends partial/final events. */
  afterDecode(item: GreedyItem): void {
    this.decoder = item.decoder;
    this.decodedFrames += item.frames;
    if (this.setup.partials && this.tokens.length > this.tokensAtPartial) {
      this.tokensAtPartial = this.tokens.length;
      const open = this.openWords();
      const text = textOf(open);
      if (text !== this.lastPartialText) {
        this.lastPartialText = text;
        this.queue.push({ type: "partial", segment: this.segment, text, words: open, audioSeconds: this.audioSeconds });
      }
    }
    if (this.segmentFirstFrame < 0) return;
    const spf = this.secondsPerFrame;
    const silence = (this.decodedFrames - 1 - this.lastVisibleFrame) * spf;
    const { endpointSeconds, maxSegmentSeconds } = this.setup;
    if (endpointSeconds > 0 && silence >= endpointSeconds) this.closeSegment("endpoint");
    else if (maxSegmentSeconds > 0 && (this.decodedFrames - this.segmentFirstFrame) * spf >= maxSegmentSeconds) this.closeAtNextWord = true;
  }

  /** The last event: the open segment's final, then the end of the events. */
  finish(): void {
    if (this.phase === "finished") return;
    this.closeSegment("end");
    this.phase = "finished";
    this.queue.close();
    this.wakeIdle();
  }

  /** The model failed on this stream's batch. */
  fail(message: string): void {
    if (this.phase === "finished") return;
    this.queue.push({ type: "error", message });
    this.phase = "finished";
    this.queue.close();
    this.wakeIdle();
  }

  caughtUp(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  settle(): void {
    if (this.phase !== "finished" && this.openWords().length > 0) this.closeSegment("flush");
  }

  /** Called by the engine after each of its steps. */
  wakeIdle(): void {
    if (!this.isIdle()) return;
    for (const wake of this.idleWaiters.splice(0)) wake();
  }

  private isIdle(): boolean {
    return this.phase === "finished" || (!this.busy && this.nextChunkLength() === undefined && !this.exhausted);
  }

  private closeSegment(reason: FinalEvent["reason"]): void {
    const words = this.openWords();
    const text = textOf(words);
    this.queue.push({ type: "final", segment: this.segment, text, words, audioSeconds: this.audioSeconds, reason });
    this.finals.push({ text, words });
    this.segment += 1;
    this.segmentStart = this.tokens.length;
    this.segmentFirstFrame = -1;
    this.closeAtNextWord = false;
    this.lastPartialText = "";
  }

  private openWords(): Word[] {
    return this.tokenTable.words(this.tokens.slice(this.segmentStart), this.tokenFrames.slice(this.segmentStart), this.secondsPerFrame);
  }

  private get secondsPerFrame(): number {
    return (this.graph.info.subsampling * 10) / 1000;
  }

  private get audioSeconds(): number {
    const frames = Math.min(this.chunk * this.graph.info.shift, this.totalFrames ?? Number.POSITIVE_INFINITY);
    return frames / 100;
  }

  private accept(kind: "audio" | "features"): void {
    if (this.phase !== "open") throw new StreamStateError(`stream ${this.id} no longer takes input (it was ${this.phase === "flushed" ? "flushed" : "closed"})`);
    if (this.input && this.input !== kind) throw new StreamStateError(`stream ${this.id} takes ${this.input}, not ${kind}`);
    this.input = kind;
  }
}

function textOf(words: readonly Word[]): string {
  return words.map((w) => w.text).join(" ");
}
