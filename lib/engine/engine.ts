import "server-only";
import { availableParallelism } from "node:os";
import path from "node:path";
import type { DecodedAudio, DecodeOptions, ExecutionProvider, ModelCapabilities, TranscribeOptions, Transcript } from "@/inference";
import type { ModelPool, PoolStats } from "@/inference/engine";
import { findModel } from "@/lib/catalog";
import { weightsPresent } from "@/lib/catalog/status";
import type { CatalogModel } from "@/lib/catalog/types";
import { env } from "@/lib/env";
import { NotFoundError } from "@/lib/errors";
import { upstreamModel } from "@/lib/realtime/upstream-transcription";
import { findRegistration, registrationPresent, registryPath } from "./registrations";
import { loadEngineModule, loadInference } from "./runtime";

/**
 * The process-wide engine: every live catalog model, each loaded on first use into its own pool of
 * worker threads with a dynamic batcher (inference/engine). One per process (a globalThis singleton,
 * so Next's dev reloads do not start a second set of workers); idle workers never keep the process
 * alive, and the pools are closed when the process runs out of work.
 *
 * Errors: an unknown model is a NotFoundError (`model_not_found`), a model that is not live one with
 * `model_not_live`; everything else is the engine's own typed error (AudioDecodeError, TranscribeError,
 * ModelLoadError, EngineUnavailableError — all EngineError with a `code`), for the API layer to map.
 */

/** Where a live model's files are, and the manifest to load them with when the directory has none. */
export interface ModelSource {
  dir: string;
  manifest?: { runner: string; files: Record<string, string>; config: Record<string, unknown>; name?: string };
  origin: "registered" | "models_dir";
}

export interface EngineSettings {
  provider: ExecutionProvider;
  /** Worker threads per model. */
  workers: number;
  intraOpThreads: number;
  maxBatchSize: number;
  maxWaitMs: number;
  modelsDir: string;
  registry: string;
}

export interface TranscribeRequest {
  signal?: AbortSignal;
  /** Limits for decoding encoded input; the model's own length limit always applies too. */
  decode?: DecodeOptions;
}

export interface EngineModelStatus {
  id: string;
  state: "loading" | "ready" | "failed";
  /** The provider that really runs it (once loaded). */
  provider?: ExecutionProvider;
  /** CUDA was asked for but its libraries are missing, so it runs on CPU. */
  cpuFallback?: boolean;
  workers?: PoolStats["workers"];
  queued: number;
  running: number;
  batches: number;
  items: number;
  /** Why the last load failed (state "failed"). */
  error?: string;
}

export interface EngineStatus {
  requestedProvider: ExecutionProvider;
  /** Requests waiting for a worker, over all models. */
  queueDepth: number;
  running: number;
  models: EngineModelStatus[];
}

interface LoadedEntry {
  key: string;
  pool: Promise<ModelPool>;
  ready?: ModelPool;
  error?: string;
}

/** Where the engine finds a catalog model's files: its registration first, then MODELS_DIR/<weightsDir>. */
export function modelSource(
  model: CatalogModel,
  modelsDir: string = env.MODELS_DIR,
  registry: string = registryPath(),
): ModelSource | undefined {
  const { runner, weightsDir } = model.serving;
  if (runner === "none" || runner === "kyutai-upstream") return undefined;
  const registration = findRegistration(model.id, registry);
  if (registration && registration.runner === runner && registrationPresent(registration)) {
    return { dir: registration.dir, manifest: registration.manifest, origin: "registered" };
  }
  if (weightsDir && weightsPresent(model, modelsDir, registry)) return { dir: path.join(modelsDir, weightsDir), origin: "models_dir" };
  return undefined;
}

export function settingsFromEnv(): EngineSettings {
  const workers = env.ENGINE_WORKERS ?? (env.ENGINE_PROVIDER === "cuda" ? 1 : 2);
  return {
    provider: env.ENGINE_PROVIDER,
    workers,
    intraOpThreads: env.ENGINE_INTRA_OP_THREADS ?? Math.max(1, Math.floor(availableParallelism() / workers)),
    maxBatchSize: env.ENGINE_MAX_BATCH,
    maxWaitMs: env.ENGINE_MAX_WAIT_MS,
    modelsDir: env.MODELS_DIR,
    registry: registryPath(),
  };
}

export class Engine {
  private readonly loaded = new Map<string, LoadedEntry>();
  private closed = false;

  constructor(readonly settings: EngineSettings) {}

  /** Transcribes (or translates) encoded bytes or decoded 16 kHz audio with a live catalog model. */
  async transcribe(
    modelId: string,
    input: Uint8Array | ArrayBuffer | DecodedAudio,
    options: TranscribeOptions = {},
    request: TranscribeRequest = {},
  ): Promise<Transcript> {
    // Models served by an upstream server (Kyutai via moshi-server) go there, not to a worker pool.
    const upstream = await upstreamModel(modelId);
    if (upstream) {
      const audio = input instanceof Uint8Array || input instanceof ArrayBuffer ? await this.decode(input, request.decode) : input;
      return upstream.transcribe(audio, options, request.signal);
    }
    const pool = await this.pool(modelId);
    return pool.transcribe(input, options, request);
  }

  /** What the served model accepts (its real limits; the catalog's may be looser). Loads it if needed. */
  async capabilities(modelId: string): Promise<ModelCapabilities> {
    const upstream = await upstreamModel(modelId);
    if (upstream) return upstream.capabilities;
    return (await this.pool(modelId)).capabilities;
  }

  /** Decodes encoded audio in the engine's decoder workers (e.g. to meter its duration before running). */
  async decode(bytes: Uint8Array | ArrayBuffer, options?: DecodeOptions): Promise<DecodedAudio> {
    return (await loadInference()).decodeAudio(bytes, options);
  }

  status(): EngineStatus {
    const models = [...this.loaded.entries()].map(([id, entry]): EngineModelStatus => {
      if (!entry.ready) {
        return { id, state: entry.error ? "failed" : "loading", queued: 0, running: 0, batches: 0, items: 0, ...(entry.error ? { error: entry.error } : {}) };
      }
      const stats = entry.ready.stats();
      return {
        id,
        state: "ready",
        provider: stats.provider,
        cpuFallback: this.settings.provider === "cuda" && stats.provider === "cpu",
        workers: stats.workers,
        queued: stats.queued,
        running: stats.running,
        batches: stats.batches,
        items: stats.items,
      };
    });
    return {
      requestedProvider: this.settings.provider,
      queueDepth: models.reduce((n, m) => n + m.queued, 0),
      running: models.reduce((n, m) => n + m.running, 0),
      models,
    };
  }

  /** Closes every pool: waiting requests fail with `shut_down`, running batches finish, threads end. */
  async shutdown(): Promise<void> {
    this.closed = true;
    const entries = [...this.loaded.values()];
    this.loaded.clear();
    await Promise.all(entries.map((entry) => entry.pool.then((pool) => pool.close(), () => undefined)));
    await (await loadInference()).shutdownDecoders();
  }

  /** The model's pool, loading it on first use (and again when its files moved or it was re-registered). */
  private async pool(modelId: string): Promise<ModelPool> {
    const model = findModel(modelId);
    if (!model) throw new NotFoundError(`The model '${modelId}' does not exist.`, { param: "model", code: "model_not_found" });
    const source = modelSource(model, this.settings.modelsDir, this.settings.registry);
    if (!source) {
      throw new NotFoundError(`${model.name} (\`${model.id}\`) is not live on this server.`, { param: "model", code: "model_not_live" });
    }
    if (this.closed) {
      const { EngineUnavailableError } = await loadEngineModule();
      throw new EngineUnavailableError("shut_down", "the engine has been shut down");
    }
    const key = JSON.stringify([source.dir, source.manifest ?? null]);
    const current = this.loaded.get(model.id);
    if (current && current.key === key && !current.error) return current.pool;
    if (current) {
      // Re-registered elsewhere, or the last load failed: the old pool finishes what it has and goes.
      this.loaded.delete(model.id);
      void current.pool.then((pool) => pool.close(), () => undefined);
    }
    const entry: LoadedEntry = { key, pool: this.open(model, source) };
    this.loaded.set(model.id, entry);
    entry.pool.then(
      (pool) => {
        entry.ready = pool;
        if (this.settings.provider === "cuda" && pool.provider === "cpu") {
          console.warn(`[engine] ${model.id}: CUDA was requested but its provider libraries are missing; running on CPU`);
        }
      },
      (error: unknown) => {
        // Kept for status(); the next request tries again (weights may have been mid-copy).
        entry.error = error instanceof Error ? error.message : String(error);
      },
    );
    return entry.pool;
  }

  private async open(model: CatalogModel, source: ModelSource): Promise<ModelPool> {
    const { openModelPool } = await loadEngineModule();
    const { provider, workers, intraOpThreads, maxBatchSize, maxWaitMs } = this.settings;
    return openModelPool(source.dir, {
      provider,
      workers,
      intraOpThreads,
      maxBatchSize,
      maxWaitMs,
      ...(source.manifest ? { manifest: source.manifest } : {}),
    });
  }
}

const globalForEngine = globalThis as typeof globalThis & { gigarouterEngine?: Engine };

/** The process-wide engine, created on first use with the settings from lib/env. */
export function getEngine(): Engine {
  if (!globalForEngine.gigarouterEngine) {
    const engine = new Engine(settingsFromEnv());
    globalForEngine.gigarouterEngine = engine;
    // Idle workers are unref'd, so the loop empties when the server stops taking work: release the
    // models then. (A signal that ends the process ends its threads with it.)
    process.once("beforeExit", () => {
      if (globalForEngine.gigarouterEngine === engine) globalForEngine.gigarouterEngine = undefined;
      void engine.shutdown();
    });
  }
  return globalForEngine.gigarouterEngine;
}
