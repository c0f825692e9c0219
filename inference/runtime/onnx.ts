/**
 * The one file that imports onnxruntime-node: session creation, provider choice and tensors.
 *
 * `inline` sessions drive onnxruntime-node's native session class (dist/binding, typed but not its public
 * API) through a backend of our own; the package is pinned, and onnx.test.ts checks them against the
 * package's own sessions (names, metadata, outputs, errors).
 */
import * as ort from "onnxruntime-node";
import { binding, initOrt } from "onnxruntime-node/dist/binding.js";
import type { ExecutionProvider } from "../types.js";

export { ort };

export interface LoadedSession {
  session: ort.InferenceSession;
  /** The provider that actually runs this session (CUDA falls back to CPU when its libraries are absent). */
  provider: ExecutionProvider;
  dispose(): Promise<void>;
}

export interface SessionOptions {
  /** Preferred provider; CPU is always the fallback. */
  provider?: ExecutionProvider;
  intraOpThreads?: number;
  /**
   * CPU only, for a session called many times in a row with small inputs (a decoder stepping token by
   * token): `session.run` runs the model at once instead of one turn of the event loop later.
   * onnxruntime-node defers every run with setImmediate, which costs ~15 µs of CPU per call here, as much
   * as 5 % of a small decoder step; such a session gives the event loop a turn only once INLINE_YIELD_MS
   * of back-to-back calls have passed. Same graph, same inputs, same outputs.
   */
  inline?: boolean;
}

export async function createSession(modelPath: string, options: SessionOptions = {}): Promise<LoadedSession> {
  const base: ort.InferenceSession.SessionOptions = {
    graphOptimizationLevel: "all",
    ...(options.intraOpThreads ? { intraOpNumThreads: options.intraOpThreads } : {}),
  };
  if (options.provider === "cuda") {
    try {
      const session = await ort.InferenceSession.create(modelPath, { ...base, executionProviders: ["cuda"] });
      return wrap(session, "cuda");
    } catch {
      // onnxruntime-node throws when the CUDA provider libraries are missing; CPU is the fallback.
    }
  }
  const cpu = options.inline ? inlineCpuBackend() : "cpu";
  const session = await ort.InferenceSession.create(modelPath, { ...base, executionProviders: [cpu] });
  return wrap(session, "cpu");
}

function wrap(session: ort.InferenceSession, provider: ExecutionProvider): LoadedSession {
  return { session, provider, dispose: () => session.release() };
}

/**
 * An inline session gives the event loop a turn after this much time spent in back-to-back runs, so other
 * work on the thread (a worker's messages, timers) waits at most about this long plus one call.
 */
export const INLINE_YIELD_MS = 5;

const INLINE_CPU = "gigarouter-inline-cpu";
let inlineRegistered = false;

/**
 * Registers (once) the CPU backend behind `inline` sessions, through onnxruntime's own extension point
 * (registerBackend), and returns its name to ask for as the execution provider. It drives the same native
 * session class onnxruntime-node's CPU backend does, so load options, tensors and results are the same.
 */
function inlineCpuBackend(): string {
  if (!inlineRegistered) {
    // Negative priority: never picked unless asked for by name.
    ort.registerBackend(INLINE_CPU, { init: async () => {}, createInferenceSessionHandler: openInline }, -1);
    inlineRegistered = true;
  }
  return INLINE_CPU;
}

async function openInline(path: string | Uint8Array, options: ort.InferenceSession.SessionOptions = {}): Promise<InlineHandler> {
  if (typeof path !== "string") throw new TypeError("inline sessions load from a file path");
  initOrt();
  const native = new binding.InferenceSession();
  native.loadModel(path, { ...options, executionProviders: ["cpu"] });
  return new InlineHandler(native);
}

type NativeSession = InstanceType<typeof binding.InferenceSession>;
type NativeMetadata = NativeSession["inputMetadata"][number];
type Feeds = Parameters<NativeSession["run"]>[0];
type Fetches = Parameters<NativeSession["run"]>[1];

class InlineHandler {
  readonly inputNames: string[];
  readonly outputNames: string[];
  readonly inputMetadata: ort.InferenceSession.ValueMetadata[];
  readonly outputMetadata: ort.InferenceSession.ValueMetadata[];
  private lastYield = performance.now();

  constructor(private readonly native: NativeSession) {
    this.inputNames = native.inputMetadata.map((m) => m.name);
    this.outputNames = native.outputMetadata.map((m) => m.name);
    this.inputMetadata = native.inputMetadata.map(valueMetadata);
    this.outputMetadata = native.outputMetadata.map(valueMetadata);
  }

  async run(feeds: Feeds, fetches: Fetches, options: ort.InferenceSession.RunOptions): Promise<ReturnType<NativeSession["run"]>> {
    if (performance.now() - this.lastYield >= INLINE_YIELD_MS) {
      await new Promise((resolve) => setImmediate(resolve));
      this.lastYield = performance.now();
    }
    return this.native.run(feeds, fetches, options);
  }

  async dispose(): Promise<void> {
    this.native.dispose();
  }

  startProfiling(): void {}

  endProfiling(): void {
    this.native.endProfiling();
  }
}

/** ONNX TensorProto element types, by their enum value, as onnxruntime's JS API names them. */
const ELEMENT_TYPES: Record<number, ort.Tensor.Type> = {
  1: "float32",
  2: "uint8",
  3: "int8",
  4: "uint16",
  5: "int16",
  6: "int32",
  7: "int64",
  8: "string",
  9: "bool",
  10: "float16",
  11: "float64",
  12: "uint32",
  13: "uint64",
  21: "uint4",
  22: "int4",
};

function valueMetadata(m: NativeMetadata): ort.InferenceSession.ValueMetadata {
  if (!m.isTensor) return { name: m.name, isTensor: false };
  const type = ELEMENT_TYPES[m.type];
  if (!type) throw new Error(`${m.name}: unsupported element type ${m.type}`);
  // -1 marks a symbolic axis, named in symbolicDimensions.
  const shape = m.shape.map((dim, i) => (dim === -1 ? m.symbolicDimensions[i]! : dim));
  return { name: m.name, isTensor: true, type, shape };
}
