/**
 * gigarouter's inference engine: the public API. app/ and lib/ import from here only.
 *
 *   const model = await loadModel("/models/moonshine-micro", { provider: "cuda" });
 *   const t = await model.transcribe(fileBytes, { timestamps: true });
 *   t.text, t.words, t.durationSeconds, t.provider
 *   await model.dispose();
 */
export { loadModel, type AudioInput, type LoadedModel, type LoadModelOptions } from "./model.js";
export {
  decodeAudio,
  shutdownDecoders,
  DEFAULT_MAX_BYTES,
  DEFAULT_MAX_DURATION_SECONDS,
  SILENCE_PEAK,
  type DecodeOptions,
  type DecodedAudio,
} from "./audio/decode.js";
export { SUPPORTED_FORMATS_TEXT, type AudioFormat } from "./audio/probe.js";
export { MANIFEST_FILE, type ModelManifest, type ModelManifestInput } from "./models/manifest.js";
export { runnerKinds } from "./models/registry.js";
export {
  AudioDecodeError,
  EngineError,
  ModelLoadError,
  TranscribeError,
  type AudioDecodeErrorCode,
  type ModelLoadErrorCode,
  type TranscribeErrorCode,
} from "./errors.js";
export type {
  Alternative,
  Audio,
  ExecutionProvider,
  ModelCapabilities,
  Segment,
  TranscribeOptions,
  Transcript,
  Word,
} from "./types.js";
// Streaming models: the per-stream interface, and Kyutai STT served by moshi-server (an upstream).
export {
  createKyutaiModel,
  KyutaiUpstreamError,
  transcribeWithStream,
  KYUTAI_LATENCY_MS,
  type CreateStreamOptions,
  type KyutaiErrorCode,
  type KyutaiSettings,
  type StreamEvent,
  type StreamingModel,
  type StreamingSession,
  type StreamWord,
  type Utterance,
} from "./upstream/kyutai/index.js";
// Nemotron's cache-aware streaming runner in this thread (tools, benchmarks); the realtime API runs it in a
// stream worker (inference/engine: openStreamWorker). Files go through loadModel.
export { createNemotronRunner, nemotronStreamingModel, type NemotronRunner } from "./models/nemotron/index.js";
