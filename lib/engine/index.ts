import "server-only";
import type { DecodedAudio, DecodeOptions, ModelCapabilities, TranscribeOptions, Transcript } from "@/inference";
import { inferenceIsRemote, remoteCapabilities, remoteTranscribe } from "@/lib/queue";
import { getEngine, type EngineStatus, type TranscribeRequest } from "./engine";

/**
 * The server's door to the inference engine (worker threads + dynamic batching, see ./engine.ts):
 *
 *   const t = await transcribe("nvidia/canary-1b-flash", fileBytes, { language: "de", timestamps: true }, { signal });
 *   engineStatus()   // for /api/health: models loaded, provider per model, queue depth
 */
export { getEngine, modelSource, type EngineModelStatus, type EngineStatus, type ModelSource, type TranscribeRequest } from "./engine";
export { loadInference } from "./runtime";

/** Transcribes (or translates) with a live catalog model, by id or short name. */
export function transcribe(
  modelId: string,
  input: Uint8Array | ArrayBuffer | DecodedAudio,
  options?: TranscribeOptions,
  request?: TranscribeRequest,
): Promise<Transcript> {
  // A web instance of a cluster (QUEUE_BACKEND=pg-boss) runs no model: a worker does.
  if (inferenceIsRemote()) return remoteTranscribe(modelId, input, options, request?.signal);
  return getEngine().transcribe(modelId, input, options, request);
}

/** What the served model accepts; loads the model if it is not loaded yet. */
export function engineCapabilities(modelId: string): Promise<ModelCapabilities> {
  if (inferenceIsRemote()) return remoteCapabilities(modelId);
  return getEngine().capabilities(modelId);
}

/** The tighter of the served model's own length limit and the catalog's, in seconds; undefined when neither sets one. */
export async function maxAudioSecondsFor(model: { id: string; maxAudioSeconds?: number }): Promise<number | undefined> {
  const capabilities = await engineCapabilities(model.id);
  const limits = [capabilities.maxAudioSeconds, model.maxAudioSeconds].filter((s): s is number => typeof s === "number" && s > 0);
  return limits.length > 0 ? Math.min(...limits) : undefined;
}

/** Encoded audio -> 16 kHz mono samples, in the engine's decoder workers. */
export function decodeAudio(bytes: Uint8Array | ArrayBuffer, options?: DecodeOptions): Promise<DecodedAudio> {
  return getEngine().decode(bytes, options);
}

/** Loaded models, the provider each really runs on, and how many requests wait. */
export function engineStatus(): EngineStatus {
  return getEngine().status();
}
