import { dayRange, readParam, searchOf, validDay, validId, type Params } from "@/components/filters/urlQuery";
import type { Outcome, RequestFilters } from "@/lib/metering/request-log";

/**
 * The activity filters as they travel in the URL (?model=&key=&outcome=&from=&to=&before=), shared by
 * the activity page and its CSV export so both select the same requests. Dates are whole UTC days; `to`
 * is inclusive. Pure: safe anywhere.
 */
export interface ActivityQuery {
  model: string | null;
  key: string | null;
  outcome: Outcome | null;
  from: string | null;
  to: string | null;
  before: string | null;
}

export const OUTCOMES: { value: Outcome; label: string }[] = [
  { value: "success", label: "Succeeded" },
  { value: "error", label: "Failed" },
  { value: "running", label: "Running" },
];

const isOutcome = (value: string | undefined): value is Outcome => OUTCOMES.some((o) => o.value === value);

export function parseActivityQuery(params: Params): ActivityQuery {
  const model = readParam(params, "model")?.trim();
  const outcome = readParam(params, "outcome");
  return {
    model: model && model.length <= 200 ? model : null,
    key: validId(readParam(params, "key")),
    outcome: isOutcome(outcome) ? outcome : null,
    from: validDay(readParam(params, "from")),
    to: validDay(readParam(params, "to")),
    before: validId(readParam(params, "before")),
  };
}

export function toRequestFilters(query: ActivityQuery): RequestFilters {
  const filters: RequestFilters = { ...dayRange(query.from, query.to) };
  if (query.model) filters.model = query.model;
  if (query.key) filters.apiKeyId = query.key;
  if (query.outcome) filters.outcome = query.outcome;
  if (query.before) filters.before = query.before;
  return filters;
}

/** The query string for these filters (without `before` unless given in `extra`), for links. */
export function activitySearch(query: ActivityQuery, extra: Partial<ActivityQuery> = {}): string {
  return searchOf(query, extra);
}
