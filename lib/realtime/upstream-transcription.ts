import "server-only";
import type { DecodedAudio, ModelCapabilities, TranscribeOptions, Transcript } from "@/inference";
import { findModel } from "@/lib/catalog";
import { loadInference } from "@/lib/engine/runtime";
import { configuredStreamingModels } from "./models";

/**
 * Whole files for models that only an upstream server runs (Kyutai through moshi-server): lib/engine
 * hands them here instead of to a worker pool, so /v1/audio/transcriptions, the queue API and the
 * playground's file runs serve them like any live model. The audio goes through the same streaming
 * client the realtime API uses, as fast as the server takes it.
 */

export interface UpstreamModel {
  capabilities: ModelCapabilities;
  transcribe(audio: DecodedAudio, options: TranscribeOptions, signal?: AbortSignal): Promise<Transcript>;
}

/** The upstream that serves `modelId`, or null when the model is not served by a configured upstream. */
export async function upstreamModel(modelId: string): Promise<UpstreamModel | null> {
  const model = findModel(modelId);
  if (!model || model.serving.runner !== "kyutai-upstream") return null;
  const streaming = await configuredStreamingModels(model);
  if (!streaming) return null;
  const { transcribeWithStream } = await loadInference();
  return {
    capabilities: {
      task: "transcription",
      languages: model.languages,
      translation: false,
      timestamps: model.capabilities.timestamps.includes("word"),
      punctuationToggle: false,
      maxAudioSeconds: model.maxAudioSeconds ?? 7200,
    },
    transcribe: (audio, options, signal) =>
      transcribeWithStream(streaming, audio, { ...(options.timestamps ? { timestamps: true } : {}), ...(signal ? { signal } : {}) }),
  };
}
