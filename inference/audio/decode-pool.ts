/**
 * Worker threads that run the audio decoders, so hostile input can be cut off.
 *
 * A decoder that loops, throws from inside WASM or runs out of memory only ever takes its worker down:
 * the job is answered with a failure (timeout / crashed) and the worker replaced. At most `maxWorkers`
 * decode at once (the rest wait in order; their time limit starts when they start). Idle workers are
 * kept warm (codecs compiled) but unref'd, so they never keep the process alive.
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type { DecodeJob, DecodeReply } from "./decode-worker.mjs";

const WORKER_URL = new URL("./decode-worker.mjs", import.meta.url);

/**
 * timeout: stopped after the time limit; crashed: died while decoding; unavailable: the worker could not
 * even start (e.g. a bundler that did not ship decode-worker.mjs), which says nothing about the audio.
 */
export type PoolFailure = { ok: false; kind: "timeout" | "crashed" | "unavailable"; message: string };

export interface DecodePoolOptions {
  /** Decodes running at once; default: the machine's available parallelism. */
  maxWorkers?: number;
  /** Warm workers kept between jobs; default 2. */
  keepIdle?: number;
  /** Caps each decoder's JS heap (WASM and typed-array memory are outside it); default 1024 MB. */
  heapLimitMb?: number;
  workerUrl?: URL;
}

export class DecodePool {
  private readonly maxWorkers: number;
  private readonly keepIdle: number;
  private readonly heapLimitMb: number;
  private readonly workerUrl: URL;
  private readonly idle: Worker[] = [];
  private readonly waiting: Array<() => void> = [];
  /** Workers whose module loaded (they said "ready"). */
  private readonly started = new WeakSet<Worker>();
  private running = 0;
  private nextId = 1;

  constructor(options: DecodePoolOptions = {}) {
    this.maxWorkers = Math.max(1, options.maxWorkers ?? availableParallelism());
    this.keepIdle = options.keepIdle ?? 2;
    this.heapLimitMb = options.heapLimitMb ?? 1024;
    this.workerUrl = options.workerUrl ?? WORKER_URL;
  }

  /** Decodes in a worker; `job.bytes` is transferred (the caller's copy is detached). */
  async run(job: DecodeJob, timeoutMs: number): Promise<DecodeReply | PoolFailure> {
    // A finishing job hands its slot straight to the next waiter, so a new caller cannot slip in between.
    if (this.running >= this.maxWorkers) await new Promise<void>((wake) => this.waiting.push(wake));
    else this.running++;
    try {
      return await this.runOnWorker(job, timeoutMs);
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }

  /** Stops the idle workers (running jobs finish or time out on their own). */
  async close(): Promise<void> {
    const workers = this.idle.splice(0);
    await Promise.all(workers.map((w) => w.terminate()));
  }

  private runOnWorker(job: DecodeJob, timeoutMs: number): Promise<DecodeReply | PoolFailure> {
    const worker = this.idle.pop() ?? this.spawn();
    worker.ref();
    const id = this.nextId++;
    return new Promise((resolve) => {
      let settled = false;
      const finish = (reply: DecodeReply | PoolFailure, reusable: boolean) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        worker.off("message", onMessage);
        worker.off("error", onError);
        worker.off("exit", onExit);
        if (reusable && this.idle.length < this.keepIdle) {
          worker.unref();
          this.idle.push(worker);
        } else {
          void worker.terminate();
        }
        resolve(reply);
      };
      const onMessage = (reply: DecodeReply & { id: number }) => {
        if (reply.id === id) finish(reply, true);
      };
      const onError = (error: Error) =>
        this.started.has(worker)
          ? finish({ ok: false, kind: "crashed", message: `the decoder crashed: ${error.message}` }, false)
          : finish({ ok: false, kind: "unavailable", message: `the decoder worker did not start: ${error.message}` }, false);
      const onExit = (code: number) =>
        finish({ ok: false, kind: "crashed", message: `the decoder exited (code ${code})` }, false);
      const timer = setTimeout(
        () => finish({ ok: false, kind: "timeout", message: `decoding took longer than ${timeoutMs} ms` }, false),
        timeoutMs,
      );
      worker.on("message", onMessage);
      worker.on("error", onError);
      worker.on("exit", onExit);
      worker.postMessage({ ...job, id }, [job.bytes.buffer as ArrayBuffer]);
    });
  }

  private spawn(): Worker {
    const worker = new Worker(this.workerUrl, {
      workerData: { role: "gigarouter-audio-decoder" },
      resourceLimits: { maxOldGenerationSizeMb: this.heapLimitMb },
    });
    // The worker says "ready" once its module has loaded ('online' fires before that, so it cannot tell
    // a missing or broken worker file from a decoder that crashed on the audio).
    worker.once("message", () => this.started.add(worker));
    return worker;
  }
}
