/**
 * The model manifest: `gigarouter.json` in a model directory says which runner serves it and which file
 * plays which role. Directories without one (a published export unpacked as is, or a read-only folder)
 * are recognised by their file names through the registry's `detect` functions.
 */
import { readFile } from "node:fs/promises";
import { isAbsolute, join, relative, resolve } from "node:path";
import { z } from "zod";
import { ModelLoadError } from "../errors.js";

export const MANIFEST_FILE = "gigarouter.json";

export const modelManifestSchema = z.object({
  /** Runner kind, a key of the registry (e.g. "moonshine-micro", "canary-aed"). */
  runner: z.string().min(1),
  /** Role -> file name relative to the model directory (e.g. { "model": "x.onnx" }). */
  files: z.record(z.string(), z.string().min(1)).default({}),
  /** Runner-specific settings, validated by the runner. */
  config: z.record(z.string(), z.unknown()).default({}),
  /** Human-readable name, for logs. */
  name: z.string().optional(),
});

export type ModelManifest = z.infer<typeof modelManifestSchema>;
/** What callers may pass: files and config can be left out. */
export type ModelManifestInput = z.input<typeof modelManifestSchema>;

export function parseManifest(value: unknown, where: string): ModelManifest {
  const parsed = modelManifestSchema.safeParse(value);
  if (!parsed.success) {
    throw new ModelLoadError("invalid_manifest", `${where} is not a valid model manifest: ${z.prettifyError(parsed.error)}`);
  }
  return parsed.data;
}

/** Reads `gigarouter.json` from `dir`; undefined when there is none. */
export async function readManifestFile(dir: string): Promise<ModelManifest | undefined> {
  const path = join(dir, MANIFEST_FILE);
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new ModelLoadError("not_found", `cannot read ${path}: ${(error as Error).message}`, { cause: error });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ModelLoadError("invalid_manifest", `${path} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  return parseManifest(json, path);
}

/**
 * Absolute path of a manifest file role, refusing names that leave the model directory (a manifest is
 * data from whoever registered the model, not trusted code).
 */
export function manifestFilePath(dir: string, manifest: ModelManifest, role: string): string {
  const name = manifest.files[role];
  if (!name) throw new ModelLoadError("invalid_manifest", `the manifest for runner '${manifest.runner}' names no '${role}' file`);
  const path = resolve(dir, name);
  const rel = relative(resolve(dir), path);
  if (rel.startsWith("..") || isAbsolute(rel)) {
    throw new ModelLoadError("invalid_manifest", `manifest file '${name}' (${role}) is outside the model directory`);
  }
  return path;
}
