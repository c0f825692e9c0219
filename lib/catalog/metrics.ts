import { OPEN_ASR_LEADERBOARD } from "./models/shared";
import type { BenchmarkTable, CatalogModel } from "./types";

/**
 * Figures derived from a model's published numbers, shared by sorting, the compare page and charts.
 * Pure: safe in client components.
 */

/** The model's Open ASR Leaderboard table, the one table comparable across models; undefined when none. */
export function leaderboardTable(model: Pick<CatalogModel, "benchmarks">): BenchmarkTable | undefined {
  return model.benchmarks.find((t) => t.name === OPEN_ASR_LEADERBOARD);
}

/**
 * Mean WER (percent, 2 decimals) over the model's Open ASR Leaderboard table. Other tables (FLEURS,
 * a vendor's own run) use different test sets, so averaging them would rank models on unlike numbers:
 * models without a leaderboard table have no mean and sort last.
 */
export function meanWer(model: Pick<CatalogModel, "benchmarks">): number | undefined {
  const results = leaderboardTable(model)?.results ?? [];
  if (results.length === 0) return undefined;
  const sum = results.reduce((total, r) => total + r.wer, 0);
  return Math.round((sum / results.length) * 100) / 100;
}

/** Highest published RTFx; undefined when none is published. */
export function bestRtfx(model: Pick<CatalogModel, "speed">): number | undefined {
  if (model.speed.length === 0) return undefined;
  return Math.max(...model.speed.map((s) => s.rtfx));
}

/** Every dataset that appears in any of the models' tables, in first-seen order (compare page rows). */
export function datasetsOf(models: Pick<CatalogModel, "benchmarks">[]): string[] {
  const seen = new Set<string>();
  for (const m of models) for (const t of m.benchmarks) for (const r of t.results) seen.add(r.dataset);
  return [...seen];
}

/** The model's WER on one dataset from its first table that has it; undefined when not published. */
export function werOn(model: Pick<CatalogModel, "benchmarks">, dataset: string): number | undefined {
  for (const t of model.benchmarks) {
    const hit = t.results.find((r) => r.dataset === dataset);
    if (hit) return hit.wer;
  }
  return undefined;
}
