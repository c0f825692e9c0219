/**
 * Nemotron cache-aware streaming runner (sherpa-onnx export): live streams batched across a model, and
 * whole recordings through the same chunk loop. See README.md.
 */
export { createNemotronRunner, openNemotronRunner } from "./runner.js";
export type { NemotronResult, NemotronRunner, NemotronRunnerOptions, NemotronTranscribeOptions, RecordingFeatures } from "./runner.js";
export { createNemotronEngineRunner, NEMOTRON_DEFAULT_MAX_AUDIO_SECONDS } from "./engine-runner.js";
export type { NemotronEngineRunner } from "./engine-runner.js";
export { NEMOTRON_RUNNER, detectNemotronManifest } from "./detect.js";
export { findNemotronFiles, type NemotronFiles } from "./layout.js";
export { ACCELERATION_CHUNK_MS, DEFAULT_ACCELERATION } from "./stream.js";
export type { Acceleration, NemotronStream, StreamOptions, StreamTranscript } from "./stream.js";
export type { StreamEvent, PartialEvent, FinalEvent, ErrorEvent } from "./events.js";
export type { EngineOptions, StepReport } from "./engine.js";
export { NEMOTRON_LOCALES } from "./locales.js";
export { UnsupportedLanguageError, UnsupportedAccelerationError, StreamCapacityError, StreamStateError } from "./errors.js";
export { nemotronStreamingModel } from "./streaming-model.js";
