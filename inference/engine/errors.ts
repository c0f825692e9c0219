/**
 * Failures of the serving machinery itself (worker threads, queue, shutdown), as opposed to the audio or
 * the model: a request that fails with one of these may well succeed when sent again.
 */
import { AudioDecodeError, EngineError, ModelLoadError, TranscribeError } from "../errors.js";

export type EngineUnavailableCode =
  /** The worker running this request died (native crash, out of memory, exit); it has been replaced. */
  | "worker_crashed"
  /** No worker could load the model (the error says why); queued requests fail with it. */
  | "worker_unavailable"
  /** More requests are waiting than the queue takes; try again shortly. */
  | "overloaded"
  /** The pool was closed before the request finished. */
  | "shut_down";

export class EngineUnavailableError extends EngineError {
  declare readonly code: EngineUnavailableCode;
  constructor(code: EngineUnavailableCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}

/** The engine error class an error belongs to; decides which class it is rebuilt as. */
type ErrorKind = "audio" | "load" | "transcribe" | "unavailable" | "engine" | "other";

/** An error as it crosses the thread boundary (structured clone keeps neither the class nor `code`). */
export interface SerializedError {
  kind: ErrorKind;
  /** The original class name (e.g. Canary's UnsupportedLanguageError), kept on the rebuilt error. */
  name: string;
  code?: string;
  message: string;
  stack?: string;
}

function kindOf(error: Error): ErrorKind {
  if (error instanceof AudioDecodeError) return "audio";
  if (error instanceof ModelLoadError) return "load";
  if (error instanceof TranscribeError) return "transcribe";
  if (error instanceof EngineUnavailableError) return "unavailable";
  if (error instanceof EngineError) return "engine";
  return "other";
}

export function serializeError(error: unknown): SerializedError {
  if (!(error instanceof Error)) return { kind: "other", name: "Error", message: String(error) };
  const code = (error as { code?: unknown }).code;
  return {
    kind: kindOf(error),
    name: error.name,
    message: error.message,
    ...(typeof code === "string" ? { code } : {}),
    ...(error.stack ? { stack: error.stack } : {}),
  };
}

/** Rebuilds the engine's typed errors, so callers branch on the same classes and codes as in-thread. */
export function deserializeError(serialized: SerializedError): Error {
  const { kind, code = "internal", message } = serialized;
  let error: Error;
  switch (kind) {
    case "audio":
      error = new AudioDecodeError(code as AudioDecodeError["code"], message);
      break;
    case "load":
      error = new ModelLoadError(code as ModelLoadError["code"], message);
      break;
    case "transcribe":
      error = new TranscribeError(code as TranscribeError["code"], message);
      break;
    case "unavailable":
      error = new EngineUnavailableError(code as EngineUnavailableCode, message);
      break;
    case "engine":
      error = new EngineError(code, message);
      break;
    default:
      // Not an engine class, but its code (a Node error's, or one a runner set) still matters to callers.
      error = serialized.code ? Object.assign(new Error(message), { code: serialized.code }) : new Error(message);
  }
  Object.defineProperty(error, "name", { value: serialized.name, configurable: true, writable: true });
  if (serialized.stack) error.stack = serialized.stack;
  return error;
}
