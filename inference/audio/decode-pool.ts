/**
 * Worker threads that run the audio decoders, so hostile input can be cut off.
 *
 * A decoder that loops, throws from inside WASM or runs out of memory only ever takes its worker down:
 * the job is rejected (timeout / crash) and the worker replaced. Idle workers are kept warm (codecs
 * compiled) but unref'd, so they never keep the process alive.
 */
import { Worker } from "node:worker_threads";
import type { DecodeJob, DecodeReply } from "./decode-worker.mjs";

const WORKER_URL = new URL("./decode-worker.mjs", import.meta.url);

/**
 * timeout: stopped after the time limit; crashed: died while decoding; unavailable: the worker could not
 * even start (e.g. a bundler that did not ship decode-worker.mjs), which says nothing about the audio.
 */
export type PoolFailure = { ok: false; kind: "timeout" | "crashed" | "unavailable"; message: string };

export class DecodePool {
  private readonly idle: Worker[] = [];
  private nextId = 1;

  private readonly started = new WeakSet<Worker>();

  constructor(
    private readonly keepIdle = 2,
    /** Caps the JS heap of a decoder (WASM and typed-array memory are outside it). */
    private readonly heapLimitMb = 1024,
    private readonly workerUrl: URL = WORKER_URL,
  ) {}

  /** Decodes in a worker; `job.bytes` is transferred (the caller's copy is detached). */
  run(job: DecodeJob, timeoutMs: number): Promise<DecodeReply | PoolFailure> {
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

  /** Stops the idle workers (running jobs finish or time out on their own). */
  async close(): Promise<void> {
    const workers = this.idle.splice(0);
    await Promise.all(workers.map((w) => w.terminate()));
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
