/**
 * The engine's typed failures. Each has a stable `code` that callers branch on (the API layer maps codes
 * to HTTP statuses; nothing here knows about HTTP) and a message written for the person who sent the audio.
 */

export class EngineError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

export type AudioDecodeErrorCode =
  /** No bytes, or a container that holds no samples. */
  | "empty"
  /** Not a recognised audio container, or a codec/variant the decoders do not handle. */
  | "unsupported_format"
  /** Recognised container, invalid contents (the decoder failed or produced nothing). */
  | "corrupt"
  /** The container says more audio follows than the bytes hold. */
  | "truncated"
  /** Longer than the allowed duration (checked from the header first, then while decoding). */
  | "too_long"
  /** More encoded bytes than allowed; checked before anything is parsed. */
  | "too_large"
  /** The decoder did not finish in time (and was stopped). */
  | "timeout"
  /** Only raised when the caller asks for it (`rejectSilent`); otherwise silence is reported as a flag. */
  | "silent"
  /** A decode option the audio cannot satisfy, e.g. channel 3 of a stereo file. */
  | "invalid_option";

export class AudioDecodeError extends EngineError {
  declare readonly code: AudioDecodeErrorCode;
  constructor(code: AudioDecodeErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}

export type ModelLoadErrorCode =
  /** The directory, manifest or a file it names does not exist. */
  | "not_found"
  /** The manifest (or a model's own metadata) is not valid. */
  | "invalid_manifest"
  /** The manifest names a runner this engine does not have. */
  | "unknown_runner"
  /** The directory has no manifest and matches no known layout. */
  | "unrecognised_layout"
  /** onnxruntime (or a runner) refused the files. */
  | "load_failed";

export class ModelLoadError extends EngineError {
  declare readonly code: ModelLoadErrorCode;
  constructor(code: ModelLoadErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}

export type TranscribeErrorCode =
  /** An option this model cannot honour (e.g. translation on an English-only model). */
  | "unsupported_option"
  /** Audio longer than this model accepts. */
  | "audio_too_long"
  /** The model was disposed. */
  | "disposed";

export class TranscribeError extends EngineError {
  declare readonly code: TranscribeErrorCode;
  constructor(code: TranscribeErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}
