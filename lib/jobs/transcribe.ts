import "server-only";
import type { Transcript, TranscribeOptions } from "@/inference";
import type { ModelView } from "@/lib/catalog";
import { transcribe } from "@/lib/engine";
import { env } from "@/lib/env";
import { transcribeStreamed } from "@/lib/realtime/streamed-files";
import { baseLanguage, type QueueOutput } from "@/lib/queue-api/schema";
import type { StoredInput } from "./store";

/**
 * Running the engine for a job, and turning its transcript into the API's output.
 *
 * Partial output goes to `onPartial`. The engine's runners today read a whole file at once, so the
 * partials of a file are its transcript's segments, cumulatively, sent as soon as the transcript is
 * there, followed by the final output. A streaming runner (Nemotron, issue #8) plugs in here: it calls
 * `onPartial` as its chunks decode (chunk length from `acceleration`, see ACCELERATION_CHUNK_SECONDS),
 * and every stream and status stream carries that without change.
 */

export interface RunHooks {
  signal: AbortSignal;
  onPartial?: (output: QueueOutput) => void;
  /**
   * A streaming run (POST /run/.../stream): a streaming model transcribes the file through its streaming
   * runner, the one realtime sessions use (lib/realtime/streamed-files.ts), so partials come as it decodes.
   */
  streamed?: boolean;
}

/** The engine's language option: the locale when the model lists locales, else its base language. */
export function engineLanguage(model: Pick<ModelView, "languages">, language: string): string | undefined {
  if (language === "auto") return undefined;
  if (model.languages.includes(language)) return language;
  return baseLanguage(language);
}

export function engineOptions(model: ModelView, input: StoredInput): TranscribeOptions {
  const language = engineLanguage(model, input.language);
  const timestamps = model.capabilities.timestamps.length > 0 && input.timestamps !== false;
  return {
    ...(language ? { language } : {}),
    // Playground runs carry what the /v1 fields carry; the queue API's input has none of these.
    ...(input.task === "translate" && input.target_language ? { targetLanguage: input.target_language } : {}),
    ...(input.punctuation === false ? { punctuation: false } : {}),
    ...(timestamps ? { timestamps: true } : {}),
  };
}

/** A text joined from pieces the way the engine joins its segments: one space between them. */
function joinText(pieces: string[]): string {
  return pieces.map((p) => p.trim()).filter(Boolean).join(" ");
}

export function toOutput(model: Pick<ModelView, "capabilities">, transcript: Pick<Transcript, "text" | "segments" | "words">, partial = false): QueueOutput {
  const output: QueueOutput = { output: transcript.text, partial };
  const round = (seconds: number) => Math.round(seconds * 1000) / 1000;
  if (model.capabilities.timestamps.includes("segment")) {
    output.chunks = transcript.segments.map((s) => ({ timestamp: [round(s.start), round(s.end)], text: s.text }));
  }
  if (model.capabilities.timestamps.includes("word")) {
    output.words = transcript.words.map((w) => ({ timestamp: [round(w.start), round(w.end)], text: w.text }));
  }
  return output;
}

export async function runTranscription(model: ModelView, audio: Uint8Array, input: StoredInput, hooks: RunHooks): Promise<Transcript> {
  const onPartial = hooks.onPartial;
  if (hooks.streamed && onPartial) {
    const streamed = await transcribeStreamed(model.id, audio, { ...engineOptions(model, input), acceleration: input.acceleration }, {
      signal: hooks.signal,
      maxBytes: env.API_MAX_AUDIO_BYTES,
      onText: (text) => onPartial({ output: text, partial: true }),
    });
    if (streamed) return streamed;
  }
  const transcript = await transcribe(model.id, audio, engineOptions(model, input), {
    signal: hooks.signal,
    decode: { maxBytes: env.API_MAX_AUDIO_BYTES },
  });
  if (hooks.onPartial) {
    const pieces: string[] = [];
    for (const segment of transcript.segments) {
      pieces.push(segment.text);
      hooks.onPartial({ output: joinText(pieces), partial: true });
    }
  }
  return transcript;
}
