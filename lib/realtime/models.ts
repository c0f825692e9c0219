import "server-only";
import type { StreamingModel } from "@/inference";
import { findModel } from "@/lib/catalog";
import type { CatalogModel } from "@/lib/catalog/types";
import { loadInference } from "@/lib/engine/runtime";
import { env } from "@/lib/env";
import { NotFoundError } from "@/lib/errors";

/**
 * Which catalog models can stream, and the StreamingModel that serves each: Kyutai through moshi-server
 * when KYUTAI_URL is set. (Nemotron's in-process streaming runner plugs in here when it lands; it offers
 * the same per-stream interface.) The engine is loaded at run time, one copy per process, as lib/engine
 * does (see lib/engine/runtime.ts).
 */

export type StreamingModels = (model: CatalogModel) => Promise<StreamingModel | null> | StreamingModel | null;

const globalForStreaming = globalThis as typeof globalThis & { gigarouterKyutai?: { url: string; model: StreamingModel } };

/** The streaming models this server's settings make available. */
export const configuredStreamingModels: StreamingModels = async (model) => {
  if (model.serving.runner === "kyutai-upstream" && env.KYUTAI_URL) {
    const cached = globalForStreaming.gigarouterKyutai;
    if (cached?.url === env.KYUTAI_URL) return cached.model;
    const { createKyutaiModel } = await loadInference();
    const created = createKyutaiModel({ url: env.KYUTAI_URL, apiKey: env.KYUTAI_API_KEY });
    globalForStreaming.gigarouterKyutai = { url: env.KYUTAI_URL, model: created };
    return created;
  }
  return null;
};

/** The catalog entry and its streaming model, or a 404 that says why there is none. */
export async function resolveStreamingModel(idOrShortName: string, models: StreamingModels): Promise<{ model: CatalogModel; streaming: StreamingModel }> {
  const model = findModel(idOrShortName);
  if (!model) throw new NotFoundError(`The model '${idOrShortName}' does not exist.`, { param: "model", code: "model_not_found" });
  if (!model.capabilities.streaming) {
    throw new NotFoundError(`${model.name} (\`${model.id}\`) is not a streaming model; send files to /v1/audio/transcriptions instead.`, {
      param: "model",
      code: "model_not_streaming",
    });
  }
  const streaming = await models(model);
  if (!streaming) {
    throw new NotFoundError(`${model.name} (\`${model.id}\`) is not live on this server yet.`, { param: "model", code: "model_not_live" });
  }
  return { model, streaming };
}
