import "server-only";
import path from "node:path";
import { pathToFileURL } from "node:url";

/**
 * inference/ loaded at run time, from its TypeScript sources.
 *
 * inference/ is Node-style ESM TypeScript (`import "./model.js"` for model.ts). Turbopack in Next 16.4
 * cannot resolve that (no `extensionAlias`; `turbopack.resolveAlias` patterns resolve from the project
 * root, not the importing file), so the Next server cannot bundle the engine. Instead the engine is
 * imported from its sources through tsx's loader, registered once per process; the specifiers are
 * variables so the bundler has nothing to follow. Its worker threads boot the same way
 * (inference/engine/spawn.ts), and onnxruntime-node and audio-decode are loaded by Node from
 * node_modules like any server-external package. Under vitest and tsx the same code simply imports the
 * sources (registering tsx again is harmless).
 *
 * Everything in lib/ that needs the engine at run time goes through here, so there is one copy of its
 * modules (and of its error classes) per process. Types can be imported statically (`import type`).
 */
type Inference = typeof import("@/inference");
type EngineModule = typeof import("@/inference/engine");

const globalForRuntime = globalThis as typeof globalThis & {
  // The same key lib/openai's stopgap loader used, so both share one copy while both exist.
  gigarouterInference?: Promise<Inference>;
  gigarouterEngineModule?: Promise<EngineModule>;
  gigarouterTsxRegistered?: Promise<void>;
};

function registerTypeScript(): Promise<void> {
  globalForRuntime.gigarouterTsxRegistered ??= (async () => {
    const loader: string = "tsx/esm/api";
    const { register } = (await import(/* webpackIgnore: true */ /* turbopackIgnore: true */ loader)) as { register: () => unknown };
    register();
  })();
  return globalForRuntime.gigarouterTsxRegistered;
}

async function importSource<T>(relative: string): Promise<T> {
  await registerTypeScript();
  const url = pathToFileURL(path.join(/* turbopackIgnore: true */ process.cwd(), relative)).href;
  return (await import(/* webpackIgnore: true */ /* turbopackIgnore: true */ url)) as T;
}

/** The engine's public API (`inference/index.ts`): decodeAudio, loadModel, error classes. */
export function loadInference(): Promise<Inference> {
  globalForRuntime.gigarouterInference ??= importSource<Inference>("inference/index.ts");
  return globalForRuntime.gigarouterInference;
}

/** The worker-thread pool and batcher (`inference/engine/index.ts`). */
export function loadEngineModule(): Promise<EngineModule> {
  globalForRuntime.gigarouterEngineModule ??= importSource<EngineModule>("inference/engine/index.ts");
  return globalForRuntime.gigarouterEngineModule;
}
