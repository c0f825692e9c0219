/**
 * The canary-1b-flash decoder prompt (NeMo's Canary2PromptFormatter with an empty decoder context):
 *
 *   <|startofcontext|> <|startoftranscript|> <|emo:undefined|> <|src|> <|tgt|>
 *   <|pnc|>|<|nopnc|> <|noitn|> <|notimestamp|>|<|timestamp|> <|nodiarize|>
 *
 * Nine special tokens, no leading ▁ (NeMo tokenises the special prompt token by token). Translation is
 * simply src != tgt.
 */
import { TranscribeError } from "../../errors.js";
import type { TranscribeOptions } from "../../types.js";
import { UnsupportedLanguageError, UnsupportedLanguagePairError } from "./errors.js";
import type { CanaryVocab } from "./vocab.js";

/** What canary-1b-flash was trained on: ASR in four languages, translation English <-> the other three. */
export const CANARY_LANGUAGES = ["en", "de", "fr", "es"] as const;
/** Used when the caller names no language: this prompt has no language-identification slot. */
export const DEFAULT_LANGUAGE = "en";
export const PROMPT_LENGTH = 9;

export interface CanaryTask {
  source: string;
  target: string;
  punctuation: boolean;
  timestamps: boolean;
}

/** "de-DE", "DE", "de_DE" -> "de"; undefined, "" and "auto" -> undefined. */
export function primaryLanguage(tag: string | undefined): string | undefined {
  const trimmed = tag?.trim().toLowerCase();
  if (!trimmed || trimmed === "auto") return undefined;
  return trimmed.split(/[-_]/)[0];
}

/** Resolves and checks the caller's options against what the model can do. */
export function resolveTask(options: TranscribeOptions, vocab: CanaryVocab): CanaryTask {
  const supported = supportedLanguages(vocab);
  const source = primaryLanguage(options.language) ?? DEFAULT_LANGUAGE;
  const target = primaryLanguage(options.targetLanguage) ?? source;
  if (!supported.includes(source)) throw new UnsupportedLanguageError(source, supported, "source");
  if (!supported.includes(target)) throw new UnsupportedLanguageError(target, supported, "target");
  if (source !== target && source !== "en" && target !== "en") throw new UnsupportedLanguagePairError(source, target);
  const timestamps = options.timestamps ?? false;
  if (timestamps && vocab.idOf("<|timestamp|>") === undefined) {
    throw new TranscribeError("unsupported_option", "this Canary model has no timestamp tokens");
  }
  return { source, target, punctuation: options.punctuation ?? true, timestamps };
}

/** The languages of CANARY_LANGUAGES that this model's vocabulary has a token for. */
export function supportedLanguages(vocab: CanaryVocab): string[] {
  return CANARY_LANGUAGES.filter((code) => vocab.idOf(`<|${code}|>`) !== undefined);
}

/** Fails at load time, naming the file, when the token table lacks a token every prompt needs. */
export function checkPromptTokens(vocab: CanaryVocab, file: string): void {
  for (const piece of PROMPT_TOKENS) vocab.require(piece, file);
}

const PROMPT_TOKENS = [
  "<|endoftext|>",
  "<|startofcontext|>",
  "<|startoftranscript|>",
  "<|emo:undefined|>",
  "<|pnc|>",
  "<|nopnc|>",
  "<|noitn|>",
  "<|notimestamp|>",
  "<|nodiarize|>",
];

export function buildPrompt(task: CanaryTask, vocab: CanaryVocab): number[] {
  const id = (piece: string): number => vocab.require(piece, "the token table");
  return [
    id("<|startofcontext|>"),
    id("<|startoftranscript|>"),
    id("<|emo:undefined|>"),
    id(`<|${task.source}|>`),
    id(`<|${task.target}|>`),
    id(task.punctuation ? "<|pnc|>" : "<|nopnc|>"),
    id("<|noitn|>"),
    id(task.timestamps ? "<|timestamp|>" : "<|notimestamp|>"),
    id("<|nodiarize|>"),
  ];
}
