import type { CodeRequest } from "@/components/model/codeSamples";
import { baseLanguage, languageLabel } from "@/lib/catalog/format";
import type { Capabilities, ModelStatus, ModelView, Pricing, TranslationPair } from "@/lib/catalog/types";


/**
 * Which options a model's playground shows, what a run sends, and the matching "Get code" request.
 * Everything comes from the model's catalog capabilities: an option the model lacks is not offered.
 * Pure, so the rules are tested without a browser.
 */

/** The facts about a model the playground needs (serialisable, passed from the server page). */
export interface PlaygroundModel {
  id: string;
  shortName: string;
  name: string;
  status: ModelStatus;
  languages: string[];
  translationPairs: TranslationPair[];
  capabilities: Capabilities;
  pricing: Pricing;
  maxAudioSeconds?: number;
  /** Streaming models: the chunk sizes their acceleration setting picks from. */
  chunkSizesMs?: number[];
}

/** The facts the browser needs about a model, and nothing else (the catalog entry is large). */
export function playgroundModel(model: ModelView): PlaygroundModel {
  return {
    id: model.id,
    shortName: model.shortName,
    name: model.name,
    status: model.status,
    languages: model.languages,
    translationPairs: model.translationPairs,
    capabilities: model.capabilities,
    pricing: model.pricing,
    ...(model.maxAudioSeconds !== undefined ? { maxAudioSeconds: model.maxAudioSeconds } : {}),
    ...(model.streaming?.chunkSizesMs ? { chunkSizesMs: model.streaming.chunkSizesMs } : {}),
  };
}

export type Task = "transcribe" | "translate";

/**
 * The speed/accuracy settings of streaming models, slowest (most accurate) first, as the queue API
 * defines them (lib/queue-api/schema.ts; a test keeps the two equal — importing it would put zod in
 * the page's bundle).
 */
export const ACCELERATION_CHOICES = [
  { value: "none", label: "None — best accuracy (1.12 s chunks)", chunkSeconds: 1.12 },
  { value: "regular", label: "Regular — balanced (0.56 s chunks)", chunkSeconds: 0.56 },
  { value: "high", label: "High — faster (0.32 s chunks)", chunkSeconds: 0.32 },
  { value: "full", label: "Full — fastest (0.08 s chunks)", chunkSeconds: 0.08 },
] as const;
export type Acceleration = (typeof ACCELERATION_CHOICES)[number]["value"];

export interface RunOptions {
  task: Task;
  /** "auto" or a language code from the model's list. */
  language: string;
  targetLanguage: string;
  punctuation: boolean;
  /** Word-level times, where the model has them. */
  wordTimestamps: boolean;
  acceleration: Acceleration;
}

export interface Choice {
  value: string;
  label: string;
}

/** The controls a model gets; null/false = not shown. */
export interface OptionSet {
  /** Spoken-language choices; null when the model hears one language only (nothing to choose). */
  languages: Choice[] | null;
  /** That one language, when there is nothing to choose. */
  onlyLanguage: Choice | null;
  /** Translation targets; null when the model does not translate. */
  targets: Choice[] | null;
  punctuation: boolean;
  wordTimestamps: boolean;
  acceleration: boolean;
}

const AUTO: Choice = { value: "auto", label: "Detect automatically" };

function languageChoices(codes: readonly string[]): Choice[] {
  return [...new Set(codes)].map((code) => ({ value: code, label: languageLabel(code) }));
}

export function optionSet(model: PlaygroundModel, options: Pick<RunOptions, "task" | "targetLanguage">): OptionSet {
  const translates = model.translationPairs.length > 0;
  const spoken =
    options.task === "translate" && translates
      ? sourcesFor(model, options.targetLanguage)
      : [...new Set(model.languages)];
  const detect = model.capabilities.languageDetection;
  const languages = spoken.length > 1 || detect ? [...(detect ? [AUTO] : []), ...languageChoices(spoken)] : null;
  const only = spoken.length === 1 && !detect ? languageChoices(spoken)[0]! : null;
  return {
    languages,
    onlyLanguage: only,
    targets: translates ? languageChoices(model.translationPairs.map((p) => p.to)) : null,
    punctuation: model.capabilities.punctuationToggle,
    wordTimestamps: model.capabilities.timestamps.includes("word"),
    // Acceleration picks a cache-aware model's chunk size; a model without chunk sizes (Kyutai reads a
    // file at its one fixed pace) would ignore it, so it is not offered.
    acceleration: model.capabilities.streaming && (model.chunkSizesMs?.length ?? 0) > 0,
  };
}

/** Languages the model translates into `target` from. */
function sourcesFor(model: PlaygroundModel, target: string): string[] {
  const wanted = baseLanguage(target);
  return [...new Set(model.translationPairs.filter((p) => baseLanguage(p.to) === wanted).map((p) => p.from))];
}

export function defaultOptions(model: PlaygroundModel): RunOptions {
  const firstTarget = model.translationPairs[0]?.to ?? "en";
  return {
    task: "transcribe",
    language: model.capabilities.languageDetection ? "auto" : (model.languages[0] ?? "auto"),
    targetLanguage: firstTarget,
    punctuation: true,
    wordTimestamps: model.capabilities.timestamps.includes("word"),
    acceleration: "regular",
  };
}

/**
 * Keeps options valid after one of them changed: a language the new task or target cannot take falls
 * back to the first it can.
 */
export function reconcile(model: PlaygroundModel, options: RunOptions): RunOptions {
  const set = optionSet(model, options);
  const task: Task = set.targets ? options.task : "transcribe";
  const targetLanguage = set.targets?.some((t) => t.value === options.targetLanguage)
    ? options.targetLanguage
    : (set.targets?.[0]?.value ?? options.targetLanguage);
  const next = { ...options, task, targetLanguage };
  const { languages, onlyLanguage } = optionSet(model, next);
  const language = !languages
    ? (onlyLanguage?.value ?? "auto")
    : languages.some((l) => l.value === next.language)
      ? next.language
      : languages[0]!.value;
  return { ...next, language };
}

/** What one run sends, as the API names it. The playground's routes take exactly the /v1 fields. */
export function requestFor(model: PlaygroundModel, options: RunOptions): CodeRequest {
  const set = optionSet(model, options);
  const translate = options.task === "translate" && set.targets !== null;
  // Streaming models stream their text; everything else returns times for highlighting and subtitles.
  const stream = model.capabilities.streaming && !translate;
  return {
    task: translate ? "translate" : "transcribe",
    // A translation names its source language unless the model can detect it (the API insists).
    ...(set.languages && options.language !== "auto"
      ? { language: options.language }
      : translate && set.onlyLanguage
        ? { language: set.onlyLanguage.value }
        : {}),
    ...(translate ? { targetLanguage: options.targetLanguage } : {}),
    responseFormat: stream ? "json" : "verbose_json",
    ...(!stream && set.wordTimestamps && options.wordTimestamps ? { timestampGranularities: ["word", "segment"] as const } : {}),
    ...(set.punctuation && !options.punctuation ? { punctuation: false } : {}),
    ...(set.acceleration ? { acceleration: options.acceleration } : {}),
    ...(stream ? { stream: true } : {}),
  };
}

/** The request as multipart fields for the playground route, in the same names curl uses. */
export function formFields(model: PlaygroundModel, request: CodeRequest): [string, string][] {
  const fields: [string, string][] = [["model", model.id]];
  if (request.language) fields.push(["language", request.language]);
  if (request.task === "translate" && request.targetLanguage) fields.push(["target_language", request.targetLanguage]);
  if (request.responseFormat) fields.push(["response_format", request.responseFormat]);
  for (const g of request.timestampGranularities ?? []) fields.push(["timestamp_granularities[]", g]);
  if (request.punctuation === false) fields.push(["punctuation", "false"]);
  if (request.acceleration) fields.push(["acceleration", request.acceleration]);
  if (request.stream) fields.push(["stream", "true"]);
  return fields;
}
