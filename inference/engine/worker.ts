/**
 * An engine worker thread: loads one model, then runs the batches the main thread sends, one at a time.
 * `session.run` blocks this thread, never the web server's.
 *
 * A batch that throws is re-run item by item, so an item the model refuses (an option it cannot honour,
 * a runner-level check) fails alone and the others still get their transcripts.
 */
import { parentPort, workerData } from "node:worker_threads";
import { loadModel as engineLoadModel, type LoadedModel, type LoadModelOptions } from "../model.js";
import type { Audio, TranscribeOptions } from "../types.js";
import { serializeError } from "./errors.js";
import type { FromWorker, ItemOutcome, ToWorker, WorkerLoad } from "./protocol.js";
import { warmupClip } from "./warmup.js";

type LoadModel = (dir: string, options?: LoadModelOptions) => Promise<LoadedModel>;

const port = parentPort;
if (!port) throw new Error("inference/engine/worker.ts runs only as a worker thread");
const load = workerData as WorkerLoad;
const send = (message: FromWorker): void => port.postMessage(message);

async function loaderFor(spec: WorkerLoad): Promise<LoadModel> {
  if (!spec.loaderModule) return engineLoadModel;
  const module = (await import(/* webpackIgnore: true */ /* turbopackIgnore: true */ spec.loaderModule)) as { loadModel: LoadModel };
  return module.loadModel;
}

async function runBatch(model: LoadedModel, samples: Float32Array[], options: TranscribeOptions[]): Promise<ItemOutcome[]> {
  const audio: Audio[] = samples.map((s) => ({ samples: s, sampleRate: 16000 }));
  try {
    const transcripts = await model.transcribeBatch(audio, options);
    return transcripts.map((transcript) => ({ ok: true, transcript }));
  } catch (error) {
    if (audio.length === 1) return [{ ok: false, error: serializeError(error) }];
  }
  const outcomes: ItemOutcome[] = [];
  for (let i = 0; i < audio.length; i++) {
    try {
      outcomes.push({ ok: true, transcript: await model.transcribe(audio[i]!, options[i]) });
    } catch (error) {
      outcomes.push({ ok: false, error: serializeError(error) });
    }
  }
  return outcomes;
}

async function main(): Promise<void> {
  let model: LoadedModel;
  try {
    const loadModel = await loaderFor(load);
    model = await loadModel(load.dir, {
      ...(load.provider ? { provider: load.provider } : {}),
      ...(load.intraOpThreads ? { intraOpThreads: load.intraOpThreads } : {}),
      ...(load.manifest ? { manifest: load.manifest } : {}),
    });
    await model.transcribe(warmupClip());
  } catch (error) {
    send({ type: "load_failed", error: serializeError(error) });
    return;
  }
  send({
    type: "ready",
    model: { dir: model.dir, manifest: model.manifest, provider: model.provider, capabilities: model.capabilities },
  });

  // Messages are handled strictly in order: a batch finishes before the next starts or the model closes.
  let queue = Promise.resolve();
  port!.on("message", (message: ToWorker) => {
    queue = queue.then(async () => {
      if (message.type === "close") {
        await model.dispose();
        send({ type: "closed" });
        port!.close();
        return;
      }
      const started = performance.now();
      const outcomes = await runBatch(model, message.samples, message.options);
      send({ type: "done", batch: message.batch, outcomes, runMs: performance.now() - started });
    });
  });
}

void main();
