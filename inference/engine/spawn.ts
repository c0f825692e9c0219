/**
 * Starting an engine worker thread, wherever the code runs:
 *
 * - bundled (the built Next server, `next dev`): Turbopack compiles `new Worker(new URL("./worker.ts",
 *   import.meta.url))` into a worker chunk of its own, so the plain form works;
 * - from TypeScript sources (vitest, `tsx` scripts): Node cannot load worker.ts in a new thread (tsx's
 *   loader hooks do not reach worker threads on Node 20), so a tiny .mjs registers tsx in the thread first.
 *
 * Which one applies is found out once, by the first worker that starts (a source-mode start fails within
 * milliseconds with "Unknown file extension .ts").
 */
import { Worker } from "node:worker_threads";
import type { WorkerLoad } from "./protocol.js";
import type { StreamWorkerLoad } from "./stream-protocol.js";

type Mode = "bundled" | "source";
let mode: Mode | undefined;

/** What a worker is started for: files (worker.ts) or live streams (stream-worker.ts). */
type Load = WorkerLoad | StreamWorkerLoad;

/** The plain form: under a bundler each literal URL becomes a worker chunk of its own. */
function spawnBundled(load: Load): Worker {
  return load.role === "gigarouter-stream-worker"
    ? new Worker(new URL("./stream-worker.ts", import.meta.url), { workerData: load })
    : new Worker(new URL("./worker.ts", import.meta.url), { workerData: load });
}

function spawnFromSource(load: Load): Worker {
  const boot = new URL("./ts-worker-boot.mjs", import.meta.url);
  const entry = new URL(load.role === "gigarouter-stream-worker" ? "./stream-worker.ts" : "./worker.ts", import.meta.url).href;
  return new Worker(boot, { workerData: { ...load, bootLoader: "tsx/esm/api", bootEntry: entry } });
}

/** True for the errors Node gives when asked to run a .ts file (or its .js imports) without a loader. */
function isSourceModeFailure(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return code === "ERR_UNKNOWN_FILE_EXTENSION" || code === "ERR_MODULE_NOT_FOUND";
}

export type StartResult =
  /** The worker is up; `message` is its first message (its load result). */
  | { worker: Worker; message: unknown }
  /** It stopped before saying anything (it has exited or is being terminated). */
  | { error: Error };

function firstMessage(worker: Worker): Promise<StartResult> {
  return new Promise((resolve) => {
    const done = (result: StartResult) => {
      worker.off("message", onMessage);
      worker.off("error", onError);
      worker.off("exit", onExit);
      resolve(result);
    };
    const onMessage = (message: unknown) => done({ worker, message });
    const onError = (error: Error) => {
      void worker.terminate();
      done({ error });
    };
    const onExit = (code: number) => done({ error: new Error(`the engine worker exited (code ${code}) before it was ready`) });
    worker.on("message", onMessage);
    worker.on("error", onError);
    worker.on("exit", onExit);
  });
}

/** Starts a worker and waits for its first message, switching to source mode if that is what it takes. */
export async function startWorker(load: Load): Promise<StartResult> {
  if (mode === "source") return firstMessage(spawnFromSource(load));
  const result = await firstMessage(spawnBundled(load));
  // (Several workers may be starting at once; each that fails the bundled way retries from source.)
  if ("error" in result && mode !== "bundled" && isSourceModeFailure(result.error)) {
    mode = "source";
    return firstMessage(spawnFromSource(load));
  }
  if ("message" in result) mode = "bundled";
  return result;
}
