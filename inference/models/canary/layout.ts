/**
 * Which of the two published Canary exports a directory holds, told apart by file names alone:
 *
 *   onnx-asr:  encoder-model.onnx, decoder-model.onnx, vocab.txt, config.json (istupakov/onnx-asr)
 *   sherpa:    encoder.onnx (metadata inside), decoder.onnx, tokens.txt          (k2-fsa/sherpa-onnx)
 *
 * Each may come quantised (`*.int8.onnx`); full precision wins when both are present unless the caller
 * asks for int8.
 */
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { ModelLoadError } from "../../errors.js";
import { CANARY_LAYOUT_FILES, pickModelFile, type CanaryLayout } from "./detect.js";

export type { CanaryLayout } from "./detect.js";

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

export async function findCanaryFiles(dir: string, options: LayoutOptions = {}): Promise<CanaryFiles> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (cause) {
    throw new ModelLoadError("not_found", `cannot read the model directory ${dir}`, { cause });
  }
  const found: CanaryFiles[] = [];
  for (const layout of Object.keys(CANARY_LAYOUT_FILES) as CanaryLayout[]) {
    const spec = CANARY_LAYOUT_FILES[layout];
    const encoder = pickModelFile(names, spec.encoder, options.quantization === "int8");
    const decoder = pickModelFile(names, spec.decoder, options.quantization === "int8");
    if (!encoder || !decoder || !names.includes(spec.tokens)) continue;
    const files: CanaryFiles = { layout, encoder: join(dir, encoder), decoder: join(dir, decoder), tokens: join(dir, spec.tokens) };
    if (layout === "onnx-asr" && names.includes("config.json")) files.config = join(dir, "config.json");
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
