/**
 * Language prompts. The encoder takes a prompt slot per stream (`prompt_index`): a locale to force, or
 * "auto" to let the model decide. The slots come from the model itself (the encoder's
 * `prompt_dictionary` metadata, e.g. {"auto": 101, "en-US": 0, ...}); the locales the product offers are
 * the seed page's enum, in its order, which also decides what a bare language ("en") means.
 */
import { UnsupportedLanguageError } from "./errors.js";

/** The API's language enum (besides "auto"), in the seed page's order. */
export const NEMOTRON_LOCALES = [
  "en-US", "en-GB", "es-US", "es-ES", "de-DE", "fr-FR", "fr-CA", "it-IT", "ar-AR", "ja-JP",
  "ko-KR", "pt-BR", "pt-PT", "ru-RU", "hi-IN", "zh-CN", "vi-VN", "he-IL", "nl-NL", "cs-CZ",
  "da-DK", "pl-PL", "nn-NO", "nb-NO", "sv-SE", "th-TH", "tr-TR", "bg-BG", "el-GR", "et-EE",
  "fi-FI", "hr-HR", "hu-HU", "lt-LT", "lv-LV", "ro-RO", "sk-SK", "uk-UA", "mt-MT", "sl-SI",
] as const;

export const AUTO = "auto";

export interface ResolvedLanguage {
  /** The encoder's prompt_index for this stream. */
  promptIndex: number;
  /** "auto" or the locale as the model's dictionary spells it (e.g. "de-DE"). */
  locale: string;
}

export class PromptTable {
  /** Locales the model has a prompt for, seed order first, then any others the dictionary adds. */
  readonly locales: readonly string[];
  private readonly autoIndex: number;
  private readonly byKey: ReadonlyMap<string, ResolvedLanguage>;
  private readonly byBase: ReadonlyMap<string, ResolvedLanguage>;

  /** `dictionary` maps locale (or "auto") to prompt slot; `autoIndex` is used when it has no "auto". */
  constructor(dictionary: Readonly<Record<string, number>>, autoIndex: number) {
    const byKey = new Map<string, ResolvedLanguage>();
    for (const [name, index] of Object.entries(dictionary)) {
      const key = normalise(name);
      if (key && key !== AUTO && !byKey.has(key)) byKey.set(key, { promptIndex: index, locale: name });
    }
    this.autoIndex = dictionary[AUTO] ?? autoIndex;
    const seedOrder = new Map<string, number>(NEMOTRON_LOCALES.map((l, i) => [normalise(l), i]));
    const ordered = [...byKey.entries()].sort(([a], [b]) => (seedOrder.get(a) ?? 1e9) - (seedOrder.get(b) ?? 1e9) || a.localeCompare(b));
    this.locales = ordered.map(([, v]) => v.locale);
    const byBase = new Map<string, ResolvedLanguage>();
    for (const [key, value] of ordered) {
      const base = key.split("-")[0]!;
      if (!byBase.has(base)) byBase.set(base, value);
    }
    this.byKey = byKey;
    this.byBase = byBase;
  }

  /** ISO 639 base languages of the locales (what the engine's capability check compares against). */
  get languages(): string[] {
    return [...this.byBase.keys()];
  }

  /**
   * "auto", undefined or "" -> the auto prompt; a locale in any case, with "_" or "-" and optionally in
   * angle brackets ("de-DE", "de_de", "<de-DE>") -> its prompt; a bare language ("de") -> the first locale
   * of it in the seed page's order ("en" -> en-US, "pt" -> pt-BR). Anything else throws
   * UnsupportedLanguageError.
   */
  resolve(language: string | undefined): ResolvedLanguage {
    const key = normalise(language ?? "");
    if (key === "" || key === AUTO) return { promptIndex: this.autoIndex, locale: AUTO };
    const found = this.byKey.get(key) ?? (key.includes("-") ? undefined : this.byBase.get(key));
    if (!found) throw new UnsupportedLanguageError(language ?? "", this.locales);
    return found;
  }
}

function normalise(name: string): string {
  let s = name.trim();
  if (s.startsWith("<") && s.endsWith(">")) s = s.slice(1, -1);
  return s.replace(/_/g, "-").toLowerCase();
}
