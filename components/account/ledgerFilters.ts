import { dayRange, readParam, searchOf, validDay, validId, type Params } from "@/components/filters/urlQuery";
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

export function parseLedgerQuery(params: Params): LedgerQuery {
  const kind = readParam(params, "kind");
  return {
    kind: isEntryKind(kind) ? kind : null,
    from: validDay(readParam(params, "from")),
    to: validDay(readParam(params, "to")),
    before: validId(readParam(params, "before")),
  };
}

export function toEntryFilters(query: LedgerQuery): EntryFilters {
  const filters: EntryFilters = { ...dayRange(query.from, query.to) };
  if (query.kind) filters.kinds = [query.kind];
  if (query.before) filters.before = query.before;
  return filters;
}

/** The query string for these filters (without `before` unless asked), for links. */
export function ledgerSearch(query: LedgerQuery, extra: Partial<LedgerQuery> = {}): string {
  return searchOf(query, extra);
}
