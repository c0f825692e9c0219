import "server-only";
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { ExecutionProvider, LoadedModel } from "@/inference";
import { findModel } from "@/lib/catalog";
import { catalog } from "@/lib/catalog/models";
import { deriveStatus } from "@/lib/catalog/status";
import { env } from "@/lib/env";
import { modelSource } from "./engine";
import { PUBLISHED_MODELS, rawUrl, type PublishedFile, type PublishedModel } from "./published";
import { engineModelsDir, readRegistrations, registryPath, removeRegistration, saveRegistration, type Registration } from "./registrations";
import { loadInference } from "./runtime";

/**
 * What `npm run models` does (scripts/models/cli.ts is only its command line): register an exported
 * model directory for a catalog model after proving the engine can serve it, list and remove
 * registrations, and fetch a published export with checksums.
 */

/** A refusal with a message for the operator; nothing was registered or written. */
export class ModelCommandError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "ModelCommandError";
  }
}

export interface OperatorPaths {
  /** The registry file (default <DATA_DIR>/models/registry.json). */
  registry?: string;
  /** Folder of conventional weights folders (default MODELS_DIR). */
  modelsDir?: string;
}

export interface AddOptions extends OperatorPaths {
  /** Provider to validate on (default ENGINE_PROVIDER). */
  provider?: ExecutionProvider;
  /** Where the files came from, kept in the registration. */
  source?: string;
}

/**
 * Validates `dir` as a model the catalog entry `modelId` can be served from, then registers it:
 * the engine must recognise the directory (gigarouter.json or a known export layout), its runner must be
 * the one the catalog names for the model, every file must be there, it must load, and it must run on
 * a second of near-silence (faint noise, so silence gates do not skip the model).
 */
export async function addModel(modelId: string, dir: string, options: AddOptions = {}): Promise<Registration> {
  const model = findModel(modelId);
  if (!model) {
    throw new ModelCommandError(`'${modelId}' is not a catalog model. Known: ${catalog.map((m) => m.id).join(", ")}`);
  }
  const runner = model.serving.runner;
  if (runner === "none" || runner === "kyutai-upstream") {
    throw new ModelCommandError(
      runner === "none"
        ? `${model.id} has no engine runner yet, so no directory can serve it.`
        : `${model.id} is served through an upstream server (moshi-server), not from a model directory.`,
    );
  }
  const absolute = path.resolve(dir);
  const inference = await loadInference();

  let loaded: LoadedModel;
  try {
    loaded = await inference.loadModel(absolute, { provider: options.provider ?? env.ENGINE_PROVIDER });
  } catch (error) {
    throw new ModelCommandError(`${absolute} cannot be served: ${(error as Error).message}`, { cause: error });
  }
  try {
    if (loaded.manifest.runner !== runner) {
      throw new ModelCommandError(
        `${absolute} holds a '${loaded.manifest.runner}' model, but ${model.id} is served by the '${runner}' runner.`,
      );
    }
    try {
      await loaded.transcribe({ samples: faintNoise(16000), sampleRate: 16000 });
    } catch (error) {
      throw new ModelCommandError(`${absolute} loads but fails to run: ${(error as Error).message}`, { cause: error });
    }
    const registration: Registration = {
      modelId: model.id,
      runner,
      dir: absolute,
      manifest: loaded.manifest,
      validatedProvider: loaded.provider,
      registeredAt: new Date().toISOString(),
      ...(options.source ? { source: options.source } : {}),
    };
    saveRegistration(registration, options.registry ?? registryPath());
    return registration;
  } finally {
    await loaded.dispose();
  }
}

/** Removes a model's registration (its files stay); false when it had none. */
export function removeModel(modelId: string, options: OperatorPaths = {}): boolean {
  const model = findModel(modelId);
  if (!model) throw new ModelCommandError(`'${modelId}' is not a catalog model.`);
  return removeRegistration(model.id, options.registry ?? registryPath());
}

export interface ModelListing {
  id: string;
  runner: string;
  status: "live" | "coming_soon";
  /** Where the engine would load it from, when live. */
  dir?: string;
  origin?: "registered" | "models_dir";
  /** A registration whose files are gone. */
  staleRegistration?: string;
}

/** Every catalog model with a local runner: live or not, and from where. */
export function listServableModels(options: OperatorPaths = {}): ModelListing[] {
  const registry = options.registry ?? registryPath();
  const modelsDir = options.modelsDir ?? env.MODELS_DIR;
  const registrations = readRegistrations(registry);
  return catalog
    .filter((m) => m.serving.runner !== "none" && m.serving.runner !== "kyutai-upstream")
    .map((m) => {
      const source = modelSource(m, modelsDir, registry);
      const registration = registrations.get(m.id);
      return {
        id: m.id,
        runner: m.serving.runner,
        status: deriveStatus(m, modelsDir, registry),
        ...(source ? { dir: source.dir, origin: source.origin } : {}),
        ...(registration && source?.origin !== "registered" ? { staleRegistration: registration.dir } : {}),
      };
    });
}

export interface FetchOptions extends AddOptions {
  /** A local copy laid out as <mirror>/<name>/<file>; files missing there are downloaded. */
  mirror?: string;
  /** Where <name>/ is written (default <DATA_DIR>/models). */
  targetDir?: string;
  /** For tests: the download function (default global fetch). */
  download?: (url: string) => Promise<Uint8Array>;
  /** Progress lines for the command line. */
  log?: (line: string) => void;
}

/**
 * Obtains a published export (from a local mirror when it has the files, else from its public URL),
 * checks every file's SHA-256, writes the folder under <DATA_DIR>/models and registers it. A file with
 * the wrong sum stops everything before anything is written.
 */
export async function fetchPublishedModel(name: string, options: FetchOptions = {}): Promise<Registration> {
  const published = PUBLISHED_MODELS[name];
  if (!published) {
    throw new ModelCommandError(`No published export named '${name}'. Known: ${Object.keys(PUBLISHED_MODELS).join(", ")}`);
  }
  const log = options.log ?? (() => {});
  const targetRoot = options.targetDir ?? engineModelsDir();
  const mirrorDir = options.mirror ? path.resolve(options.mirror, published.name) : undefined;

  const contents: Array<{ file: PublishedFile; bytes: Uint8Array }> = [];
  for (const file of published.files) {
    const { bytes, from } = await obtain(published, file, mirrorDir, options.download ?? downloadBytes);
    const sum = createHash("sha256").update(bytes).digest("hex");
    if (sum !== file.sha256) {
      throw new ModelCommandError(
        `Checksum mismatch for ${file.name} from ${from}: expected sha256 ${file.sha256}, got ${sum}. Nothing was written or registered.`,
      );
    }
    log(`${file.name}: ${bytes.length} bytes from ${from}, sha256 ok`);
    contents.push({ file, bytes });
  }

  // Written beside the destination and renamed into place, so a half-written folder is never served.
  const destination = path.join(targetRoot, published.name);
  const staging = `${destination}.partial-${process.pid}`;
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(staging, { recursive: true });
  for (const { file, bytes } of contents) fs.writeFileSync(path.join(staging, file.name), bytes);
  fs.rmSync(destination, { recursive: true, force: true });
  fs.renameSync(staging, destination);
  log(`wrote ${destination}`);

  try {
    return await addModel(published.modelId, destination, {
      ...options,
      source: `https://github.com/${published.repository}/tree/${published.commit}`,
    });
  } catch (error) {
    fs.rmSync(destination, { recursive: true, force: true });
    throw error;
  }
}

async function obtain(
  published: PublishedModel,
  file: PublishedFile,
  mirrorDir: string | undefined,
  download: (url: string) => Promise<Uint8Array>,
): Promise<{ bytes: Uint8Array; from: string }> {
  if (mirrorDir) {
    const local = path.join(mirrorDir, file.name);
    if (fs.existsSync(local)) return { bytes: fs.readFileSync(local), from: local };
  }
  const url = rawUrl(published, file);
  try {
    return { bytes: await download(url), from: url };
  } catch (error) {
    throw new ModelCommandError(`Cannot download ${url}: ${(error as Error).message}`, { cause: error });
  }
}

async function downloadBytes(url: string): Promise<Uint8Array> {
  const response = await fetch(url, { signal: AbortSignal.timeout(120_000) });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

/** Faint deterministic noise (about -50 dBFS): above the engine's silence gate, too quiet to be speech. */
function faintNoise(length: number): Float32Array {
  const samples = new Float32Array(length);
  let seed = 7;
  for (let i = 0; i < length; i++) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    samples[i] = (seed / 2147483648 - 0.5) * 0.006;
  }
  return samples;
}
