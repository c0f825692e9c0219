/**
 * A streaming model served from a worker thread: the same `StreamingModel` interface the realtime layer
 * uses for in-process and upstream models, with the runner and every `session.run` in the worker
 * (stream-worker.ts), so decoding never blocks the caller's event loop.
 *
 *   const model = await openStreamWorker(dir, { maxStreams: 64 });
 *   const stream = model.createStream({ acceleration: "regular" });
 *   stream.onEvent(...); stream.push(samples); await stream.close();
 *   await model.close();
 *
 * One worker per model keeps the runner's batching across streams. Audio is copied once into a buffer
 * that is transferred, so callers may reuse theirs. `pendingSeconds` comes from the decoded seconds the
 * worker reports after each engine step. If the worker dies (a native crash, out of memory), each live
 * stream gets an error event and `exited` resolves; callers open a new worker for new streams.
 */
import type { Worker } from "node:worker_threads";
import type { ExecutionProvider } from "../types.js";
import type { CreateStreamOptions, StreamEvent, StreamingModel, StreamingSession } from "../upstream/kyutai/stream-types.js";
import { deserializeError, EngineUnavailableError } from "./errors.js";
import { startWorker } from "./spawn.js";
import type { FromStreamWorker, StreamWorkerLoad, ToStreamWorker, WireStreamEvent } from "./stream-protocol.js";

const SAMPLE_RATE = 16000;

export interface StreamWorkerOptions {
  /** Preferred execution provider; CUDA falls back to CPU when its libraries are absent. Default CPU. */
  provider?: ExecutionProvider;
  /** onnxruntime intra-op threads per session (default: onnxruntime's choice). */
  intraOpThreads?: number;
  /** Streams open at once beyond this are refused with code "busy". Default: no limit. */
  maxStreams?: number;
  /** Replaces the runner factory inside the worker (a module URL exporting `createNemotronRunner`); for tests. */
  loaderModule?: string;
  /** Passed to `loaderModule`'s factory (e.g. a SharedArrayBuffer the test controls). */
  hookData?: unknown;
}

export interface StreamWorker extends StreamingModel {
  /** The provider that actually runs the model. */
  readonly provider: ExecutionProvider;
  /** Resolves once the worker thread has ended: closed, or died (its live streams got an error event). */
  readonly exited: Promise<void>;
  /** Ends every stream at once, disposes the model and ends the thread. */
  close(): Promise<void>;
}

/** Starts a worker that loads the streaming model in `dir`; rejects with the load error if it cannot. */
export async function openStreamWorker(dir: string, options: StreamWorkerOptions = {}): Promise<StreamWorker> {
  const load: StreamWorkerLoad = {
    role: "gigarouter-stream-worker",
    dir,
    ...(options.provider ? { provider: options.provider } : {}),
    ...(options.intraOpThreads ? { intraOpThreads: options.intraOpThreads } : {}),
    ...(options.maxStreams ? { maxStreams: options.maxStreams } : {}),
    ...(options.loaderModule ? { loaderModule: options.loaderModule } : {}),
    ...(options.hookData !== undefined ? { hookData: options.hookData } : {}),
  };
  const started = await startWorker(load);
  if ("error" in started) {
    throw new EngineUnavailableError("worker_unavailable", `the stream worker could not start: ${started.error.message}`, { cause: started.error });
  }
  const message = started.message as FromStreamWorker;
  if (message.type !== "ready") {
    void started.worker.terminate();
    throw message.type === "load_failed" ? deserializeError(message.error) : new EngineUnavailableError("worker_unavailable", "the stream worker did not start");
  }
  return new WorkerStreams(started.worker, message.provider, message.latencyMs);
}

class WorkerStreams implements StreamWorker {
  readonly exited: Promise<void>;
  private readonly streams = new Map<number, RemoteStream>();
  private nextId = 1;
  private ended: Error | undefined;
  private closing: Promise<void> | undefined;

  constructor(
    private readonly worker: Worker,
    readonly provider: ExecutionProvider,
    readonly latencyMs: number,
  ) {
    let lastError: Error | undefined;
    worker.on("message", (message: FromStreamWorker) => this.receive(message));
    worker.on("error", (error) => {
      lastError = error;
    });
    this.exited = new Promise((resolve) => {
      worker.once("exit", (code) => {
        const why = lastError ? lastError.message : `exit code ${code}`;
        this.ended ??= new EngineUnavailableError("worker_crashed", `the stream worker stopped (${why})`);
        for (const stream of this.streams.values()) stream.lost(this.ended);
        this.streams.clear();
        resolve();
      });
    });
    // After the listeners, which ref the port again: live streams keep their own sockets open.
    worker.unref();
  }

  createStream(options: CreateStreamOptions = {}): StreamingSession {
    const id = this.nextId++;
    const stream = new RemoteStream(id, (message, transfer) => this.worker.postMessage(message, transfer), () => this.streams.delete(id));
    if (this.ended || this.closing) {
      stream.lost(this.ended ?? new EngineUnavailableError("shut_down", "the stream worker is closing"));
      return stream;
    }
    this.streams.set(id, stream);
    this.post({ type: "open", stream: id, options });
    return stream;
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      this.ended ??= new EngineUnavailableError("shut_down", "the stream worker was closed");
      this.post({ type: "shutdown" });
      const timeout = new Promise<"timeout">((done) => setTimeout(() => done("timeout"), 30_000).unref());
      if ((await Promise.race([this.exited, timeout])) === "timeout") await this.worker.terminate();
    })();
    return this.closing;
  }

  private post(message: ToStreamWorker): void {
    this.worker.postMessage(message);
  }

  private receive(message: FromStreamWorker): void {
    switch (message.type) {
      case "progress":
        for (const [id, seconds] of message.decoded) this.streams.get(id)?.decodedTo(seconds);
        return;
      case "opened":
      case "refused":
      case "event":
      case "flushed":
      case "closed":
        this.streams.get(message.stream)?.receive(message);
        return;
    }
  }
}

type Post = (message: ToStreamWorker, transfer?: ArrayBuffer[]) => void;
type StreamMessage = Extract<FromStreamWorker, { stream: number }>;

/** The main thread's side of one stream: what the caller sees, backed by messages to the worker. */
class RemoteStream implements StreamingSession {
  readonly ready: Promise<void>;
  private answerReady!: { resolve: () => void; reject: (error: Error) => void };
  private readonly listeners = new Set<(event: StreamEvent) => void>();
  private readonly flushes = new Map<number, () => void>();
  private nextFlush = 1;
  private pushed = 0;
  private decoded = 0;
  /** No more input is taken (closing, aborted, failed). */
  private ended = false;
  /** The worker is done with the stream: nothing more will come. */
  private done = false;
  private closed: Promise<void> | undefined;
  private answerClose: (() => void) | undefined;

  constructor(
    private readonly id: number,
    private readonly post: Post,
    private readonly release: () => void,
  ) {
    this.ready = new Promise((resolve, reject) => {
      this.answerReady = { resolve, reject };
    });
    this.ready.catch(() => undefined);
  }

  onEvent(listener: (event: StreamEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  push(samples: Float32Array): void {
    if (this.ended) return;
    this.pushed += samples.length;
    const copy = samples.slice();
    this.post({ type: "push", stream: this.id, samples: copy }, [copy.buffer]);
  }

  pendingSeconds(): number {
    return Math.max(0, this.pushed / SAMPLE_RATE - this.decoded);
  }

  pushedSeconds(): number {
    return this.pushed / SAMPLE_RATE;
  }

  flush(): Promise<void> {
    if (this.done) return Promise.resolve();
    const request = this.nextFlush++;
    return new Promise((resolve) => {
      this.flushes.set(request, resolve);
      this.post({ type: "flush", stream: this.id, request });
    });
  }

  close(): Promise<void> {
    this.closed ??= this.done
      ? Promise.resolve()
      : new Promise((resolve) => {
          this.ended = true;
          this.answerClose = resolve;
          this.post({ type: "close", stream: this.id });
        });
    return this.closed;
  }

  abort(): void {
    if (this.done) return;
    this.post({ type: "abort", stream: this.id });
    this.finish();
  }

  decodedTo(seconds: number): void {
    this.decoded = seconds;
  }

  receive(message: StreamMessage): void {
    switch (message.type) {
      case "opened":
        this.answerReady.resolve();
        return;
      case "refused":
        this.answerReady.reject(deserializeError(message.error));
        this.finish();
        return;
      case "event":
        if (message.event.type === "error") this.ended = true;
        this.emit(fromWire(message.event));
        return;
      case "flushed":
        this.flushes.get(message.request)?.();
        this.flushes.delete(message.request);
        return;
      case "closed":
        this.finish();
        return;
    }
  }

  /** The worker is gone: the stream fails as a model failure would, and every waiter is answered. */
  lost(error: Error): void {
    if (this.done) return;
    this.answerReady.reject(error);
    this.emit({ type: "error", error: Object.assign(new Error(error.message), { code: "model_failed" }) });
    this.finish();
  }

  private emit(event: StreamEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  private finish(): void {
    this.ended = true;
    this.done = true;
    this.release();
    for (const answer of this.flushes.values()) answer();
    this.flushes.clear();
    this.answerClose?.();
  }
}

function fromWire(event: WireStreamEvent): StreamEvent {
  if (event.type !== "error") return event;
  const error = deserializeError(event.error) as Error & { code?: string };
  return { type: "error", error: Object.assign(error, { code: error.code ?? "model_failed" }) };
}
