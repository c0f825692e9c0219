/**
 * The floor of any worker-thread design, for bench:engine section 1a: a worker that loads the model and
 * transcribes each clip it is sent, with nothing else — no queue, batching, retries or error mapping.
 * Samples go through one SharedArrayBuffer that is reused (one request at a time), the transcript comes
 * back as a structured clone, as the pool's does. Started through inference/engine/ts-worker-boot.mjs
 * (TypeScript sources in a worker thread).
 */
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import { loadModel } from "../../inference/index.js";
import type { Transcript } from "../../inference/types.js";

interface Load {
  dir: string;
  intraOpThreads: number;
  /** Samples of the current request (Float32), up to its capacity. */
  shared: SharedArrayBuffer;
}

export interface BareWorker {
  transcribe(samples: Float32Array): Promise<Transcript>;
  close(): Promise<number>;
}

/** Starts the worker and waits until its model is loaded and warm. */
export async function startBareWorker(dir: string, intraOpThreads: number, maxSamples = 16000 * 30): Promise<BareWorker> {
  const shared = new SharedArrayBuffer(maxSamples * Float32Array.BYTES_PER_ELEMENT);
  const view = new Float32Array(shared);
  const worker = new Worker(new URL("../../inference/engine/ts-worker-boot.mjs", import.meta.url), {
    workerData: { dir, intraOpThreads, shared, bootLoader: "tsx/esm/api", bootEntry: import.meta.url } satisfies Load & Record<string, unknown>,
  });
  await new Promise<void>((resolve, reject) => {
    worker.once("message", () => resolve());
    worker.once("error", reject);
  });
  return {
    transcribe(samples) {
      view.set(samples);
      return new Promise<Transcript>((resolve) => {
        worker.once("message", resolve);
        worker.postMessage(samples.length);
      });
    },
    close: () => worker.terminate(),
  };
}

async function serve(load: Load): Promise<void> {
  const model = await loadModel(load.dir, { intraOpThreads: load.intraOpThreads });
  const samples = new Float32Array(load.shared);
  await model.transcribe({ samples: samples.subarray(0, 16000), sampleRate: 16000 });
  parentPort!.on("message", async (length: number) => {
    parentPort!.postMessage(await model.transcribe({ samples: samples.subarray(0, length), sampleRate: 16000 }));
  });
  parentPort!.postMessage("ready");
}

if (!isMainThread && (workerData as Partial<Load>)?.shared) void serve(workerData as Load);
