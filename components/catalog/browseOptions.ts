import { baseLanguages, languageName, licenseName } from "@/lib/catalog/format";
import type { SortKey } from "@/lib/catalog/query";
import type { ModelView } from "@/lib/catalog/types";

export interface Option {
  value: string;
  label: string;
}

/** Sort choices as people read them; each uses the sort's default direction. */
export const SORT_OPTIONS: { value: SortKey; label: string }[] = [
  { value: "popular", label: "Most downloaded" },
  { value: "newest", label: "Newest" },
  { value: "price", label: "Price: lowest first" },
  { value: "wer", label: "Accuracy: lowest WER first" },
  { value: "speed", label: "Speed: highest RTFx first" },
];

/** Every base language any model transcribes, by English name. */
export function languageOptions(models: ModelView[]): Option[] {
  const codes = new Set(models.flatMap((m) => baseLanguages(m.languages)));
  return [...codes]
    .map((code) => ({ value: code, label: languageName(code) }))
    .sort((a, b) => a.label.localeCompare(b.label));
}

/** Every license in the catalog, plus the "any license allowing commercial use" shortcut. */
export function licenseOptions(models: ModelView[]): Option[] {
  const ids = [...new Set(models.map((m) => m.license.id))].sort();
  return [{ value: "commercial", label: "Any commercial-use license" }, ...ids.map((id) => ({ value: id, label: licenseName(id) }))];
}
