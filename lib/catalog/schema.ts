import { z } from "zod";
import type { CatalogModel } from "./types";

/**
 * A runtime check of `CatalogModel`, for the catalog's own tests and for anything that loads entries
 * from outside TypeScript (the database seed, a future admin import). Catches what the type system
 * cannot: malformed dates and codes, fractional money, implausible WERs, dangling references.
 */

const isoDate = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$/, "ISO date, month or day precision");
const languageCode = z.string().regex(/^[a-z]{2,3}(-[A-Z]{2})?$/, "BCP-47 language or language-REGION");
const source = z.object({ label: z.string().min(1), url: z.url() });
const text = z.string().trim().min(1);

export const catalogModelSchema = z.object({
  id: z.string().regex(/^[A-Za-z0-9][\w.-]*\/[\w.-]+$/, "org/name"),
  shortName: z.string().regex(/^[a-z0-9][a-z0-9.-]*$/, "lower-case short name"),
  name: text,
  orgName: text,
  summary: text.max(300),
  publishedAt: isoDate,
  updatedAt: isoDate,
  tasks: z.array(z.enum(["transcription", "translation"])).min(1),
  taskLabel: text,
  architecture: text,
  parameters: z.object({ count: z.number().int().positive(), label: text, note: text.optional() }),
  license: z.object({
    id: z.string().regex(/^[a-z0-9][a-z0-9.-]*$/),
    label: text,
    commercialUse: z.boolean(),
    url: z.url().optional(),
  }),
  languages: z.array(languageCode).min(1),
  translationPairs: z.array(z.object({ from: languageCode, to: languageCode })),
  capabilities: z.object({
    streaming: z.boolean(),
    timestamps: z.array(z.enum(["word", "segment"])),
    punctuation: z.boolean(),
    punctuationToggle: z.boolean(),
    languageDetection: z.boolean(),
    diarization: z.boolean(),
  }),
  streaming: z
    .object({
      latencyMs: z.number().positive().optional(),
      chunkSizesMs: z.array(z.number().positive()).optional(),
      note: text.optional(),
    })
    .optional(),
  trainingHours: z.number().positive().optional(),
  trainingData: z
    .array(z.object({ label: text, hours: z.number().positive(), note: text.optional() }))
    .optional(),
  maxAudioSeconds: z.number().positive().optional(),
  tags: z.array(text).optional(),
  about: z.array(z.object({ heading: text.optional(), paragraphs: z.array(text).min(1), bullets: z.array(text).optional() })).min(1),
  keyCapabilities: z.array(text).min(1),
  bestFor: z.array(text).min(1),
  benchmarks: z.array(
    z.object({
      name: text,
      conditions: text,
      // A WER above 100 % is possible in principle but never in a published table for these models.
      results: z.array(z.object({ dataset: text, wer: z.number().gt(0).lt(100) })).min(1),
      source,
    }),
  ),
  speed: z.array(
    z.object({
      rtfx: z.number().positive(),
      hardware: text,
      batchSize: z.number().int().positive().optional(),
      note: text.optional(),
      source,
    }),
  ),
  accuracy: z
    .array(z.object({ metric: text, value: z.number().gt(0).max(100), dataset: text, source }))
    .optional(),
  performanceNotes: z.array(text),
  faq: z.array(z.object({ question: text, answer: text })).min(1),
  pricing: z.object({ perMinuteMicroUsd: z.number().int().positive(), estimated: z.boolean() }),
  apiProviders: z.number().int().nonnegative().optional(),
  downloadsPerMonth: z.number().int().nonnegative().optional(),
  links: z.array(source).min(1),
  serving: z.object({
    runner: z.enum(["moonshine-micro", "canary-aed", "nemotron-streaming", "kyutai-upstream", "none"]),
    weightsDir: z.string().regex(/^[\w.-]+$/, "a single folder name").optional(),
  }),
  related: z.array(z.string()),
  featured: z.boolean().optional(),
}) satisfies z.ZodType<CatalogModel>;

/** Problems that span entries: duplicate ids or short names, and related ids that point nowhere. */
export function catalogProblems(models: readonly CatalogModel[]): string[] {
  const problems: string[] = [];
  const ids = new Set<string>();
  const names = new Set<string>();
  for (const m of models) {
    const parsed = catalogModelSchema.safeParse(m);
    if (!parsed.success) problems.push(`${m.id}: ${z.prettifyError(parsed.error)}`);
    if (ids.has(m.id.toLowerCase())) problems.push(`${m.id}: duplicate id`);
    if (names.has(m.shortName)) problems.push(`${m.id}: duplicate short name ${m.shortName}`);
    ids.add(m.id.toLowerCase());
    names.add(m.shortName);
  }
  for (const m of models) {
    for (const r of m.related) {
      if (!ids.has(r.toLowerCase())) problems.push(`${m.id}: related model ${r} is not in the catalog`);
      if (r === m.id) problems.push(`${m.id}: lists itself as related`);
    }
  }
  return problems;
}
