/**
 * Pieces shared by the filter queries that travel in page URLs (the account ledger, the activity log):
 * reading a search param, whole UTC days, paging cursors, and building the query string back. Pure:
 * safe anywhere.
 */

export type Params = Record<string, string | string[] | undefined> | URLSearchParams;

export function readParam(params: Params, name: string): string | undefined {
  if (params instanceof URLSearchParams) return params.get(name) ?? undefined;
  const value = params[name];
  return Array.isArray(value) ? value[0] : value;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A `YYYY-MM-DD` day that exists, or null. */
export function validDay(value: string | undefined): string | null {
  return value && DAY.test(value) && !Number.isNaN(Date.parse(value)) ? value : null;
}

/** A row id usable as a paging cursor (or a key id), or null. */
export function validId(value: string | undefined): string | null {
  return value && /^[\w-]{1,64}$/.test(value) ? value : null;
}

/** Whole UTC days as a half-open time range: `to` is inclusive, so the range ends at the next midnight. */
export function dayRange(from: string | null, to: string | null): { from?: Date; to?: Date } {
  return {
    ...(from ? { from: new Date(`${from}T00:00:00Z`) } : {}),
    ...(to ? { to: new Date(Date.parse(`${to}T00:00:00Z`) + 86_400_000) } : {}),
  };
}

/** The query string for these filters (without the `before` cursor unless `extra` gives one), for links. */
export function searchOf<Q extends { before: string | null }>(query: Q, extra: Partial<Q> = {}): string {
  const merged = { ...query, before: null, ...extra };
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(merged)) if (typeof value === "string" && value) search.set(name, value);
  const text = search.toString();
  return text ? `?${text}` : "";
}
