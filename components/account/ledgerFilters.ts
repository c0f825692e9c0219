import { isEntryKind, type EntryFilters, type EntryKind } from "@/lib/credits/types";

/**
 * The ledger filters as they travel in the URL (?kind=purchase&from=2026-01-01&to=2026-01-31&before=id),
 * shared by the account page and the CSV export so both show the same entries. Dates are whole UTC
 * days; `to` is inclusive.
 */
export interface LedgerQuery {
  kind: EntryKind | null;
  from: string | null;
  to: string | null;
  before: string | null;
}

type Params = Record<string, string | string[] | undefined> | URLSearchParams;

function read(params: Params, name: string): string | undefined {
  if (params instanceof URLSearchParams) return params.get(name) ?? undefined;
  const value = params[name];
  return Array.isArray(value) ? value[0] : value;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const validDay = (value: string | undefined) => (value && DAY.test(value) && !Number.isNaN(Date.parse(value)) ? value : null);

export function parseLedgerQuery(params: Params): LedgerQuery {
  const kind = read(params, "kind");
  const before = read(params, "before");
  return {
    kind: isEntryKind(kind) ? kind : null,
    from: validDay(read(params, "from")),
    to: validDay(read(params, "to")),
    before: before && /^[\w-]{1,64}$/.test(before) ? before : null,
  };
}

export function toEntryFilters(query: LedgerQuery): EntryFilters {
  const filters: EntryFilters = {};
  if (query.kind) filters.kinds = [query.kind];
  if (query.from) filters.from = new Date(`${query.from}T00:00:00Z`);
  if (query.to) filters.to = new Date(Date.parse(`${query.to}T00:00:00Z`) + 86_400_000);
  if (query.before) filters.before = query.before;
  return filters;
}

/** The query string for these filters (without `before` unless asked), for links. */
export function ledgerSearch(query: LedgerQuery, extra: Partial<LedgerQuery> = {}): string {
  const merged = { ...query, before: null, ...extra };
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(merged)) if (value) search.set(key, value);
  const text = search.toString();
  return text ? `?${text}` : "";
}
