/**
 * Many streams, one model: each step advances every stream that has a chunk ready by one chunk. Streams on
 * the same chunk graph share encoder calls (their caches stacked along the batch axis; each at its own
 * position, with its own cache length and language prompt), then joiner and decoder calls. A stream whose
 * input ended and whose chunks are all decoded gets its final event and leaves.
 *
 * With `autoStep` (default) the engine steps by itself whenever input makes a chunk ready; otherwise the
 * caller calls step() / drain() (tests, offline decoding, benchmarks).
 */
import { NemoFrontend } from "../../frontend/nemo.js";
import { StreamCapacityError, UnsupportedAccelerationError } from "./errors.js";
import { greedyDecode } from "./greedy.js";
import type { PromptTable } from "./locales.js";
import type { EncoderGraph, NemotronSessions } from "./sessions.js";
import {
  ACCELERATION_CHUNK_MS,
  DEFAULT_ACCELERATION,
  MAX_SYMBOLS_PER_FRAME,
  StreamCore,
  type Acceleration,
  type NemotronStream,
  type StreamOptions,
} from "./stream.js";
import type { NemotronTokens } from "./tokens.js";

export interface EngineOptions {
  /** Most streams in one encoder call (default 32). */
  maxBatch?: number;
  /** createStream refuses more concurrent streams than this (default: no limit). */
  maxStreams?: number;
  /** Step automatically when chunks become ready (default true). */
  autoStep?: boolean;
  /** Default endpoint pause for new streams, seconds (default 1; 0 disables). */
  endpointSeconds?: number;
  /** Default longest segment for new streams, seconds (default 30; 0 disables). */
  maxSegmentSeconds?: number;
  /** Called after every step of the live engine (a stream's decoded seconds may have moved). */
  onStep?: (report: StepReport) => void;
}

export interface StepReport {
  /** Streams advanced by one chunk. */
  streams: number;
  encoderCalls: number;
  /** Streams that finished in this step (final event sent). */
  finished: number;
}

export const DEFAULT_MAX_BATCH = 32;
export const DEFAULT_ENDPOINT_SECONDS = 1;
export const DEFAULT_MAX_SEGMENT_SECONDS = 30;

export class NemotronEngine {
  private readonly streams = new Set<StreamCore>();
  private readonly frontend = new NemoFrontend({ normalize: "none" });
  private nextId = 1;
  private clock = 0;
  private running: Promise<void> | undefined;
  private looping = false;
  private stepping: Promise<unknown> = Promise.resolve();
  private disposed = false;
  private readonly maxBatch: number;
  private readonly maxStreams: number;
  private readonly autoStep: boolean;
  private readonly endpointSeconds: number;
  private readonly maxSegmentSeconds: number;
  private readonly onStep: ((report: StepReport) => void) | undefined;

  constructor(
    private readonly sessions: NemotronSessions,
    private readonly tokens: NemotronTokens,
    private readonly prompts: PromptTable,
    options: EngineOptions = {},
  ) {
    this.maxBatch = Math.max(1, Math.floor(options.maxBatch ?? DEFAULT_MAX_BATCH));
    this.maxStreams = options.maxStreams ?? Number.POSITIVE_INFINITY;
    this.autoStep = options.autoStep ?? true;
    this.endpointSeconds = options.endpointSeconds ?? DEFAULT_ENDPOINT_SECONDS;
    this.maxSegmentSeconds = options.maxSegmentSeconds ?? DEFAULT_MAX_SEGMENT_SECONDS;
    this.onStep = options.onStep;
  }

  /** Live streams (created, not finished or cancelled). */
  get activeStreams(): number {
    return this.streams.size;
  }

  /** Accelerations whose chunk graph this model has. */
  get accelerations(): Acceleration[] {
    return (Object.keys(ACCELERATION_CHUNK_MS) as Acceleration[]).filter((a) => this.sessions.encoders.has(ACCELERATION_CHUNK_MS[a]));
  }

  createStream(options: StreamOptions = {}): NemotronStream {
    if (this.disposed) throw new Error("the Nemotron engine was disposed");
    if (this.streams.size >= this.maxStreams) throw new StreamCapacityError(this.maxStreams);
    const language = this.prompts.resolve(options.language);
    const acceleration = options.acceleration ?? DEFAULT_ACCELERATION;
    const stream = new StreamCore({
      id: this.nextId++,
      graph: this.graphFor(acceleration),
      tokens: this.tokens,
      frontend: this.frontend,
      language,
      acceleration,
      endpointSeconds: options.endpointSeconds ?? this.endpointSeconds,
      maxSegmentSeconds: options.maxSegmentSeconds ?? this.maxSegmentSeconds,
      partials: options.partials ?? true,
      onInput: () => this.schedule(),
      onCancel: (s) => this.streams.delete(s),
    });
    stream.waitingSince = ++this.clock;
    this.streams.add(stream);
    return stream;
  }

  /** Whether some stream has a chunk to decode or is waiting for its final event. */
  get hasWork(): boolean {
    for (const s of this.streams) if (s.exhausted || s.nextChunkLength() !== undefined) return true;
    return false;
  }

  /** One chunk for every stream that has one ready. Steps never overlap. */
  step(): Promise<StepReport> {
    const run = this.stepping.then(() => this.stepNow());
    this.stepping = run.catch(() => undefined);
    return run;
  }

  /** Steps until no stream has a chunk ready (streams still open may get more input later). */
  async drain(): Promise<void> {
    while (this.hasWork) await this.step();
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    for (const s of [...this.streams]) s.cancel();
    await this.running;
    await this.stepping;
  }

  private graphFor(acceleration: Acceleration): EncoderGraph {
    // `acceleration` may come straight from a request: only the table's own keys count.
    const chunkMs = Object.hasOwn(ACCELERATION_CHUNK_MS, acceleration) ? ACCELERATION_CHUNK_MS[acceleration] : undefined;
    if (chunkMs === undefined) {
      throw new UnsupportedAccelerationError(String(acceleration), this.accelerations, "is not one of none, regular, high, full");
    }
    const graph = this.sessions.encoders.get(chunkMs);
    if (!graph) {
      throw new UnsupportedAccelerationError(acceleration, this.accelerations, `needs the ${chunkMs} ms encoder, which this model directory lacks`);
    }
    return graph;
  }

  private async stepNow(): Promise<StepReport> {
    const report: StepReport = { streams: 0, encoderCalls: 0, finished: 0 };
    const groups = new Map<EncoderGraph, StreamCore[]>();
    for (const s of this.streams) {
      if (s.nextChunkLength() !== undefined) {
        const group = groups.get(s.graph) ?? [];
        group.push(s);
        groups.set(s.graph, group);
      }
    }
    for (const [graph, ready] of groups) {
      ready.sort((a, b) => a.waitingSince - b.waitingSince);
      for (let lo = 0; lo < ready.length; lo += this.maxBatch) {
        const batch = ready.slice(lo, lo + this.maxBatch);
        for (const s of batch) s.busy = true;
        try {
          await this.runBatch(graph, batch);
        } catch (error) {
          for (const s of batch) {
            s.fail(`decoding failed: ${(error as Error).message}`);
            this.streams.delete(s);
          }
          throw error;
        } finally {
          for (const s of batch) s.busy = false;
        }
        report.streams += batch.length;
        report.encoderCalls += 1;
        for (const s of batch) s.waitingSince = ++this.clock;
      }
    }
    for (const s of [...this.streams]) {
      if (s.exhausted) {
        s.finish();
        this.streams.delete(s);
        report.finished += 1;
      } else {
        s.wakeIdle();
      }
    }
    this.onStep?.(report);
    return report;
  }

  private async runBatch(graph: EncoderGraph, batch: StreamCore[]): Promise<void> {
    const { info } = graph;
    const b = batch.length;
    const windowSize = info.featureDim * info.window;
    const channelSize = info.layers * info.channelLength * info.dModel;
    const timeSize = info.layers * info.dModel * info.timeLength;
    const features = new Float32Array(b * windowSize);
    const cacheChannel = new Float32Array(b * channelSize);
    const cacheTime = new Float32Array(b * timeSize);
    const lengths: number[] = [];
    batch.forEach((s, i) => {
      s.fillWindow(features, i * windowSize);
      cacheChannel.set(s.cacheChannel, i * channelSize);
      cacheTime.set(s.cacheTime, i * timeSize);
      lengths.push(s.nextChunkLength()!);
    });
    const result = await this.sessions.encode(graph, {
      batch: b,
      features,
      lengths,
      cacheChannel,
      cacheTime,
      cacheChannelLengths: batch.map((s) => s.cacheChannelLength),
      promptIndex: batch.map((s) => s.promptIndex),
    });
    const encodedSize = result.dim * result.frames;
    const items = batch.map((s, i) => {
      s.advance(
        result.cacheChannel.slice(i * channelSize, (i + 1) * channelSize),
        result.cacheTime.slice(i * timeSize, (i + 1) * timeSize),
        result.cacheChannelLengths[i]!,
      );
      const frames = Math.max(0, Math.min(result.encodedLengths[i]!, result.frames));
      return s.greedyItem(result.encoded.subarray(i * encodedSize, (i + 1) * encodedSize), result.frames, frames);
    });
    await greedyDecode(this.sessions, items, this.tokens.blank, MAX_SYMBOLS_PER_FRAME);
    batch.forEach((s, i) => s.afterDecode(items[i]!));
  }

  /** Auto-stepping: one loop at a time, yielding to I/O between steps so input keeps arriving. */
  private schedule(): void {
    if (!this.autoStep || this.looping || this.disposed) return;
    this.looping = true;
    this.running = this.loop().finally(() => {
      this.looping = false;
      // Input that arrived after the loop's last look at the streams.
      if (this.hasWork) this.schedule();
    });
  }

  private async loop(): Promise<void> {
    for (;;) {
      await new Promise((resolve) => setImmediate(resolve));
      if (this.disposed || !this.hasWork) return;
      await this.step().catch(() => undefined); // the affected streams got an error event
    }
  }
}
