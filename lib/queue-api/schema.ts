import { z } from "zod";
import type { CatalogModel } from "@/lib/catalog/types";

/**
 * The queue and run APIs' input and output, as zod schemas built per model. The server validates
 * requests with `inputSchemaFor(model)`, and the model page documents the same schema (its fields,
 * enums, defaults and descriptions, via `z.toJSONSchema`) and builds its code samples from it, so the
 * documentation cannot drift from what the server accepts. Pure: safe in server and client components.
 *
 * The contract is the seed's API page (Nemotron ASR Streaming Multilingual): `audio_url` (required),
 * `language` ("auto" + 40 locales, default "auto") and `acceleration` (none | regular | high | full,
 * default "regular"); the output is `{output, partial}`. Other models take the same fields; their
 * `language` enum lists the seed locales they cover plus their own language codes.
 */

/** The seed's `language` locales, in its order (Nemotron's 40; `auto` comes first separately). */
export const SEED_LOCALES = [
  "en-US", "en-GB", "es-US", "es-ES", "de-DE", "fr-FR", "fr-CA", "it-IT", "ar-AR", "ja-JP",
  "ko-KR", "pt-BR", "pt-PT", "ru-RU", "hi-IN", "zh-CN", "vi-VN", "he-IL", "nl-NL", "cs-CZ",
  "da-DK", "pl-PL", "nn-NO", "nb-NO", "sv-SE", "th-TH", "tr-TR", "bg-BG", "el-GR", "et-EE",
  "fi-FI", "hr-HR", "hu-HU", "lt-LT", "lv-LV", "ro-RO", "sk-SK", "uk-UA", "mt-MT", "sl-SI",
] as const;

export const ACCELERATIONS = ["none", "regular", "high", "full"] as const;
export type Acceleration = (typeof ACCELERATIONS)[number];

/** Chunk length a cache-aware streaming model runs with at each acceleration (DESIGN.md). */
export const ACCELERATION_CHUNK_SECONDS: Record<Acceleration, number> = { none: 1.12, regular: 0.56, high: 0.32, full: 0.08 };

type SchemaModel = Pick<CatalogModel, "languages" | "capabilities" | "name">;

/** "en-US" -> "en". */
export function baseLanguage(tag: string): string {
  return tag.toLowerCase().split(/[-_]/)[0]!;
}

/** The `language` values a model accepts: "auto", the seed locales it covers, then its own codes. */
export function languagesFor(model: Pick<CatalogModel, "languages">): string[] {
  const own = new Set(model.languages);
  const bases = new Set(model.languages.map(baseLanguage));
  const locales = SEED_LOCALES.filter((locale) => own.has(locale) || bases.has(baseLanguage(locale)));
  const rest = model.languages.filter((code) => !(locales as readonly string[]).includes(code));
  return ["auto", ...locales, ...rest];
}

/** What `language` means for this model, in the page's words. */
function languageDescription(model: SchemaModel): string {
  const single = new Set(model.languages.map(baseLanguage)).size === 1;
  if (model.capabilities.languageDetection) {
    return "Target language for transcription (language-ID prompt). 'auto' lets the model detect the language.";
  }
  if (single) return `Spoken language. ${model.name} transcribes one language, so 'auto' and every listed value mean the same.`;
  return `Spoken language. ${model.name} cannot detect the language itself: with 'auto' it assumes '${model.languages[0] ?? "en"}', so name the language when it is another.`;
}

function accelerationDescription(model: SchemaModel): string {
  const chunks = "'none' = best accuracy (1.12s chunks), 'regular' = balanced (0.56s chunks), 'high' = faster (0.32s chunks), 'full' = fastest (0.08s chunks).";
  if (model.capabilities.streaming) return `Controls the speed/accuracy trade-off. ${chunks}`;
  return `Controls the speed/accuracy trade-off of streaming models (${chunks}) ${model.name} reads the whole file at once, so this makes no difference to its output.`;
}

export function inputSchemaFor(model: SchemaModel) {
  const languages = languagesFor(model) as [string, ...string[]];
  return z
    .object({
      audio_url: z
        .string({ error: "audio_url is required: an https URL, a data: URI or a URL from the upload endpoint." })
        .trim()
        .min(1, { error: "audio_url must not be empty." })
        .max(64 * 1024 * 1024, { error: "audio_url is too long; upload the file and send its URL instead." })
        .describe(
          "URL of the audio file to transcribe: a public http(s) URL, a base64 data URI (data:audio/wav;base64,...), or a URL returned by the upload endpoint.",
        ),
      language: z
        .enum(languages, { error: `language must be one of: ${languages.join(", ")}.` })
        .default("auto")
        .describe(languageDescription(model)),
      acceleration: z
        .enum(ACCELERATIONS, { error: `acceleration must be one of: ${ACCELERATIONS.join(", ")}.` })
        .default("regular")
        .describe(accelerationDescription(model)),
    })
    .meta({ title: "Input" });
}

export type QueueInput = z.infer<ReturnType<typeof inputSchemaFor>>;

const timedText = z.object({
  timestamp: z.tuple([z.number(), z.number()]).describe("Start and end, in seconds from the start of the audio."),
  text: z.string(),
});

/** Output for this model: `chunks` / `words` only when it publishes those timestamps. */
export function outputSchemaFor(model: Pick<CatalogModel, "capabilities">) {
  const granularities = model.capabilities.timestamps;
  return z
    .object({
      output: z.string().describe("The transcribed text from the audio."),
      partial: z.boolean().default(false).describe("True if this is an intermediate result during streaming."),
      ...(granularities.includes("segment") ? { chunks: z.array(timedText).describe("Segments of the text with their times.") } : {}),
      ...(granularities.includes("word") ? { words: z.array(timedText).describe("Each word with its time.") } : {}),
    })
    .meta({ title: "Output" });
}

export type QueueOutput = {
  output: string;
  partial: boolean;
  chunks?: { timestamp: [number, number]; text: string }[];
  words?: { timestamp: [number, number]; text: string }[];
};

/** One documented field: what the model page lists under "Schema". */
export interface FieldDoc {
  name: string;
  type: string;
  required: boolean;
  description: string;
  default?: unknown;
  enum?: string[];
}

interface JsonSchemaProperty {
  type?: string;
  description?: string;
  default?: unknown;
  enum?: string[];
  items?: unknown;
  prefixItems?: unknown;
}

/** The fields of a schema as JSON Schema sees them (input view: defaults make fields optional). */
export function fieldDocs(schema: z.ZodType, io: "input" | "output"): FieldDoc[] {
  const json = z.toJSONSchema(schema, { io }) as { properties?: Record<string, JsonSchemaProperty>; required?: string[] };
  const required = new Set(json.required ?? []);
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    type: property.enum ? `${name === "language" ? "LanguageEnum" : name === "acceleration" ? "AccelerationEnum" : "enum"}` : (property.type ?? "object"),
    required: required.has(name),
    description: property.description ?? "",
    ...(property.default === undefined ? {} : { default: property.default }),
    ...(property.enum ? { enum: property.enum } : {}),
  }));
}
