import type { CatalogModel, ModelStatus, Pricing, Task } from "./types";

/**
 * How catalog facts read on pages and in API responses. Pure functions, no server imports:
 * safe in client components.
 */

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** Dollars per minute from integer micro-dollars: 3400 -> "0.0034". At least 4 decimals, more only when needed. */
export function microUsdToDollars(microUsd: number): string {
  const sign = microUsd < 0 ? "-" : "";
  const abs = Math.abs(Math.round(microUsd));
  const whole = Math.floor(abs / 1_000_000);
  const frac = String(abs % 1_000_000).padStart(6, "0");
  const trimmed = frac.replace(/0+$/, "").padEnd(4, "0");
  return `${sign}${whole}.${trimmed}`;
}

/** "~$0.0034" while the price is an estimate, "$0.0010" once it is set. Per audio minute. */
export function formatPrice(pricing: Pricing): string {
  return `${pricing.estimated ? "~" : ""}$${microUsdToDollars(pricing.perMinuteMicroUsd)}`;
}

/** "~$0.0034 / min". */
export function formatPricePerMinute(pricing: Pricing): string {
  return `${formatPrice(pricing)} / min`;
}

/** The note shown beside an estimated price; null once the price is set. */
export function priceNote(pricing: Pricing): string | null {
  return pricing.estimated ? "estimated, set at launch" : null;
}

/** Compact counts: 3900 -> "3.9K", 1_250_000 -> "1.3M", 950 -> "950". */
export function formatCount(n: number): string {
  const units: [number, string][] = [
    [1e9, "B"],
    [1e6, "M"],
    [1e3, "K"],
  ];
  for (const [size, suffix] of units) {
    if (Math.abs(n) >= size) return `${trimZeros((n / size).toFixed(1))}${suffix}`;
  }
  return String(n);
}

/** Parameter counts to three significant figures: 883_000_000 -> "883M", 1_020_000 -> "1.02M", 2.6e9 -> "2.6B". */
export function formatParams(count: number): string {
  const units: [number, string][] = [
    [1e9, "B"],
    [1e6, "M"],
    [1e3, "K"],
  ];
  for (const [size, suffix] of units) {
    if (count >= size) return `${trimZeros((count / size).toPrecision(3))}${suffix}`;
  }
  return String(count);
}

/** "2025-03" or "2025-03-10" -> "Mar 2025". Parsed by hand so the server's time zone cannot shift the month. */
export function formatMonth(isoDate: string): string {
  const match = /^(\d{4})-(\d{2})/.exec(isoDate);
  const month = match ? MONTHS[Number(match[2]) - 1] : undefined;
  if (!match || !month) return isoDate;
  return `${month} ${match[1]}`;
}

const languageNames = new Intl.DisplayNames(["en"], { type: "language", fallback: "code" });

/** The language of a code or locale, in English: "de" -> "German", "en-US" -> "English". */
export function languageName(code: string): string {
  const base = baseLanguage(code);
  try {
    return languageNames.of(base) ?? code;
  } catch {
    return code;
  }
}

/**
 * A locale as a label that keeps the published region code: "en-US" -> "English (US)", "de" -> "German".
 * The code is kept rather than a country name because some published locales (e.g. "ar-AR") are not
 * real language-region pairs and a country name would misstate them.
 */
export function languageLabel(code: string): string {
  const [, region] = code.split("-");
  const name = languageName(code);
  return region ? `${name} (${region.toUpperCase()})` : name;
}

/** "en-US" -> "en": the part filters and language counts compare on. */
export function baseLanguage(code: string): string {
  return (code.split("-")[0] ?? code).toLowerCase();
}

/** Distinct base languages of a model, in published order: ["en-US","en-GB","de-DE"] -> ["en","de"]. */
export function baseLanguages(languages: readonly string[]): string[] {
  return [...new Set(languages.map(baseLanguage))];
}

/** "4 languages", "English only", "40 locales in 34 languages"-style summary for cards and specs. */
export function languagesSummary(languages: readonly string[]): string {
  const bases = baseLanguages(languages);
  if (bases.length === 1 && bases[0]) return `${languageName(bases[0])} only`;
  if (bases.length !== languages.length) return `${languages.length} locales, ${bases.length} languages`;
  return `${bases.length} languages`;
}

const licenseLabels: Record<string, string> = {
  "cc-by-4.0": "CC BY 4.0",
  mit: "MIT",
  "apache-2.0": "Apache 2.0",
  "nvidia-open-model-license": "NVIDIA Open Model License",
  "openmdw-1.1": "OpenMDW 1.1",
};

/** A license id for filters and chips: "cc-by-4.0" -> "CC BY 4.0"; unknown ids are shown as they are. */
export function licenseName(id: string): string {
  return licenseLabels[id] ?? id;
}

/** "CC-BY-4.0 · commercial use allowed" for spec tables. */
export function licenseSummary(license: CatalogModel["license"]): string {
  return `${license.label} · ${license.commercialUse ? "commercial use allowed" : "non-commercial"}`;
}

const taskNames: Record<Task, string> = { transcription: "Transcription", translation: "Translation" };

export function taskName(task: Task): string {
  return taskNames[task];
}

const statusNames: Record<ModelStatus, string> = { live: "Live", coming_soon: "Coming soon" };

export function statusName(status: ModelStatus): string {
  return statusNames[status];
}

/** WER as published with a percent sign: 13.11 -> "13.11%". */
export function formatWer(wer: number): string {
  return `${wer}%`;
}

/** 1045.75 -> "1,045.75". */
export function formatRtfx(rtfx: number): string {
  return rtfx.toLocaleString("en-US", { maximumFractionDigits: 2 });
}

/** 2500 -> "2.5 s", 80 -> "80 ms". */
export function formatLatency(ms: number): string {
  return ms >= 1000 ? `${trimZeros((ms / 1000).toFixed(2))} s` : `${ms} ms`;
}

/** 85_000 -> "85,000 h", 2_500_000 -> "2.5M h". */
export function formatHours(hours: number): string {
  return hours >= 1_000_000 ? `${formatCount(hours)} h` : `${hours.toLocaleString("en-US")} h`;
}

/** "/models/nvidia/canary-1b-flash": the model page's path. */
export function modelPath(model: Pick<CatalogModel, "id">): string {
  return `/models/${model.id}`;
}

function trimZeros(s: string): string {
  return s.includes(".") ? s.replace(/\.?0+$/, "") : s;
}
