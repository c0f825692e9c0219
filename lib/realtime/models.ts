import "server-only";
import type { StreamingModel } from "@/inference";
import { findModel } from "@/lib/catalog";
import type { CatalogModel } from "@/lib/catalog/types";
import { loadEngineModule, loadInference } from "@/lib/engine/runtime";
import { env } from "@/lib/env";
import { NotFoundError } from "@/lib/errors";

/**
 * Which catalog models can stream, and the StreamingModel that serves each (both offer the same
 * per-stream interface, so sessions treat them alike):
 * - Kyutai through moshi-server, when KYUTAI_URL is set;
 * - Nemotron's cache-aware runner, when its weights are present (registered, or in MODELS_DIR), in a
 *   worker thread of its own per model: its streams are batched across sessions there, and its
 *   `session.run` calls never hold up this process's sockets. A worker that dies fails its streams
 *   (model_unavailable, nothing charged) and the next session starts a new one.
 * The engine is loaded at run time, one copy per process, as lib/engine does (lib/engine/runtime.ts).
 */

export type StreamingModels = (model: CatalogModel) => Promise<StreamingModel | null> | StreamingModel | null;

interface Loaded {
  key: string;
  model: Promise<StreamingModel>;
}

const globalForStreaming = globalThis as typeof globalThis & { gigarouterStreamingModels?: Map<string, Loaded> };
const loaded = (globalForStreaming.gigarouterStreamingModels ??= new Map());

/** The streaming models this server's settings make available. */
export const configuredStreamingModels: StreamingModels = async (model) => {
  if (model.serving.runner === "kyutai-upstream" && env.KYUTAI_URL) {
    const url = env.KYUTAI_URL;
    return once(model.id, url, async () => {
      const { createKyutaiModel } = await loadInference();
      return createKyutaiModel({ url, apiKey: env.KYUTAI_API_KEY });
    });
  }
  if (model.serving.runner === "nemotron-streaming") {
    // Imported here: lib/engine/engine.ts imports this module (files of upstream models).
    const { modelSource } = await import("@/lib/engine/engine");
    const source = modelSource(model);
    if (!source) return null;
    return once(model.id, source.dir, async () => {
      const { openStreamWorker } = await loadEngineModule();
      return openStreamWorker(source.dir, {
        provider: env.ENGINE_PROVIDER,
        maxStreams: env.REALTIME_MAX_STREAMS_PER_MODEL,
        ...(env.ENGINE_INTRA_OP_THREADS ? { intraOpThreads: env.ENGINE_INTRA_OP_THREADS } : {}),
      });
    });
  }
  return null;
};

/** One StreamingModel per model and source; a failed load, or a worker that ended, is tried again next time. */
function once(id: string, key: string, create: () => Promise<StreamingModel>): Promise<StreamingModel> {
  const current = loaded.get(id);
  if (current?.key === key) return current.model;
  // The model moved (a new registration): the old worker's live streams finish on it, new ones start here.
  if (current) current.model.then((old: StreamingModel) => ("close" in old ? (old.close as () => Promise<void>)() : undefined)).catch(() => undefined);
  const entry: Loaded = { key, model: create() };
  loaded.set(id, entry);
  const forget = () => {
    if (loaded.get(id) === entry) loaded.delete(id);
  };
  entry.model.then((model) => ("exited" in model ? (model.exited as Promise<void>).then(forget) : undefined), forget);
  return entry.model;
}

/** The catalog entry of a streaming model, or a 404 that says why it is not one. Cheap: loads nothing. */
export function findStreamingModel(idOrShortName: string): CatalogModel {
  const model = findModel(idOrShortName);
  if (!model) throw new NotFoundError(`The model '${idOrShortName}' does not exist.`, { param: "model", code: "model_not_found" });
  if (!model.capabilities.streaming) {
    throw new NotFoundError(`${model.name} (\`${model.id}\`) is not a streaming model; send files to /v1/audio/transcriptions instead.`, {
      param: "model",
      code: "model_not_streaming",
    });
  }
  return model;
}

/** The model's StreamingModel (loading it on first use), or a 404 when this server does not serve it. */
export async function openStreamingModel(model: CatalogModel, models: StreamingModels): Promise<StreamingModel> {
  const streaming = await models(model);
  if (!streaming) {
    throw new NotFoundError(`${model.name} (\`${model.id}\`) is not live on this server yet.`, { param: "model", code: "model_not_live" });
  }
  return streaming;
}
