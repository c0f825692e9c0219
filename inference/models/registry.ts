/**
 * Runner kind (the manifest's `runner`) -> how to load it and how to recognise its files.
 *
 * To add a model family: one folder under models/, a RunnerFactory in it, one entry here.
 */
import { detectCanaryManifest } from "./canary/detect.js";
import { detectNemotronManifest } from "./nemotron/detect.js";
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

  // Before canary-aed: a flat Nemotron package also holds encoder.onnx + decoder.onnx + tokens.txt (plus
  // joiner.onnx, which tells them apart); or chunk folders 80ms/ ... 1120ms/. See nemotron/README.md.
  "nemotron-streaming": {
    load: () => import("./nemotron/engine-runner.js").then((m) => m.createNemotronEngineRunner),
    detect: detectNemotronManifest,
  },

  "canary-aed": {
    load: () => import("./canary/engine-runner.js").then((m) => m.createCanaryEngineRunner),
    // onnx-asr (encoder-model.onnx + decoder-model.onnx + vocab.txt) or sherpa-onnx (encoder.onnx +
    // decoder.onnx + tokens.txt); see canary/README.md.
    detect: detectCanaryManifest,
  },
};

export function runnerKinds(): string[] {
  return Object.keys(RUNNERS);
}
