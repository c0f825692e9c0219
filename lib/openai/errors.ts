import "server-only";
import { AudioDecodeError, EngineError, ModelLoadError, TranscribeError } from "@/inference";
import { AppError, UnavailableError, ValidationError } from "@/lib/errors";
import { PayloadTooLargeError, UnsupportedMediaTypeError } from "./body";

/**
 * The engine's typed failures as API errors. Statuses follow what the failure means for the caller:
 * 400 a request they must change, 413 audio over a size or length limit, 415 audio we cannot read at
 * all, 422 audio of a known format whose content is broken, 503 something on our side that may pass
 * (retry later). OpenAI's clients retry 5xx (and 408/409/429) by themselves and nothing else.
 */
export function fromEngineError(error: unknown): unknown {
  if (error instanceof AudioDecodeError) {
    switch (error.code) {
      case "empty":
        return new ValidationError(error.message, { status: 422, param: "file", code: "empty_audio", cause: error });
      case "unsupported_format":
        return new UnsupportedMediaTypeError(error.message, { param: "file", code: "unsupported_audio_format" });
      case "corrupt":
      case "truncated":
        return new ValidationError(error.message, { status: 422, param: "file", code: `${error.code}_audio`, cause: error });
      case "too_long":
        return new PayloadTooLargeError(error.message, { code: "audio_too_long" });
      case "too_large":
        return new PayloadTooLargeError(error.message, { code: "file_too_large" });
      case "timeout":
        return new ValidationError(error.message, { status: 422, param: "file", code: "decode_timeout", cause: error });
      case "silent":
      case "invalid_option":
        return new ValidationError(error.message, { status: 400, param: "file", code: error.code, cause: error });
    }
  }
  if (error instanceof TranscribeError) {
    switch (error.code) {
      case "unsupported_option":
        return new ValidationError(error.message, { status: 400, param: "language", code: "unsupported_option", cause: error });
      case "audio_too_long":
        return new PayloadTooLargeError(error.message, { code: "audio_too_long" });
      case "disposed":
        return new UnavailableError("The model is restarting; try again in a moment.", { code: "model_unavailable", cause: error });
    }
  }
  if (error instanceof ModelLoadError) {
    return new UnavailableError("The model could not be loaded right now; try again later.", { code: "model_unavailable", cause: error });
  }
  if (error instanceof EngineError) {
    // The worker pool's failures (worker crashed, overloaded, shut down) are all worth a retry.
    return new UnavailableError(error.message, { code: error.code === "overloaded" ? "engine_overloaded" : "engine_unavailable", cause: error });
  }
  return error;
}

/** For SSE error events and logs: the error as the envelope would carry it. */
export function errorCodeOf(error: unknown): string {
  return error instanceof AppError ? (error.code ?? error.type) : "internal_error";
}
