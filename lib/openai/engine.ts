import "server-only";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { Audio, DecodedAudio, DecodeOptions, LoadedModel, ModelCapabilities, TranscribeOptions, Transcript } from "@/inference";
import type { ModelView } from "@/lib/catalog";
import { env } from "@/lib/env";
import { UnavailableError } from "@/lib/errors";

/**
 * The API's one door to the engine: decoding, what a model accepts, and running it.
 *
 * STOPGAP until the process-wide engine (lib/engine: worker threads, batching) lands; then these three
 * functions delegate to it and nothing else changes. Two things make this stopgap look the way it does:
 *
 * - inference/ is written as Node ESM TypeScript (`import "./audio/decode.js"` for decode.ts), which
 *   Turbopack in Next 16.4 cannot resolve (no extension substitution, no `extensionAlias`). So the engine
 *   is not bundled: it is imported at run time from its sources through tsx's loader, like the engine's
 *   own worker threads boot (inference/engine/ts-worker-boot.mjs). The specifiers are variables, so the
 *   bundler has nothing to follow.
 * - Models load in this process with `loadModel`, one instance per model folder, kept across requests.
 */

type Inference = typeof import("@/inference");

const globalForEngine = globalThis as typeof globalThis & {
  gigarouterInference?: Promise<Inference>;
  gigarouterApiModels?: Map<string, Promise<LoadedModel>>;
};
const models = (globalForEngine.gigarouterApiModels ??= new Map());

function inference(): Promise<Inference> {
  globalForEngine.gigarouterInference ??= (async () => {
    const loader: string = "tsx/esm/api";
    const { register } = (await import(/* webpackIgnore: true */ /* turbopackIgnore: true */ loader)) as { register: () => unknown };
    register();
    const entry = pathToFileURL(path.join(process.cwd(), "inference", "index.ts")).href;
    return (await import(/* webpackIgnore: true */ /* turbopackIgnore: true */ entry)) as Inference;
  })();
  return globalForEngine.gigarouterInference;
}

function modelDir(model: ModelView): string {
  const folder = model.serving.weightsDir;
  if (!folder) throw new UnavailableError(`${model.name} has no weights folder configured.`, { code: "model_unavailable" });
  return path.join(env.MODELS_DIR, folder);
}

async function loaded(model: ModelView): Promise<LoadedModel> {
  const dir = modelDir(model);
  let promise = models.get(dir);
  if (!promise) {
    promise = inference().then((engine) => engine.loadModel(dir));
    models.set(dir, promise);
    // A failed load is not cached: the next request tries again (weights may be mid-copy).
    promise.catch(() => models.delete(dir));
  }
  return promise;
}

/** Encoded audio -> 16 kHz mono samples with their duration, or a typed AudioDecodeError. */
export async function decodeForEngine(bytes: Uint8Array, options: DecodeOptions): Promise<DecodedAudio> {
  return (await inference()).decodeAudio(bytes, options);
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
