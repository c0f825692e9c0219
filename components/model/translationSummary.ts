import { languageName } from "@/lib/catalog/format";
import type { TranslationPair } from "@/lib/catalog/types";

/**
 * Translation directions as short lines, grouped by target language: Canary's six pairs read
 * "English → German", …, "German, French, Spanish → English", and Whisper's ninety-odd X → English
 * pairs read "98 languages → English" instead of a wall of arrows.
 */
export function translationSummary(pairs: readonly TranslationPair[], listUpTo = 4): string[] {
  const byTarget = new Map<string, string[]>();
  for (const { from, to } of pairs) {
    const sources = byTarget.get(to) ?? [];
    if (!sources.includes(from)) sources.push(from);
    byTarget.set(to, sources);
  }
  return [...byTarget].map(([to, sources]) => {
    const left = sources.length > listUpTo ? `${sources.length} languages` : sources.map(languageName).join(", ");
    return `${left} → ${languageName(to)}`;
  });
}
