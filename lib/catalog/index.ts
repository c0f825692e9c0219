import "server-only";
import { env } from "@/lib/env";
import { catalog } from "./models";
import { deriveStatus, pricingFor } from "./status";
import type { CatalogModel, ModelView } from "./types";

/**
 * The catalog's only door for pages and the API. Entries come from the typed files in `./models`;
 * each read attaches the status the engine can honour right now (weights on disk), so a model turns
 * live the moment its weights arrive, without a redeploy. Async so a database-backed source can
 * replace the files later without touching callers.
 *
 * Client components import `./format`, `./query` and `./metrics` (pure) instead of this module.
 */

export type { CatalogModel, ModelView } from "./types";

/** The models directory to look in; a parameter so tests can point it at a temporary folder. */
export interface CatalogOptions {
  modelsDir?: string;
}

export function toView(model: CatalogModel, modelsDir: string = env.MODELS_DIR): ModelView {
  const status = deriveStatus(model, modelsDir);
  return { ...model, status, pricing: pricingFor(model.pricing, status) };
}

/** Every model, in display order. */
export async function listModels(options: CatalogOptions = {}): Promise<ModelView[]> {
  return catalog.map((m) => toView(m, options.modelsDir));
}

/**
 * One model by canonical id ("nvidia/canary-1b-flash") or short name ("canary-1b-flash"), any case;
 * null when unknown.
 */
export async function getModel(idOrShortName: string, options: CatalogOptions = {}): Promise<ModelView | null> {
  const model = findModel(idOrShortName);
  return model ? toView(model, options.modelsDir) : null;
}

/** The model's related models that exist, in its own order. */
export async function relatedModels(
  model: Pick<CatalogModel, "id" | "related">,
  options: CatalogOptions = {},
): Promise<ModelView[]> {
  return model.related
    .map((id) => findModel(id))
    .filter((m): m is CatalogModel => m !== undefined && m.id !== model.id)
    .map((m) => toView(m, options.modelsDir));
}

/** Models marked featured, live ones first, then display order. */
export async function featuredModels(options: CatalogOptions = {}): Promise<ModelView[]> {
  const views = catalog.filter((m) => m.featured).map((m) => toView(m, options.modelsDir));
  return views.filter((v) => v.status === "live").concat(views.filter((v) => v.status !== "live"));
}

/** The `n` most recently published models, newest first (ties keep display order). */
export async function newestModels(n: number, options: CatalogOptions = {}): Promise<ModelView[]> {
  const count = Math.max(0, Math.floor(n));
  return catalog
    .map((model, index) => ({ model, index }))
    .sort((a, b) => b.model.publishedAt.localeCompare(a.model.publishedAt) || a.index - b.index)
    .slice(0, count)
    .map(({ model }) => toView(model, options.modelsDir));
}

/** Synchronous lookup without status, for code that only needs the static facts (e.g. the seed). */
export function findModel(idOrShortName: string): CatalogModel | undefined {
  const wanted = idOrShortName.trim().toLowerCase();
  return catalog.find((m) => m.id.toLowerCase() === wanted || m.shortName.toLowerCase() === wanted);
}
