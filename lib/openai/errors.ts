import { AppError, UnavailableError, ValidationError } from "@/lib/errors";
import { PayloadTooLargeError, UnsupportedMediaTypeError } from "./body";

/**
 * The engine's typed failures as API errors. Statuses follow what the failure means for the caller:
 * 400 a request they must change, 413 audio over a size or length limit, 415 audio we cannot read at
 * all, 422 audio of a known format whose content is broken, 503 something on our side that may pass
 * (retry later). OpenAI's clients retry 5xx (and 408/409/429) by themselves and nothing else.
 *
 * Engine errors are recognised by class name along their prototype chain and by `code`, not by
 * `instanceof`: the engine is loaded outside the bundle (./engine.ts) and its worker threads rebuild
 * errors on the way back, so the class objects need not be the ones this module could import.
 */
type EngineErrorKind = "AudioDecodeError" | "TranscribeError" | "ModelLoadError" | "EngineError";

interface EngineLikeError extends Error {
  code: string;
}

function engineErrorKind(error: unknown): EngineErrorKind | null {
  if (!(error instanceof Error) || typeof (error as { code?: unknown }).code !== "string") return null;
  for (let proto = Object.getPrototypeOf(error); proto && proto !== Error.prototype; proto = Object.getPrototypeOf(proto)) {
    const name = (proto as { constructor?: { name?: string } }).constructor?.name;
    if (name === "AudioDecodeError" || name === "TranscribeError" || name === "ModelLoadError" || name === "EngineError") return name;
  }
  return null;
}

export function fromEngineError(error: unknown): unknown {
  const kind = engineErrorKind(error);
  if (kind === null) return error;
  const engineError = error as EngineLikeError;
  if (kind === "AudioDecodeError") {
    const code = engineError.code;
    switch (code) {
      case "empty":
        return new ValidationError(engineError.message, { status: 422, param: "file", code: "empty_audio", cause: error });
      case "unsupported_format":
        return new UnsupportedMediaTypeError(engineError.message, { param: "file", code: "unsupported_audio_format" });
      case "corrupt":
      case "truncated":
        return new ValidationError(engineError.message, { status: 422, param: "file", code: `${code}_audio`, cause: error });
      case "too_long":
        return new PayloadTooLargeError(engineError.message, { code: "audio_too_long" });
      case "too_large":
        return new PayloadTooLargeError(engineError.message, { code: "file_too_large" });
      case "timeout":
        return new ValidationError(engineError.message, { status: 422, param: "file", code: "decode_timeout", cause: error });
      default:
        return new ValidationError(engineError.message, { status: 400, param: "file", code, cause: error });
    }
  }
  if (kind === "TranscribeError") {
    switch (engineError.code) {
      case "unsupported_option":
        return new ValidationError(engineError.message, { status: 400, param: "language", code: "unsupported_option", cause: error });
      case "audio_too_long":
        return new PayloadTooLargeError(engineError.message, { code: "audio_too_long" });
      default:
        return new UnavailableError("The model is restarting; try again in a moment.", { code: "model_unavailable", cause: error });
    }
  }
  if (kind === "ModelLoadError") {
    return new UnavailableError("The model could not be loaded right now; try again later.", { code: "model_unavailable", cause: error });
  }
  // The worker pool's failures (worker crashed, overloaded, shut down) are all worth a retry.
  return new UnavailableError(engineError.message, {
    code: engineError.code === "overloaded" ? "engine_overloaded" : "engine_unavailable",
    cause: error,
  });
}

/** For SSE error events and logs: the error as the envelope would carry it. */
export function errorCodeOf(error: unknown): string {
  return error instanceof AppError ? (error.code ?? error.type) : "internal_error";
}
