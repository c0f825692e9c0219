/**
 * The file names of the two published Canary exports, and a manifest for a directory that holds one.
 * Dependency-free so the engine's registry can call it without loading the runner.
 */
import type { ModelManifest } from "../manifest.js";

export type CanaryLayout = "onnx-asr" | "sherpa";

export const CANARY_LAYOUT_FILES: Readonly<Record<CanaryLayout, { encoder: string; decoder: string; tokens: string }>> = {
  "onnx-asr": { encoder: "encoder-model", decoder: "decoder-model", tokens: "vocab.txt" },
  sherpa: { encoder: "encoder", decoder: "decoder", tokens: "tokens.txt" },
};

/** The runner kind in manifests and the engine's registry. */
export const CANARY_RUNNER = "canary-aed";

/** `<stem>.onnx` when present, else `<stem>.int8.onnx` (or the other way round when int8 is preferred). */
export function pickModelFile(fileNames: readonly string[], stem: string, preferInt8 = false): string | undefined {
  const order = preferInt8 ? [`${stem}.int8.onnx`, `${stem}.onnx`] : [`${stem}.onnx`, `${stem}.int8.onnx`];
  return order.find((name) => fileNames.includes(name));
}

/** A manifest for a directory holding exactly one of the two exports; undefined otherwise. */
export function detectCanaryManifest(fileNames: readonly string[]): ModelManifest | undefined {
  const matches = (Object.keys(CANARY_LAYOUT_FILES) as CanaryLayout[]).flatMap((layout) => {
    const spec = CANARY_LAYOUT_FILES[layout];
    const encoder = pickModelFile(fileNames, spec.encoder);
    const decoder = pickModelFile(fileNames, spec.decoder);
    if (!encoder || !decoder || !fileNames.includes(spec.tokens)) return [];
    const files: Record<string, string> = { encoder, decoder, tokens: spec.tokens };
    if (layout === "onnx-asr" && fileNames.includes("config.json")) files.config = "config.json";
    return [{ runner: CANARY_RUNNER, name: `Canary (${layout} export)`, files, config: { layout } }];
  });
  return matches.length === 1 ? matches[0] : undefined;
}
