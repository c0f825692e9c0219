import "server-only";
import type { TranscribeOptions, Transcript } from "@/inference";
import { findModel } from "@/lib/catalog";
import { decodeAudio } from "@/lib/engine";
import { loadInference } from "@/lib/engine/runtime";
import { configuredStreamingModels } from "./models";

/**
 * A file through a model's streaming runner — the one realtime sessions use — with the text reported as
 * it grows. For the queue API's streaming run (POST /run/<model>/stream): its partial outputs then come
 * while the model works, chunk by chunk, instead of all at the end. Null when the model has no streaming
 * runner here (the caller transcribes the file the ordinary way).
 */
export async function transcribeStreamed(
  modelId: string,
  bytes: Uint8Array,
  options: TranscribeOptions & { acceleration?: string },
  hooks: { signal?: AbortSignal; maxBytes?: number; onText: (text: string) => void },
): Promise<Transcript | null> {
  const model = findModel(modelId);
  if (!model?.capabilities.streaming) return null;
  const streaming = await configuredStreamingModels(model);
  if (!streaming) return null;
  const audio = await decodeAudio(bytes, hooks.maxBytes ? { maxBytes: hooks.maxBytes } : undefined);
  const acceleration = options.acceleration === "none" || options.acceleration === "regular" || options.acceleration === "high" || options.acceleration === "full" ? options.acceleration : undefined;
  const { transcribeWithStream } = await loadInference();
  let last = "";
  return transcribeWithStream(streaming, audio, {
    ...(options.timestamps ? { timestamps: true } : {}),
    ...(hooks.signal ? { signal: hooks.signal } : {}),
    stream: { ...(options.language ? { language: options.language } : {}), ...(acceleration ? { acceleration } : {}) },
    onProgress: (finals, partial) => {
      const text = [...finals, ...(partial ? [partial] : [])].map((u) => u.text).join(" ");
      if (text && text !== last) {
        last = text;
        hooks.onText(text);
      }
    },
  });
}
