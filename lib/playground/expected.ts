import "server-only";
import { db } from "@/lib/db";

/**
 * How long a run should take on the model, for the playground's progress bar: the model's recent
 * completed jobs give its real speed (engine milliseconds per second of audio, the median, so one
 * cold start does not skew it); a model with no history yet gets a cautious guess. An estimate for a
 * progress bar, never a promise: the page says so when a run goes past it.
 */

const RECENT_RUNS = 25;
/** No history: a second to load, then half real time. */
const FALLBACK_MS_PER_AUDIO_SECOND = 500;
const FALLBACK_BASE_MS = 1000;
/** Nothing shows as faster than this: the answer still has to come back. */
const MIN_EXPECTED_MS = 300;

export function medianOf(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Expected engine time for `audioSeconds` of audio, from `history` (engine ms per audio second of recent runs). */
export function expectedFromHistory(audioSeconds: number, history: readonly number[]): number {
  const msPerSecond = medianOf(history);
  const expected = msPerSecond === null ? FALLBACK_BASE_MS + audioSeconds * FALLBACK_MS_PER_AUDIO_SECOND : msPerSecond * audioSeconds;
  return Math.max(MIN_EXPECTED_MS, Math.round(expected));
}

/** Engine ms per audio second of the model's recent runs, read at most every CACHE_MS per process (an index range of its completed jobs). */
const CACHE_MS = 30_000;
const cache = new Map<string, { at: number; history: number[] }>();

async function historyOf(modelId: string): Promise<number[]> {
  const cached = cache.get(modelId);
  if (cached && Date.now() - cached.at < CACHE_MS) return cached.history;
  const recent = await db.queueJob.findMany({
    where: { modelId, status: "completed", inferenceMs: { not: null }, audioSeconds: { gt: 0 } },
    orderBy: { finishedAt: "desc" },
    take: RECENT_RUNS,
    select: { inferenceMs: true, audioSeconds: true },
  });
  const history = recent.map((r) => (r.inferenceMs ?? 0) / r.audioSeconds);
  cache.set(modelId, { at: Date.now(), history });
  return history;
}

export async function expectedRunMs(modelId: string, audioSeconds: number): Promise<number> {
  return expectedFromHistory(audioSeconds, await historyOf(modelId));
}
