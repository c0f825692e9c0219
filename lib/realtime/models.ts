import "server-only";
import { createKyutaiModel, type StreamingModel } from "@/inference/upstream/kyutai";
import { findModel } from "@/lib/catalog";
import type { CatalogModel } from "@/lib/catalog/types";
import { env } from "@/lib/env";
import { NotFoundError } from "@/lib/errors";

/**
 * Which catalog models can stream, and the StreamingModel that serves each: Kyutai through moshi-server
 * when KYUTAI_URL is set. (Nemotron's in-process streaming runner plugs in here when it lands; it has the
 * same per-stream interface.)
 */

export type StreamingModels = (model: CatalogModel) => StreamingModel | null;

let kyutai: { url: string; model: StreamingModel } | undefined;

/** The streaming models this server's settings make available. */
export const configuredStreamingModels: StreamingModels = (model) => {
  if (model.serving.runner === "kyutai-upstream" && env.KYUTAI_URL) {
    if (kyutai?.url !== env.KYUTAI_URL) kyutai = { url: env.KYUTAI_URL, model: createKyutaiModel({ url: env.KYUTAI_URL, apiKey: env.KYUTAI_API_KEY }) };
    return kyutai.model;
  }
  return null;
};

/** The catalog entry and its streaming model, or a 404 that says why there is none. */
export function resolveStreamingModel(idOrShortName: string, models: StreamingModels): { model: CatalogModel; streaming: StreamingModel } {
  const model = findModel(idOrShortName);
  if (!model) throw new NotFoundError(`The model '${idOrShortName}' does not exist.`, { param: "model", code: "model_not_found" });
  if (!model.capabilities.streaming) {
    throw new NotFoundError(`${model.name} (\`${model.id}\`) is not a streaming model; send files to /v1/audio/transcriptions instead.`, {
      param: "model",
      code: "model_not_streaming",
    });
  }
  const streaming = models(model);
  if (!streaming) {
    throw new NotFoundError(`${model.name} (\`${model.id}\`) is not live on this server yet.`, { param: "model", code: "model_not_live" });
  }
  return { model, streaming };
}
