import { languageName, licenseName, statusName, taskName } from "@/lib/catalog/format";
import { modelsUrl, type ModelQuery } from "@/lib/catalog/query";

export interface FilterChip {
  key: string;
  label: string;
  /** The same browse URL without this one filter. */
  removeHref: string;
}

/** The filters in force, each with a link that drops just that filter. Sort is not a filter. */
export function activeFilters(query: ModelQuery): FilterChip[] {
  const chips: FilterChip[] = [];
  const without = (key: keyof ModelQuery) => modelsUrl({ ...query, [key]: undefined });
  if (query.q) chips.push({ key: "q", label: `“${query.q}”`, removeHref: without("q") });
  if (query.task) chips.push({ key: "task", label: taskName(query.task), removeHref: without("task") });
  if (query.status) chips.push({ key: "status", label: statusName(query.status), removeHref: without("status") });
  if (query.streaming !== undefined) {
    chips.push({ key: "streaming", label: query.streaming ? "Streaming" : "Batch only", removeHref: without("streaming") });
  }
  if (query.language) chips.push({ key: "language", label: languageName(query.language), removeHref: without("language") });
  if (query.timestamps) {
    const label = query.timestamps === "any" ? "Timestamps" : `${query.timestamps === "word" ? "Word" : "Segment"} timestamps`;
    chips.push({ key: "timestamps", label, removeHref: without("timestamps") });
  }
  if (query.license) {
    const label = query.license === "commercial" ? "Commercial use" : licenseName(query.license);
    chips.push({ key: "license", label, removeHref: without("license") });
  }
  return chips;
}
