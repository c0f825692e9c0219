import "server-only";
import path from "node:path";
import { loadModel, type Audio, type LoadedModel, type ModelCapabilities, type TranscribeOptions, type Transcript } from "@/inference";
import type { ModelView } from "@/lib/catalog";
import { env } from "@/lib/env";
import { UnavailableError } from "@/lib/errors";

/**
 * The API's one door to the engine: what a model accepts, and running it on decoded audio.
 *
 * STOPGAP: this loads models in this process with `loadModel` from inference/. The process-wide engine
 * (lib/engine: worker threads, batching) replaces the two functions' bodies when it lands; nothing
 * else in lib/openai or lib/metering touches the engine.
 */

const globalForEngine = globalThis as typeof globalThis & { gigarouterApiModels?: Map<string, Promise<LoadedModel>> };
const models = (globalForEngine.gigarouterApiModels ??= new Map());

function modelDir(model: ModelView): string {
  const folder = model.serving.weightsDir;
  if (!folder) throw new UnavailableError(`${model.name} has no weights folder configured.`, { code: "model_unavailable" });
  return path.join(env.MODELS_DIR, folder);
}

async function loaded(model: ModelView): Promise<LoadedModel> {
  const dir = modelDir(model);
  let promise = models.get(dir);
  if (!promise) {
    promise = loadModel(dir);
    models.set(dir, promise);
    // A failed load is not cached: the next request tries again (weights may be mid-copy).
    promise.catch(() => models.delete(dir));
  }
  return promise;
}

/** What the served model accepts (its real limits, which may be tighter than the catalog's). */
export async function engineCapabilities(model: ModelView): Promise<ModelCapabilities> {
  return (await loaded(model)).capabilities;
}

/** Transcribes (or translates) decoded 16 kHz audio. */
export async function runEngine(model: ModelView, audio: Audio, options: TranscribeOptions, signal?: AbortSignal): Promise<Transcript> {
  signal?.throwIfAborted();
  return (await loaded(model)).transcribe(audio, options);
}
