import "server-only";
import type { StreamingModel } from "@/inference";
import { findModel } from "@/lib/catalog";
import type { CatalogModel } from "@/lib/catalog/types";
import { loadInference } from "@/lib/engine/runtime";
import { env } from "@/lib/env";
import { NotFoundError } from "@/lib/errors";

/**
 * Which catalog models can stream, and the StreamingModel that serves each (both offer the same
 * per-stream interface, so sessions treat them alike):
 * - Kyutai through moshi-server, when KYUTAI_URL is set;
 * - Nemotron's cache-aware runner in this process, when its weights are present (registered, or in
 *   MODELS_DIR). Its streams are batched across sessions, one runner per model directory. Its steps run
 *   on this process's thread: fine for the test models and a few streams; a server with many live
 *   Nemotron streams should move the runner into a worker, as lib/engine does for files.
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
      const { createNemotronRunner, nemotronStreamingModel } = await loadInference();
      const runner = await createNemotronRunner(source.dir, {
        provider: env.ENGINE_PROVIDER,
        maxStreams: env.REALTIME_MAX_STREAMS_PER_MODEL,
        ...(env.ENGINE_INTRA_OP_THREADS ? { intraOpThreads: env.ENGINE_INTRA_OP_THREADS } : {}),
      });
      return nemotronStreamingModel(runner);
    });
  }
  return null;
};

/** One StreamingModel per model and source; a failed load is tried again next time. */
function once(id: string, key: string, create: () => Promise<StreamingModel>): Promise<StreamingModel> {
  const current = loaded.get(id);
  if (current?.key === key) return current.model;
  const entry: Loaded = { key, model: create() };
  loaded.set(id, entry);
  entry.model.catch(() => {
    if (loaded.get(id) === entry) loaded.delete(id);
  });
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
