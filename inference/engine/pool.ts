/**
 * A model served from worker threads, with a dynamic batcher in front.
 *
 *   requests ──► BatchQueue (length buckets) ──► idle worker ──► transcribeBatch ──► results routed back
 *
 * Each worker loads its own copy of the model and runs one batch at a time, so `session.run` never blocks
 * the caller's event loop. Requests that arrive together are grouped: a batch leaves as soon as it is full
 * (`maxBatchSize`), or when requests stop arriving (no new one for `quietMs`), and never later than
 * `maxWaitMs` after its oldest request arrived. A lone request with nothing else in flight does not wait at
 * all, so sequential callers pay no batching delay. When several workers are idle, the waiting requests are
 * spread over them instead of all going to one.
 *
 * Samples cross to the workers in SharedArrayBuffers (reused from request to request, sample-buffers.ts):
 * nothing is copied on the way, and the main thread still holds them, so when a worker dies mid-batch (a
 * native crash, out of memory) each request of that batch is retried once, alone, on the replacement
 * worker; only the request that crashes alone fails (`EngineUnavailableError` "worker_crashed"). A batch
 * the model refuses is re-run item by item in the worker, so a request with, say, an option the model
 * cannot honour fails alone too.
 *
 * Idle workers are unref'd: a pool that is not working never keeps the process alive. `close()` lets
 * running batches finish, disposes the models and ends the threads.
 */
import { resolve } from "node:path";
import type { Worker } from "node:worker_threads";
import { decodeAudio, DEFAULT_MAX_DURATION_SECONDS, type DecodeOptions } from "../audio/decode.js";
import { AudioDecodeError, TranscribeError } from "../errors.js";
import type { AudioInput } from "../model.js";
import type { ModelManifest, ModelManifestInput } from "../models/manifest.js";
import type { ExecutionProvider, ModelCapabilities, TranscribeOptions, Transcript } from "../types.js";
import { BatchQueue, type Queued } from "./batch-queue.js";
import { deserializeError, EngineUnavailableError } from "./errors.js";
import type { FromWorker, ItemOutcome, ModelDescription, ToWorker, WorkerLoad } from "./protocol.js";
import { SampleBuffers } from "./sample-buffers.js";
import { startWorker } from "./spawn.js";

const SAMPLE_RATE = 16000;

export interface ModelPoolOptions {
  /** Preferred execution provider; CUDA falls back to CPU when its libraries are absent. Default CPU. */
  provider?: ExecutionProvider;
  /** Worker threads, each with its own copy of the model. Default 1. */
  workers?: number;
  /** onnxruntime intra-op threads per session in each worker (default: onnxruntime's choice). */
  intraOpThreads?: number;
  /** Use this manifest instead of the directory's gigarouter.json or layout detection. */
  manifest?: ModelManifestInput;
  /** Most requests in one model batch. Default 16. */
  maxBatchSize?: number;
  /** Longest a request waits for others to join its batch, in ms. Default 5. */
  maxWaitMs?: number;
  /** A forming batch leaves once no request has arrived for this long, in ms. Default 1. */
  quietMs?: number;
  /** Most requests waiting for a worker; beyond it requests fail fast with "overloaded". Default 1024. */
  maxQueue?: number;
  /** Replaces the engine's loadModel inside the workers (a module URL exporting `loadModel`); for tests. */
  loaderModule?: string;
  /** Called after every batch, e.g. for metrics. */
  onBatch?: (batch: BatchInfo) => void;
}

export interface BatchInfo {
  size: number;
  /** Seconds of audio in the batch. */
  audioSeconds: number;
  /** Its longest clip, s: the model runs size x this (padding = 1 - audioSeconds / (size x longestSeconds)). */
  longestSeconds: number;
  /** How long its oldest request waited before the batch left, ms. */
  waitedMs: number;
  /** Time inside the worker (preprocess, session.run, postprocess), ms. */
  runMs: number;
}

export interface PoolStats {
  provider: ExecutionProvider;
  workers: { ready: number; starting: number; busy: number };
  /** Requests waiting for a worker. */
  queued: number;
  /** Requests inside a running batch. */
  running: number;
  batches: number;
  items: number;
  /** Batch size -> how many batches had it. */
  batchSizes: Record<number, number>;
  /** Workers that died while the pool was open. */
  crashes: number;
}

export interface RequestOptions {
  /** Gives up on the request: it leaves the queue, or its result is dropped when already running. */
  signal?: AbortSignal;
  /** How encoded input is decoded (limits, channel). */
  decode?: DecodeOptions;
}

/**
 * One request, from arrival until its caller has the answer. A class rather than closures: this runs for
 * every request, and the fewer objects each one allocates the less the pool costs next to the model.
 */
class Pending implements Queued {
  solo = false;
  settled = false;
  /** Its shared samples went back to the pool's buffers. */
  released = false;
  onAbort: (() => void) | undefined;

  constructor(
    /** A view of pooled shared memory (SampleBuffers). */
    readonly samples: Float32Array,
    readonly seconds: number,
    readonly options: TranscribeOptions,
    /** Requests were already outstanding when this one arrived: traffic is concurrent. */
    readonly overlapped: boolean,
    readonly queuedAt: number,
    private readonly signal: AbortSignal | undefined,
    private readonly onResolve: (transcript: Transcript) => void,
    private readonly onReject: (error: unknown) => void,
  ) {}

  resolve(transcript: Transcript): void {
    if (this.settle()) this.onResolve(transcript);
  }

  reject(error: unknown): void {
    if (this.settle()) this.onReject(error);
  }

  private settle(): boolean {
    if (this.settled) return false;
    this.settled = true;
    if (this.onAbort) this.signal?.removeEventListener("abort", this.onAbort);
    return true;
  }
}

interface Batch {
  id: number;
  items: Pending[];
  waitedMs: number;
}

interface Slot {
  worker: Worker;
  busy?: Batch;
  closing: boolean;
  /** The last uncaught error in the worker, to explain its exit. */
  lastError?: Error;
}

/** Loads the model in `options.workers` worker threads (each also runs it once, on faint noise, to warm up). */
export async function openModelPool(dir: string, options: ModelPoolOptions = {}): Promise<ModelPool> {
  const pool = new ModelPool(resolve(dir), options);
  await pool.start();
  return pool;
}

export class ModelPool {
  private readonly load: WorkerLoad;
  private readonly workerCount: number;
  private readonly maxBatchSize: number;
  private readonly maxWaitMs: number;
  private readonly quietMs: number;
  private readonly maxQueue: number;
  private readonly onBatch: ((batch: BatchInfo) => void) | undefined;

  private readonly queue = new BatchQueue<Pending>();
  private readonly buffers = new SampleBuffers();
  private readonly slots = new Set<Slot>();
  private starting = 0;
  private description: ModelDescription | undefined;
  private closed = false;
  private pumpScheduled = false;
  private timer: NodeJS.Timeout | undefined;
  private lastArrival = -Infinity;
  private outstanding = 0;
  private nextBatch = 1;
  private readonly counters = { batches: 0, items: 0, crashes: 0, batchSizes: {} as Record<number, number> };

  constructor(dir: string, options: ModelPoolOptions) {
    this.load = {
      role: "gigarouter-engine-worker",
      dir,
      ...(options.provider ? { provider: options.provider } : {}),
      ...(options.intraOpThreads ? { intraOpThreads: options.intraOpThreads } : {}),
      ...(options.manifest ? { manifest: options.manifest } : {}),
      ...(options.loaderModule ? { loaderModule: options.loaderModule } : {}),
    };
    this.workerCount = Math.max(1, Math.floor(options.workers ?? 1));
    this.maxBatchSize = Math.max(1, Math.floor(options.maxBatchSize ?? 16));
    this.maxWaitMs = Math.max(0, options.maxWaitMs ?? 5);
    this.quietMs = Math.min(this.maxWaitMs, Math.max(0, options.quietMs ?? 1));
    this.maxQueue = Math.max(1, options.maxQueue ?? 1024);
    this.onBatch = options.onBatch;
  }

  get dir(): string {
    return this.model.dir;
  }
  get manifest(): ModelManifest {
    return this.model.manifest;
  }
  /** The provider that actually runs the model. */
  get provider(): ExecutionProvider {
    return this.model.provider;
  }
  get capabilities(): ModelCapabilities {
    return this.model.capabilities;
  }

  private get model(): ModelDescription {
    if (!this.description) throw new Error("the model pool has not started");
    return this.description;
  }

  /** Starts every worker; resolves once all have loaded or failed, rejecting only when none could load. */
  async start(): Promise<void> {
    const failures = await Promise.all(Array.from({ length: this.workerCount }, () => this.addWorker()));
    if (this.slots.size > 0) return;
    await this.close();
    throw failures.find((failure) => failure) ?? new EngineUnavailableError("worker_unavailable", "no engine worker started");
  }

  /**
   * Transcribes one clip: encoded bytes (decoded in the decoder workers) or 16 kHz mono samples (copied;
   * the caller's array stays usable).
   */
  async transcribe(input: AudioInput, options: TranscribeOptions = {}, request: RequestOptions = {}): Promise<Transcript> {
    const { signal } = request;
    this.assertOpen();
    signal?.throwIfAborted();
    const decoded = this.toSamples(input, request.decode);
    // Decoded audio needs no trip through the microtask queue; only encoded bytes are awaited.
    const samples = decoded instanceof Float32Array ? decoded : await decoded;
    signal?.throwIfAborted();
    this.assertOpen();
    const seconds = samples.length / SAMPLE_RATE;
    const maxSeconds = this.capabilities.maxAudioSeconds;
    if (seconds > maxSeconds) throw tooLong(this.manifest.runner, maxSeconds, seconds);
    if (this.queue.size >= this.maxQueue) {
      throw new EngineUnavailableError("overloaded", `${this.queue.size} requests are already waiting for this model; try again shortly`);
    }

    return new Promise<Transcript>((resolvePromise, rejectPromise) => {
      const now = performance.now();
      const shared = this.buffers.copy(samples);
      const pending = new Pending(shared, seconds, options, this.outstanding > 0, now, signal, resolvePromise, rejectPromise);
      if (signal) {
        pending.onAbort = () => {
          if (this.queue.remove(pending)) {
            this.outstanding--;
            this.release(pending);
          }
          pending.reject(signal.reason);
        };
        signal.addEventListener("abort", pending.onAbort, { once: true });
      }
      this.lastArrival = now;
      this.outstanding++;
      this.queue.push(pending);
      if (this.slots.size === 0 && this.starting === 0) void this.addWorker();
      this.schedulePump();
    });
  }

  stats(): PoolStats {
    const slots = [...this.slots];
    const busy = slots.filter((s) => s.busy);
    return {
      provider: this.description?.provider ?? this.load.provider ?? "cpu",
      workers: { ready: slots.length, starting: this.starting, busy: busy.length },
      queued: this.queue.size,
      running: busy.reduce((n, s) => n + s.busy!.items.filter((i) => !i.settled).length, 0),
      batches: this.counters.batches,
      items: this.counters.items,
      batchSizes: { ...this.counters.batchSizes },
      crashes: this.counters.crashes,
    };
  }

  /** Rejects waiting requests, lets running batches finish, disposes the models and ends the threads. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.timer);
    for (const pending of this.queue.drain()) {
      this.outstanding--;
      this.release(pending);
      pending.reject(new EngineUnavailableError("shut_down", "the engine was shut down before this request ran"));
    }
    await Promise.all([...this.slots].map((slot) => this.stopSlot(slot)));
  }

  // --- workers -------------------------------------------------------------------------------------

  /** Starts one worker; resolves with the reason when it could not load, undefined once it is ready. */
  private async addWorker(): Promise<Error | undefined> {
    this.starting++;
    const started = await startWorker(this.load);
    this.starting--;
    let failure: Error | undefined;
    if ("error" in started) {
      failure = new EngineUnavailableError("worker_unavailable", `the engine worker could not start: ${started.error.message}`, {
        cause: started.error,
      });
    } else {
      const message = started.message as FromWorker;
      if (message.type === "ready" && !this.closed) {
        this.description ??= message.model;
        this.attach(started.worker);
        this.schedulePump();
        return undefined;
      }
      void started.worker.terminate();
      failure =
        message.type === "load_failed"
          ? deserializeError(message.error)
          : new EngineUnavailableError("shut_down", "the engine was shut down while a worker was starting");
    }
    // Nothing can serve the waiting requests: tell them why rather than let them wait forever.
    if (this.slots.size === 0 && this.starting === 0) {
      for (const pending of this.queue.drain()) {
        this.outstanding--;
        this.release(pending);
        pending.reject(
          failure instanceof EngineUnavailableError
            ? failure
            : new EngineUnavailableError("worker_unavailable", `the model could not be loaded: ${failure.message}`, { cause: failure }),
        );
      }
    }
    return failure;
  }

  private attach(worker: Worker): void {
    const slot: Slot = { worker, closing: false };
    this.slots.add(slot);
    worker.on("message", (message: FromWorker) => {
      if (message.type === "done") this.finishBatch(slot, message.outcomes, message.runMs);
    });
    worker.on("error", (error) => {
      slot.lastError = error;
    });
    worker.on("exit", (code) => this.onExit(slot, code));
    // After the listeners: adding a "message" listener refs the worker's port again.
    worker.unref();
  }

  private onExit(slot: Slot, code: number): void {
    this.slots.delete(slot);
    if (slot.closing) return;
    this.counters.crashes++;
    const batch = slot.busy;
    slot.busy = undefined;
    if (batch) {
      const reason = slot.lastError ? `: ${slot.lastError.message}` : ` (exit code ${code})`;
      const unsettled = batch.items.filter((item) => !item.settled);
      this.outstanding -= batch.items.length - unsettled.length;
      // The dead worker reads nothing any more; requests already given up free their samples now.
      for (const item of batch.items) if (item.settled) this.release(item);
      if (batch.items.length > 1) {
        // Which request killed it is unknown: each gets one more try, alone, ahead of newer requests.
        for (const item of unsettled) item.solo = true;
        this.queue.unshift(...unsettled);
      } else {
        for (const item of unsettled) {
          this.outstanding--;
          this.release(item);
          item.reject(new EngineUnavailableError("worker_crashed", `the engine worker died while running this request${reason}`, { cause: slot.lastError }));
        }
      }
    }
    if (!this.closed) void this.addWorker();
  }

  private async stopSlot(slot: Slot): Promise<void> {
    slot.closing = true;
    const exited = new Promise<void>((done) => slot.worker.once("exit", () => done()));
    slot.worker.ref();
    slot.worker.postMessage({ type: "close" } satisfies ToWorker);
    // A worker stuck in a batch (or in native code) is not waited for forever.
    const timeout = new Promise<"timeout">((done) => setTimeout(() => done("timeout"), 30_000).unref());
    if ((await Promise.race([exited, timeout])) === "timeout") await slot.worker.terminate();
  }

  // --- batching ------------------------------------------------------------------------------------

  private schedulePump(): void {
    if (this.pumpScheduled || this.closed) return;
    this.pumpScheduled = true;
    // After the microtasks already queued, so requests submitted together (a Promise.all, the callers a
    // finished batch resumes) are all in the queue before the first batch is cut; a macrotask
    // (setImmediate) would cost a lone request a trip round the event loop.
    queueMicrotask(() => {
      this.pumpScheduled = false;
      this.pump();
    });
  }

  private pump(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.closed) return;
    for (;;) {
      const idle: Slot[] = [];
      for (const slot of this.slots) if (!slot.busy && !slot.closing) idle.push(slot);
      const lead = this.queue.oldest;
      if (idle.length === 0 || !lead) return;
      const available = this.queue.available();
      const now = performance.now();
      const sendAt = this.sendTime(lead, available);
      if (sendAt > now) {
        this.timer = setTimeout(() => this.pump(), sendAt - now);
        return;
      }
      // Spread what is waiting over the idle workers rather than queueing it all on one.
      const size = Math.min(this.maxBatchSize, Math.ceil(available / idle.length));
      this.dispatch(idle[0]!, this.queue.take(size), now);
    }
  }

  /** When the batch led by `lead` should leave (performance.now() time; ≤ now means right away). */
  private sendTime(lead: Pending, available: number): number {
    if (lead.solo || available >= this.maxBatchSize) return 0;
    let busy = false;
    for (const slot of this.slots) busy ||= slot.busy !== undefined;
    const concurrent = busy || lead.overlapped || available > 1;
    // A lone request with nothing else going on: nobody to wait for.
    if (!concurrent) return 0;
    return Math.min(lead.queuedAt + this.maxWaitMs, this.lastArrival + this.quietMs);
  }

  private dispatch(slot: Slot, items: Pending[], now: number): void {
    const batch: Batch = { id: this.nextBatch++, items, waitedMs: now - items[0]!.queuedAt };
    slot.busy = batch;
    slot.worker.ref();
    const message: ToWorker = {
      type: "run",
      batch: batch.id,
      samples: items.map((item) => item.samples),
      options: items.map((item) => item.options),
    };
    slot.worker.postMessage(message);
  }

  private finishBatch(slot: Slot, outcomes: ItemOutcome[], runMs: number): void {
    const batch = slot.busy;
    if (!batch) return;
    slot.busy = undefined;
    if (!slot.closing) slot.worker.unref();
    const size = batch.items.length;
    this.counters.batches++;
    this.counters.items += size;
    this.counters.batchSizes[size] = (this.counters.batchSizes[size] ?? 0) + 1;
    batch.items.forEach((item, index) => {
      this.outstanding--;
      // The worker has finished the batch: its samples are free for the next requests.
      this.release(item);
      const outcome = outcomes[index];
      if (!outcome) item.reject(new Error(`the engine worker returned ${outcomes.length} results for ${size} requests`));
      else if (outcome.ok) item.resolve(outcome.transcript);
      else item.reject(deserializeError(outcome.error));
    });
    this.onBatch?.({
      size,
      audioSeconds: batch.items.reduce((s, item) => s + item.seconds, 0),
      longestSeconds: batch.items.reduce((s, item) => Math.max(s, item.seconds), 0),
      waitedMs: batch.waitedMs,
      runMs,
    });
    this.schedulePump();
  }

  // --- input ---------------------------------------------------------------------------------------

  /** The request's samples: decoded audio as is, encoded bytes through the decoder workers. */
  private toSamples(input: AudioInput, decode: DecodeOptions | undefined): Float32Array | Promise<Float32Array> {
    if (input instanceof Uint8Array || input instanceof ArrayBuffer) return this.decode(input, decode);
    if (!(input.samples instanceof Float32Array) || input.sampleRate !== SAMPLE_RATE) {
      throw new TypeError("Audio must be 16 kHz mono Float32Array samples; pass encoded bytes to have them decoded");
    }
    return input.samples;
  }

  private async decode(input: Uint8Array | ArrayBuffer, decode: DecodeOptions | undefined): Promise<Float32Array> {
    const maxSeconds = this.capabilities.maxAudioSeconds;
    const requested = decode?.maxDurationSeconds ?? DEFAULT_MAX_DURATION_SECONDS;
    try {
      return (await decodeAudio(input, { ...decode, maxDurationSeconds: Math.min(requested, maxSeconds) })).samples;
    } catch (error) {
      // The model's own limit is the one that bit: say so in the model's terms.
      if (error instanceof AudioDecodeError && error.code === "too_long" && maxSeconds < requested) {
        throw tooLong(this.manifest.runner, maxSeconds, undefined, error);
      }
      throw error;
    }
  }

  /** Once no worker can read a request's samples any more, they go back to the shared buffers. */
  private release(item: Pending): void {
    if (item.released) return;
    item.released = true;
    this.buffers.release(item.samples);
  }

  private assertOpen(): void {
    if (this.closed) throw new EngineUnavailableError("shut_down", "the engine has been shut down");
  }
}

function tooLong(runner: string, maxSeconds: number, seconds: number | undefined, cause?: unknown): TranscribeError {
  const got = seconds === undefined ? "" : ` (got ${seconds.toFixed(1)} s)`;
  return new TranscribeError("audio_too_long", `${runner} accepts at most ${maxSeconds} s of audio${got}`, { cause });
}
