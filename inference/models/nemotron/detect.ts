/**
 * The file names of sherpa-onnx's Nemotron streaming exports, and a manifest for a directory holding them.
 * Dependency-free so the engine's registry can call it without loading the runner.
 *
 * sherpa-onnx publishes one package per chunk size (`encoder.onnx` [+ `encoder.data`], `decoder.onnx`,
 * `joiner.onnx`, `tokens.txt`; int8 variants `*.int8.onnx`). A Nemotron model directory is either
 *   - one package unpacked flat (one chunk size, read from the encoder's `chunk_size_ms` metadata), or
 *   - one folder per chunk size named `<ms>ms/` (`80ms/`, `160ms/`, `320ms/`, `560ms/`, `1120ms/`), each
 *     holding at least the encoder; decoder.onnx, joiner.onnx and tokens.txt are taken from the top level
 *     when present there, otherwise from a chunk folder (they are the same in every package).
 */
import type { ModelManifest } from "../manifest.js";

/** The runner kind in manifests and the engine's registry. */
export const NEMOTRON_RUNNER = "nemotron-streaming";

/** A chunk folder's name: the chunk length in milliseconds followed by "ms". */
export const CHUNK_FOLDER = /^(\d+)ms$/;

/** `<stem>.onnx` when present, else `<stem>.int8.onnx` (or the other way round when int8 is preferred). */
export function pickOnnx(fileNames: readonly string[], stem: string, preferInt8 = false): string | undefined {
  const order = preferInt8 ? [`${stem}.int8.onnx`, `${stem}.onnx`] : [`${stem}.onnx`, `${stem}.int8.onnx`];
  return order.find((name) => fileNames.includes(name));
}

/**
 * A manifest for a directory that looks like a Nemotron export: a flat package (encoder + decoder +
 * joiner + tokens.txt; the joiner is what tells it from a Canary sherpa-onnx export) or chunk folders.
 * The files are resolved by the runner, which reads inside the chunk folders.
 */
export function detectNemotronManifest(fileNames: readonly string[]): ModelManifest | undefined {
  const flat =
    pickOnnx(fileNames, "encoder") !== undefined &&
    pickOnnx(fileNames, "decoder") !== undefined &&
    pickOnnx(fileNames, "joiner") !== undefined &&
    fileNames.includes("tokens.txt");
  const chunkFolders = fileNames.filter((name) => CHUNK_FOLDER.test(name));
  if (!flat && chunkFolders.length === 0) return undefined;
  return { runner: NEMOTRON_RUNNER, name: "Nemotron streaming (sherpa-onnx export)", files: {}, config: {} };
}
