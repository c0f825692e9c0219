/**
 * The one file that imports onnxruntime-node: session creation, provider choice and tensors.
 */
import * as ort from "onnxruntime-node";
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
  const session = await ort.InferenceSession.create(modelPath, { ...base, executionProviders: ["cpu"] });
  return wrap(session, "cpu");
}

function wrap(session: ort.InferenceSession, provider: ExecutionProvider): LoadedSession {
  return { session, provider, dispose: () => session.release() };
}
