import "server-only";
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { env } from "@/lib/env";

// Paths here are runtime data (DATA_DIR, registered model folders), never files to ship with the build:
// the turbopackIgnore comments keep Next's output tracing from pulling in the whole project.

/**
 * Which model directory serves which catalog model, as registered by an operator (`npm run models -- add`).
 *
 * Kept in a JSON file next to the weights (`<DATA_DIR>/models/registry.json`), not in the database: a
 * registration names a directory on this host's disk, and only an engine that can read that directory can
 * serve it. A database row would be shared by every web instance, so an instance without the weights would
 * show the model live and then fail to serve it; a file that lives with the weights is true exactly where
 * the weights are (instances that share weights mount the same volume, and with it the same registry).
 * It also keeps the catalog's status check synchronous and free of a database round trip.
 *
 * Nothing here loads a model: this module is read by every catalog page.
 */

export const registrationSchema = z.object({
  /** Canonical catalog id, e.g. "nvidia/canary-1b-flash". */
  modelId: z.string().min(1),
  /** Runner kind the directory was validated with (equals the catalog entry's runner). */
  runner: z.string().min(1),
  /** Absolute path of the model directory. */
  dir: z.string().min(1),
  /** The manifest the engine loads it with (written here, so read-only directories need no gigarouter.json). */
  manifest: z.object({
    runner: z.string().min(1),
    files: z.record(z.string(), z.string().min(1)),
    config: z.record(z.string(), z.unknown()),
    name: z.string().optional(),
  }),
  /** The provider it loaded on when validated. */
  validatedProvider: z.enum(["cpu", "cuda"]),
  registeredAt: z.string(),
  /** Where the files came from, e.g. a download URL; informational. */
  source: z.string().optional(),
});

export type Registration = z.infer<typeof registrationSchema>;

const registryFileSchema = z.object({
  version: z.literal(1),
  models: z.record(z.string(), registrationSchema),
});

/** Registered and fetched models live under here. */
export function engineModelsDir(dataDir: string = env.DATA_DIR): string {
  return path.join(dataDir, "models");
}

export function registryPath(dataDir: string = env.DATA_DIR): string {
  return path.join(engineModelsDir(dataDir), "registry.json");
}

// Re-read only when the file changes: the catalog asks for every model on every page.
let cache: { file: string; mtimeMs: number; size: number; models: Map<string, Registration> } | undefined;

/** Every registration in the registry file (empty when there is none). A corrupt file is an error. */
export function readRegistrations(file: string = registryPath()): Map<string, Registration> {
  let info: fs.Stats;
  try {
    info = fs.statSync(/* turbopackIgnore: true */ file);
  } catch {
    return new Map();
  }
  if (cache && cache.file === file && cache.mtimeMs === info.mtimeMs && cache.size === info.size) return cache.models;
  const parsed = registryFileSchema.safeParse(JSON.parse(fs.readFileSync(/* turbopackIgnore: true */ file, "utf8")));
  if (!parsed.success) throw new Error(`${file} is not a valid model registry: ${z.prettifyError(parsed.error)}`);
  const models = new Map(Object.entries(parsed.data.models));
  cache = { file, mtimeMs: info.mtimeMs, size: info.size, models };
  return models;
}

export function findRegistration(modelId: string, file: string = registryPath()): Registration | undefined {
  return readRegistrations(file).get(modelId);
}

/** True while every file the registration's manifest names is still a file on disk. */
export function registrationPresent(registration: Registration): boolean {
  const files = Object.values(registration.manifest.files);
  return files.length > 0 && files.every((name) => isFile(path.resolve(registration.dir, name)));
}

/** Adds or replaces a model's registration (atomically: readers never see a half-written file). */
export function saveRegistration(registration: Registration, file: string = registryPath()): void {
  const models = Object.fromEntries(readRegistrations(file));
  models[registration.modelId] = registrationSchema.parse(registration);
  writeRegistry(file, models);
}

/** Removes a model's registration; false when it had none. The model's files are left alone. */
export function removeRegistration(modelId: string, file: string = registryPath()): boolean {
  const models = Object.fromEntries(readRegistrations(file));
  if (!(modelId in models)) return false;
  delete models[modelId];
  writeRegistry(file, models);
  return true;
}

function writeRegistry(file: string, models: Record<string, Registration>): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, `${JSON.stringify({ version: 1, models }, null, 2)}\n`);
  fs.renameSync(temporary, file);
  cache = undefined;
}

function isFile(p: string): boolean {
  try {
    return fs.statSync(/* turbopackIgnore: true */ p).isFile();
  } catch {
    return false;
  }
}
