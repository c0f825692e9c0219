import type { TranscribeOptions } from "@/inference";
import type { ModelView } from "@/lib/catalog";
import { ValidationError } from "@/lib/errors";
import type { AudioRequest } from "./params";

/**
 * A request checked against what the catalog says the model can do, before any audio is decoded or any
 * credit held. Every refusal is a 400 naming the parameter that asks for the missing capability.
 */

/** "en-US" / "EN" -> "en". */
export function baseLanguage(tag: string): string {
  return tag.trim().toLowerCase().split(/[-_]/)[0]!;
}

function listed(values: readonly string[]): string {
  return values.length > 12 ? `${values.slice(0, 12).join(", ")}, …` : values.join(", ");
}

function refuse(message: string, param: string, code: string): never {
  throw new ValidationError(message, { status: 400, param, code });
}

/** The engine options for a request the model can honour, or a 400. */
export function engineOptionsFor(model: ModelView, input: AudioRequest): TranscribeOptions {
  const languages = [...new Set(model.languages.map(baseLanguage))];
  const language = input.language === undefined || baseLanguage(input.language) === "auto" ? undefined : input.language;

  for (const granularity of input.granularities) {
    if (!model.capabilities.timestamps.includes(granularity)) {
      refuse(
        model.capabilities.timestamps.length === 0
          ? `${model.name} does not return timestamps, so \`timestamp_granularities[]=${granularity}\` cannot be served.`
          : `${model.name} returns ${model.capabilities.timestamps.join(" and ")} timestamps, not ${granularity} timestamps.`,
        "timestamp_granularities[]",
        "unsupported_timestamp_granularity",
      );
    }
  }
  // Subtitles and verbose_json read better with the model's own segment times, where it has them.
  const wantsTimes = input.granularities.length > 0 || (input.responseFormat !== "json" && input.responseFormat !== "text");
  const timestamps = wantsTimes && model.capabilities.timestamps.length > 0;

  // Punctuation is on unless asked off, and only a model that can toggle it may be asked.
  if (input.punctuation === false && !model.capabilities.punctuationToggle) {
    refuse(`${model.name} cannot leave out punctuation and capitals, so \`punctuation=false\` cannot be served.`, "punctuation", "unsupported_option");
  }
  const punctuation = input.punctuation === false ? { punctuation: false } : {};

  if (input.task === "translate") return { ...translationOptions(model, language, input.targetLanguage ?? "en", timestamps), ...punctuation };

  if (language !== undefined && !languages.includes(baseLanguage(language))) {
    refuse(`${model.name} does not transcribe \`${language}\`; it accepts: ${listed(languages)}.`, "language", "unsupported_language");
  }
  return { ...(language ? { language } : {}), ...(timestamps ? { timestamps } : {}), ...punctuation };
}

function translationOptions(model: ModelView, language: string | undefined, targetLanguage: string, timestamps: boolean): TranscribeOptions {
  const pairs = model.translationPairs.map((p) => ({ from: baseLanguage(p.from), to: baseLanguage(p.to) }));
  if (pairs.length === 0) {
    refuse(
      `${model.name} does not translate speech. Use /v1/audio/transcriptions with it, or a model that translates (see translation_pairs in GET /v1/models).`,
      "model",
      "translation_not_supported",
    );
  }
  const target = baseLanguage(targetLanguage);
  const sources = pairs.filter((p) => p.to === target).map((p) => p.from);
  if (sources.length === 0) {
    const targets = [...new Set(pairs.map((p) => p.to))];
    refuse(`${model.name} does not translate into \`${targetLanguage}\`; it translates into: ${listed(targets)}.`, "target_language", "unsupported_language");
  }
  if (language === undefined) {
    if (!model.capabilities.languageDetection) {
      refuse(
        `${model.name} cannot detect the spoken language: say which one it is with \`language\` (${listed(sources)}).`,
        "language",
        "language_required",
      );
    }
    return { targetLanguage, ...(timestamps ? { timestamps } : {}) };
  }
  if (!sources.includes(baseLanguage(language))) {
    refuse(
      `${model.name} does not translate \`${language}\` into \`${targetLanguage}\`; it translates into \`${targetLanguage}\` from: ${listed(sources)}.`,
      "language",
      "unsupported_language",
    );
  }
  return { language, targetLanguage, ...(timestamps ? { timestamps } : {}) };
}
