/**
 * Nemotron's refusals, as subclasses of the engine's typed errors: the API layer maps them by `code`
 * without knowing about Nemotron, while callers can still tell which option was wrong.
 */
import { EngineError, TranscribeError } from "../../errors.js";

/** A language the model has no prompt for. */
export class UnsupportedLanguageError extends TranscribeError {
  readonly language: string;
  readonly supported: readonly string[];
  constructor(language: string, supported: readonly string[]) {
    super(
      "unsupported_option",
      `Nemotron has no language prompt for "${language}"; use "auto" or one of: ${supported.join(", ")}.`,
    );
    this.language = language;
    this.supported = supported;
  }
}

/** An `acceleration` that is not none/regular/high/full, or whose chunk graph this model directory lacks. */
export class UnsupportedAccelerationError extends TranscribeError {
  readonly acceleration: string;
  readonly available: readonly string[];
  constructor(acceleration: string, available: readonly string[], why: string) {
    super("unsupported_option", `acceleration "${acceleration}" ${why}; available here: ${available.join(", ")}.`);
    this.acceleration = acceleration;
    this.available = available;
  }
}

/** createStream while the engine already serves its configured maximum of concurrent streams. */
export class StreamCapacityError extends EngineError {
  readonly limit: number;
  constructor(limit: number) {
    super("busy", `all ${limit} streams of this model are busy; try again shortly`);
    this.limit = limit;
  }
}

/** A stream used after it ended (push after flush, push after cancel) or fed two kinds of input. */
export class StreamStateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StreamStateError";
  }
}
