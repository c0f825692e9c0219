/**
 * Canary (AED) runner: canary-1b-flash in the onnx-asr or the sherpa-onnx export. See README.md.
 */
export { createCanaryRunner, openCanaryRunner } from "./runner.js";
export { createCanaryEngineRunner, CANARY_DEFAULT_MAX_AUDIO_SECONDS } from "./engine-runner.js";
export { CANARY_RUNNER, detectCanaryManifest } from "./detect.js";
export type { CanaryItemResult, CanaryOptions, CanaryRunner, CanaryRunnerOptions } from "./runner.js";
export type { CanaryFiles, CanaryLayout } from "./layout.js";
export type { CanaryModelInfo } from "./model-info.js";
export { CANARY_LANGUAGES, DEFAULT_LANGUAGE } from "./prompt.js";
export type { CanaryTask } from "./prompt.js";
export { UnsupportedLanguageError, UnsupportedLanguagePairError } from "./errors.js";
