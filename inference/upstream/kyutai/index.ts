/**
 * Kyutai STT served by moshi-server, used as an upstream: the engine holds no weights for it and
 * speaks the server's websocket protocol instead (see protocol.ts and stream.ts).
 *
 *   const kyutai = createKyutaiModel({ url: "ws://127.0.0.1:8080", apiKey: "public_token" });
 *   const stream = kyutai.createStream({ endpointingMs: 800 });
 *   stream.onEvent(console.log);
 *   await stream.ready;
 *   stream.push(samples16k);
 *   await stream.close();
 */
import { DEFAULT_KYUTAI_SETTINGS, KyutaiStream, type KyutaiSettings } from "./stream.js";
import type { CreateStreamOptions, StreamingModel } from "./stream-types.js";

export { KyutaiUpstreamError, type KyutaiErrorCode } from "./errors.js";
export { asrStreamingUrl, DEFAULT_KYUTAI_SETTINGS, KyutaiStream, type KyutaiSettings } from "./stream.js";
export type { CreateStreamOptions, FinalReason, StreamEvent, StreamingModel, StreamingSession, StreamWord, Utterance } from "./stream-types.js";
export { transcribeWithStream, type StreamTranscribeOptions } from "./transcribe-audio.js";

/** Kyutai's published delay between a word spoken and the word written. */
export const KYUTAI_LATENCY_MS = 2500;

export function createKyutaiModel(settings: Pick<KyutaiSettings, "url"> & Partial<KyutaiSettings>): StreamingModel {
  const full: KyutaiSettings = { ...DEFAULT_KYUTAI_SETTINGS, ...settings };
  return {
    latencyMs: KYUTAI_LATENCY_MS,
    createStream: (options?: CreateStreamOptions) => new KyutaiStream(full, options),
  };
}
