/**
 * Which of the two published Canary exports a directory holds, told apart by file names alone:
 *
 *   onnx-asr:  encoder-model.onnx, decoder-model.onnx, vocab.txt, config.json (istupakov/onnx-asr)
 *   sherpa:    encoder.onnx (metadata inside), decoder.onnx, tokens.txt          (k2-fsa/sherpa-onnx)
 *
 * Each may come quantised (`*.int8.onnx`); full precision wins when both are present unless the caller
 * asks for int8.
 */
import { access } from "node:fs/promises";
import { join } from "node:path";
import { ModelLoadError } from "../../errors.js";

export type CanaryLayout = "onnx-asr" | "sherpa";

export interface CanaryFiles {
  layout: CanaryLayout;
  encoder: string;
  decoder: string;
  /** vocab.txt (onnx-asr) or tokens.txt (sherpa). */
  tokens: string;
  /** onnx-asr's config.json, when present. */
  config?: string;
}

export interface LayoutOptions {
  /** Prefer the int8 files; default: full precision when present, else int8. */
  quantization?: "int8";
}

const LAYOUTS: ReadonlyArray<{ layout: CanaryLayout; encoder: string; decoder: string; tokens: string }> = [
  { layout: "onnx-asr", encoder: "encoder-model", decoder: "decoder-model", tokens: "vocab.txt" },
  { layout: "sherpa", encoder: "encoder", decoder: "decoder", tokens: "tokens.txt" },
];

export async function findCanaryFiles(dir: string, options: LayoutOptions = {}): Promise<CanaryFiles> {
  const found: CanaryFiles[] = [];
  for (const spec of LAYOUTS) {
    const encoder = await pickVariant(dir, spec.encoder, options);
    const decoder = await pickVariant(dir, spec.decoder, options);
    const tokens = join(dir, spec.tokens);
    if (!encoder || !decoder || !(await exists(tokens))) continue;
    const files: CanaryFiles = { layout: spec.layout, encoder, decoder, tokens };
    const config = join(dir, "config.json");
    if (spec.layout === "onnx-asr" && (await exists(config))) files.config = config;
    found.push(files);
  }
  const [only, other] = found;
  if (!only) {
    throw new ModelLoadError(
      "unrecognised_layout",
      `${dir} holds neither Canary export: expected encoder-model.onnx + decoder-model.onnx + vocab.txt ` +
        `(onnx-asr) or encoder.onnx + decoder.onnx + tokens.txt (sherpa-onnx)`,
    );
  }
  if (other) {
    throw new ModelLoadError("unrecognised_layout", `${dir} holds both the onnx-asr and the sherpa-onnx export; keep one`);
  }
  return only;
}

async function pickVariant(dir: string, stem: string, options: LayoutOptions): Promise<string | undefined> {
  const full = join(dir, `${stem}.onnx`);
  const int8 = join(dir, `${stem}.int8.onnx`);
  const order = options.quantization === "int8" ? [int8, full] : [full, int8];
  for (const path of order) if (await exists(path)) return path;
  return undefined;
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
