/**
 * Runner kind (the manifest's `runner`) -> how to load it and how to recognise its files.
 *
 * To add a model family: one folder under models/, a RunnerFactory in it, one entry here.
 */
import type { RunnerRegistration } from "./runner.js";

export const RUNNERS: Readonly<Record<string, RunnerRegistration>> = {
  "moonshine-micro": {
    load: () => import("./moonshine/runner.js").then((m) => m.createMoonshineRunner),
    detect: (files) =>
      files.includes("spelling_cnn_mel.shrunk.onnx") && files.includes("spelling_cnn_mel_meta.json")
        ? {
            runner: "moonshine-micro",
            name: "moonshine-micro SpellingCNN",
            files: { model: "spelling_cnn_mel.shrunk.onnx", meta: "spelling_cnn_mel_meta.json" },
            config: {},
          }
        : undefined,
  },

  // "canary-aed": slot for the Canary (AED) runner in inference/models/canary/ (onnx-asr and
  // sherpa-onnx layouts). Its owner adds the entry: `load` returns a RunnerFactory (adapting
  // createCanaryRunner(context.dir, { provider, intraOpThreads, ... }) and its capabilities), and
  // `detect` recognises encoder-model.onnx + decoder-model.onnx + vocab.txt (onnx-asr) or
  // encoder.onnx + decoder.onnx + tokens.txt (sherpa-onnx).
};

export function runnerKinds(): string[] {
  return Object.keys(RUNNERS);
}
