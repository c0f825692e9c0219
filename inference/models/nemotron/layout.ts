/**
 * Finding a Nemotron export's files in a directory (see detect.ts for the two arrangements) or taking
 * them from a manifest (`files`: `decoder`, `joiner`, `tokens`, and one or more roles starting with
 * `encoder`, e.g. `encoder-560ms`; the chunk length of each encoder is read from its metadata).
 */
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { ModelLoadError } from "../../errors.js";
import { manifestFilePath, type ModelManifest } from "../manifest.js";
import { CHUNK_FOLDER, pickOnnx } from "./detect.js";

export interface NemotronFiles {
  /** One encoder graph per chunk size. */
  encoders: string[];
  decoder: string;
  joiner: string;
  tokens: string;
}

export interface LayoutOptions {
  /** Prefer the int8 files; default: full precision when present, else int8. */
  quantization?: "int8";
}

export async function findNemotronFiles(dir: string, options: LayoutOptions = {}): Promise<NemotronFiles> {
  const int8 = options.quantization === "int8";
  const entries = await list(dir);
  const top = entries.filter((e) => e.isFile()).map((e) => e.name);
  const folders = entries
    .filter((e) => e.isDirectory() && CHUNK_FOLDER.test(e.name))
    .map((e) => e.name)
    .sort((a, b) => parseInt(a, 10) - parseInt(b, 10));

  const encoders: string[] = [];
  const flatEncoder = pickOnnx(top, "encoder", int8);
  if (flatEncoder) encoders.push(join(dir, flatEncoder));
  const shared: Array<{ where: string; names: string[] }> = [{ where: dir, names: top }];
  for (const folder of folders) {
    const path = join(dir, folder);
    const names = (await list(path)).filter((e) => e.isFile()).map((e) => e.name);
    const encoder = pickOnnx(names, "encoder", int8);
    if (encoder) encoders.push(join(path, encoder));
    shared.push({ where: path, names });
  }
  if (encoders.length === 0) {
    throw new ModelLoadError(
      "unrecognised_layout",
      `${dir} holds no Nemotron encoder: expected encoder.onnx (one sherpa-onnx package unpacked flat) or ` +
        `chunk folders such as 560ms/encoder.onnx`,
    );
  }
  // decoder, joiner and tokens: the first place (top level, then chunk folders by size) holding all three.
  for (const { where, names } of shared) {
    const decoder = pickOnnx(names, "decoder", int8);
    const joiner = pickOnnx(names, "joiner", int8);
    if (decoder && joiner && names.includes("tokens.txt")) {
      return { encoders, decoder: join(where, decoder), joiner: join(where, joiner), tokens: join(where, "tokens.txt") };
    }
  }
  throw new ModelLoadError(
    "unrecognised_layout",
    `${dir} has Nemotron encoders but no decoder.onnx + joiner.onnx + tokens.txt (at the top or in a chunk folder)`,
  );
}

/** Files named by a manifest; every path is checked to stay inside the model directory. */
export function manifestFiles(dir: string, manifest: ModelManifest): NemotronFiles {
  const path = (role: string) => manifestFilePath(dir, manifest, role);
  const encoders = Object.keys(manifest.files)
    .filter((role) => role.startsWith("encoder"))
    .sort()
    .map(path);
  if (encoders.length === 0) {
    throw new ModelLoadError("invalid_manifest", "a nemotron-streaming manifest that names files must name at least one encoder role");
  }
  return { encoders, decoder: path("decoder"), joiner: path("joiner"), tokens: path("tokens") };
}

async function list(dir: string) {
  try {
    return await readdir(dir, { withFileTypes: true });
  } catch (cause) {
    throw new ModelLoadError("not_found", `cannot read the model directory ${dir}`, { cause });
  }
}
