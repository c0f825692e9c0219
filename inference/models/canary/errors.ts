/**
 * Canary's refusals, as subclasses of the engine's typed errors so the API layer maps them by `code`
 * without knowing about Canary, while tests and callers can still tell which option was wrong.
 */
import { TranscribeError } from "../../errors.js";

/** A language canary-1b-flash does not speak (or this model's vocabulary lacks). */
export class UnsupportedLanguageError extends TranscribeError {
  readonly language: string;
  readonly supported: readonly string[];
  constructor(language: string, supported: readonly string[], role: "source" | "target") {
    super(
      "unsupported_option",
      `Canary cannot ${role === "source" ? "transcribe" : "translate into"} "${language}"; ` +
        `supported languages: ${supported.join(", ")}.`,
    );
    this.language = language;
    this.supported = supported;
  }
}

/** Two supported languages that Canary cannot translate between (it translates to and from English). */
export class UnsupportedLanguagePairError extends TranscribeError {
  readonly source: string;
  readonly target: string;
  constructor(source: string, target: string) {
    super(
      "unsupported_option",
      `Canary translates between English and another language, not from "${source}" to "${target}".`,
    );
    this.source = source;
    this.target = target;
  }
}
