import { languagesSummary, taskName } from "@/lib/catalog/format";
import type { CatalogModel } from "@/lib/catalog/types";

/**
 * The few facts a reader scans for first, as short badge labels, in a fixed order: tasks, streaming,
 * timestamps, languages, commercial use. Shared by model cards and the model page header.
 */
export function keyBadges(model: CatalogModel): string[] {
  const badges: string[] = model.tasks.map(taskName);
  if (model.capabilities.streaming) badges.push("Streaming");
  const ts = model.capabilities.timestamps;
  if (ts.length > 0) badges.push(ts.includes("word") ? "Word timestamps" : "Timestamps");
  badges.push(languagesSummary(model.languages));
  if (model.license.commercialUse) badges.push("Commercial use");
  return badges;
}
