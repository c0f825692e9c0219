import { z } from "zod";
import { baseLanguage } from "./format";
import { bestRtfx, meanWer } from "./metrics";
import { catalog } from "./models";
import type { CatalogModel, ModelView } from "./types";

/**
 * Browse, search and compare as pure functions over catalog entries, so `/models`, `/compare`, the API
 * and tests share one behaviour. Input comes from URLs typed by people: a bad value is dropped (or
 * clamped), never an error.
 */

export const SORT_KEYS = ["price", "wer", "speed", "newest", "popular"] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export type SortDir = "asc" | "desc";

/**
 * What each sort means, and the direction it takes when `dir` is not given:
 * - price: per-minute price (estimated or set), cheapest first.
 * - wer: mean WER over the model's Open ASR Leaderboard table (see `meanWer`), lowest first.
 * - speed: highest published RTFx, fastest first.
 * - newest: `publishedAt`, newest first.
 * - popular: downloads per month, most first.
 * Models without the number (no published WER, RTFx or downloads) always come last, in catalog order.
 */
export const DEFAULT_DIR: Record<SortKey, SortDir> = {
  price: "asc",
  wer: "asc",
  speed: "desc",
  newest: "desc",
  popular: "desc",
};

export const MAX_QUERY_LENGTH = 100;
export const MAX_COMPARE = 4;

/** Drops anything the schema rejects instead of failing the whole parse. */
const lenient = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined);

const flag = z
  .string()
  .trim()
  .toLowerCase()
  .transform((v, ctx) => {
    if (["1", "true", "yes", "on"].includes(v)) return true;
    if (["0", "false", "no", "off"].includes(v)) return false;
    ctx.addIssue({ code: "custom", message: "not a yes/no value" });
    return z.NEVER;
  });

export const modelQuerySchema = z.object({
  /** Free text matched against name, id, organisation and summary. Clamped to 100 characters. */
  q: lenient(
    z
      .string()
      .trim()
      .transform((v) => v.slice(0, MAX_QUERY_LENGTH))
      .refine((v) => v.length > 0),
  ),
  task: lenient(z.enum(["transcription", "translation"])),
  /** A base language code ("de"); a locale ("de-DE") is reduced to its language. */
  language: lenient(
    z
      .string()
      .trim()
      .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/)
      .transform((v) => baseLanguage(v)),
  ),
  streaming: lenient(flag),
  /** "any" (or a yes value) = some timestamps; "word"/"segment" = that granularity. */
  timestamps: lenient(
    z
      .string()
      .trim()
      .toLowerCase()
      .transform((v) => (["1", "true", "yes", "on"].includes(v) ? "any" : v))
      .pipe(z.enum(["any", "word", "segment"])),
  ),
  /** License id as in the catalog ("cc-by-4.0"), or "commercial" for any license allowing commercial use. */
  license: lenient(
    z
      .string()
      .trim()
      .toLowerCase()
      .regex(/^[a-z0-9][a-z0-9.-]{0,63}$/),
  ),
  status: lenient(z.enum(["live", "coming_soon"])),
  sort: lenient(z.enum(SORT_KEYS)),
  dir: lenient(z.enum(["asc", "desc"])),
});

export type ModelQuery = z.infer<typeof modelQuerySchema>;

/** Next's `searchParams`, a `URLSearchParams`, or a plain record: the first value of each key counts. */
export type QueryInput =
  | URLSearchParams
  | Record<string, string | string[] | undefined>
  | null
  | undefined;

/** Parses `/models` URL state. Unknown keys and bad values are ignored; never throws. */
export function parseModelQuery(input: QueryInput): ModelQuery {
  const raw: Record<string, string> = {};
  if (input instanceof URLSearchParams) {
    for (const key of input.keys()) {
      const value = input.get(key);
      if (value !== null && !(key in raw)) raw[key] = value;
    }
  } else if (input) {
    for (const [key, value] of Object.entries(input)) {
      const first = Array.isArray(value) ? value[0] : value;
      if (typeof first === "string") raw[key] = first;
    }
  }
  return modelQuerySchema.parse(raw);
}

/** Filters, searches and sorts. Returns a new array; the input is not changed. */
export function queryModels<M extends ModelView>(models: readonly M[], query: ModelQuery): M[] {
  const terms = query.q ? searchTerms(query.q) : [];
  const kept = models.filter(
    (m) =>
      (!query.task || m.tasks.includes(query.task)) &&
      (!query.language || m.languages.some((code) => baseLanguage(code) === query.language)) &&
      (query.streaming === undefined || m.capabilities.streaming === query.streaming) &&
      (!query.timestamps ||
        (query.timestamps === "any"
          ? m.capabilities.timestamps.length > 0
          : m.capabilities.timestamps.includes(query.timestamps))) &&
      (!query.license ||
        (query.license === "commercial" ? m.license.commercialUse : m.license.id === query.license)) &&
      (!query.status || m.status === query.status) &&
      terms.every((term) => haystack(m).includes(term)),
  );

  if (query.sort) return sortModels(kept, query.sort, query.dir ?? DEFAULT_DIR[query.sort]);
  if (terms.length > 0) return byRelevance(kept, terms);
  return kept;
}

/** The number a sort key compares on; undefined when the model has none published. */
export function sortValue(model: CatalogModel, key: SortKey): number | undefined {
  switch (key) {
    case "price":
      return model.pricing.perMinuteMicroUsd;
    case "wer":
      return meanWer(model);
    case "speed":
      return bestRtfx(model);
    case "newest":
      return dateValue(model.publishedAt);
    case "popular":
      return model.downloadsPerMonth;
  }
}

export function sortModels<M extends CatalogModel>(models: readonly M[], key: SortKey, dir: SortDir): M[] {
  const sign = dir === "asc" ? 1 : -1;
  return models
    .map((model, index) => ({ model, index, value: sortValue(model, key) }))
    .sort((a, b) => {
      if (a.value === undefined || b.value === undefined) {
        if (a.value === b.value) return a.index - b.index;
        return a.value === undefined ? 1 : -1;
      }
      return (a.value - b.value) * sign || a.index - b.index;
    })
    .map((entry) => entry.model);
}

/**
 * The query string for a `/models` URL holding this state, without "?": keys in a fixed order, empty
 * values and a `dir` equal to the sort's default left out, so equal states give equal URLs.
 */
export function serializeQuery(query: ModelQuery): string {
  const params = new URLSearchParams();
  if (query.q) params.set("q", query.q);
  if (query.task) params.set("task", query.task);
  if (query.language) params.set("language", query.language);
  if (query.streaming !== undefined) params.set("streaming", query.streaming ? "true" : "false");
  if (query.timestamps) params.set("timestamps", query.timestamps);
  if (query.license) params.set("license", query.license);
  if (query.status) params.set("status", query.status);
  if (query.sort) {
    params.set("sort", query.sort);
    if (query.dir && query.dir !== DEFAULT_DIR[query.sort]) params.set("dir", query.dir);
  }
  return params.toString();
}

/** "/models?task=translation&sort=wer" (or "/models" for no state). */
export function modelsUrl(query: ModelQuery): string {
  const qs = serializeQuery(query);
  return qs ? `/models?${qs}` : "/models";
}

/**
 * `/compare?models=a,b,c` -> canonical ids: known models only (id or short name, any case), first
 * occurrence wins, at most four. Accepts repeated `models` params too.
 */
export function parseCompare(
  raw: string | readonly string[] | null | undefined,
  known: readonly Pick<CatalogModel, "id" | "shortName">[] = catalog,
): string[] {
  const parts = (typeof raw === "string" ? [raw] : (raw ?? [])).flatMap((s) => s.split(","));
  const ids: string[] = [];
  for (const part of parts) {
    const wanted = part.trim().toLowerCase();
    if (!wanted) continue;
    const match = known.find((m) => m.id.toLowerCase() === wanted || m.shortName.toLowerCase() === wanted);
    if (match && !ids.includes(match.id)) ids.push(match.id);
    if (ids.length === MAX_COMPARE) break;
  }
  return ids;
}

/** "/compare?models=nvidia/canary-1b-flash,kyutai/stt-2.6b-en". Slashes and commas stay readable. */
export function compareUrl(ids: readonly string[]): string {
  if (ids.length === 0) return "/compare";
  return `/compare?models=${ids.map((id) => encodeURIComponent(id).replace(/%2F/gi, "/")).join(",")}`;
}

function searchTerms(q: string): string[] {
  return q.toLowerCase().split(/\s+/).filter(Boolean);
}

function haystack(m: CatalogModel): string {
  return [m.id, m.shortName, m.name, m.orgName, m.summary, ...(m.tags ?? [])].join(" ").toLowerCase();
}

/** Name/id/org hits before hits that only match the summary; otherwise catalog order. */
function byRelevance<M extends CatalogModel>(models: M[], terms: string[]): M[] {
  const strong = (m: M) => {
    const title = [m.id, m.shortName, m.name, m.orgName].join(" ").toLowerCase();
    return terms.every((t) => title.includes(t)) ? 0 : 1;
  };
  return models
    .map((model, index) => ({ model, index, rank: strong(model) }))
    .sort((a, b) => a.rank - b.rank || a.index - b.index)
    .map((e) => e.model);
}

/** "2025-03" -> 202503, "2025-03-10" -> 20250310 scaled alike, for ordering only. */
function dateValue(iso: string): number | undefined {
  const match = /^(\d{4})-(\d{2})(?:-(\d{2}))?/.exec(iso);
  if (!match) return undefined;
  return Number(match[1]) * 10_000 + Number(match[2]) * 100 + Number(match[3] ?? 0);
}
