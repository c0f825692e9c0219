import fs from "node:fs";
import path from "node:path";
import { findRegistration, registrationPresent, registryPath } from "@/lib/engine/registrations";
import { env } from "@/lib/env";
import type { CatalogModel, ModelStatus, Pricing, RunnerKind } from "./types";

/**
 * The files a runner needs inside a model's weights folder before it can serve. Each inner list is
 * one complete layout; any one of them is enough. Runners served by an upstream have no local layout.
 */
const weightLayouts: Record<RunnerKind, readonly (readonly string[])[]> = {
  "moonshine-micro": [["spelling_cnn_mel.shrunk.onnx"]],
  // onnx-asr export, then sherpa-onnx export (see DESIGN.md, "Inference contracts").
  "canary-aed": [
    ["encoder-model.onnx", "decoder-model.onnx", "vocab.txt"],
    ["encoder.onnx", "decoder.onnx", "tokens.txt"],
  ],
  // sherpa-onnx export: one package unpacked flat, or one folder per chunk size (see
  // inference/models/nemotron/README.md); decoder, joiner and tokens may sit beside or inside them.
  "nemotron-streaming": [
    ["encoder.onnx", "decoder.onnx", "joiner.onnx", "tokens.txt"],
    ...["80ms", "160ms", "320ms", "560ms", "1120ms"].flatMap((chunk) => [
      [`${chunk}/encoder.onnx`, "decoder.onnx", "joiner.onnx", "tokens.txt"],
      [`${chunk}/encoder.onnx`, `${chunk}/decoder.onnx`, `${chunk}/joiner.onnx`, `${chunk}/tokens.txt`],
    ]),
  ],
  // Served through moshi-server: live when KYUTAI_URL names one (see `upstreamConfigured`).
  "kyutai-upstream": [],
  none: [],
};

/**
 * True when one complete weights layout for the model's runner exists under `modelsDir`, or an operator
 * registered a model directory for it (`npm run models -- add`, see lib/engine/registrations.ts) whose
 * files are all still there.
 */
export function weightsPresent(
  model: CatalogModel,
  modelsDir: string = env.MODELS_DIR,
  registry: string = registryPath(),
): boolean {
  const { runner, weightsDir } = model.serving;
  if (runner === "none") return false;
  const registration = findRegistration(model.id, registry);
  if (registration && registration.runner === runner && registrationPresent(registration)) return true;
  if (!weightsDir) return false;
  const folder = path.join(modelsDir, weightsDir);
  return weightLayouts[runner].some((files) => files.every((file) => isFile(path.join(folder, file))));
}

/** The upstream servers this process is configured to reach (models served there need no weights here). */
export interface Upstreams {
  /** moshi-server serving Kyutai STT. */
  kyutaiUrl?: string;
}

/** True when the model is served by an upstream server and that server is configured. */
export function upstreamConfigured(model: CatalogModel, upstreams: Upstreams = { kyutaiUrl: env.KYUTAI_URL }): boolean {
  return model.serving.runner === "kyutai-upstream" && Boolean(upstreams.kyutaiUrl);
}

/**
 * A model is live only when the engine can actually serve it: it has a runner and that runner's
 * weights are on disk, or it is served by an upstream server that is configured. Never a stored flag.
 */
export function deriveStatus(
  model: CatalogModel,
  modelsDir: string = env.MODELS_DIR,
  registry: string = registryPath(),
  upstreams?: Upstreams,
): ModelStatus {
  return weightsPresent(model, modelsDir, registry) || upstreamConfigured(model, upstreams) ? "live" : "coming_soon";
}

/**
 * The price as pages and the API show it. A live model is charged its catalog price, so that price is
 * real from the moment the model can be called (Kyutai turned live by KYUTAI_URL is billed its launch
 * price, not "~… estimated"); before that, every price is an estimate whatever the file says.
 */
export function pricingFor(pricing: Pricing, status: ModelStatus): Pricing {
  return { ...pricing, estimated: status !== "live" };
}

function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}
