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

type Params = Record<string, string | string[] | undefined> | URLSearchParams;

function read(params: Params, name: string): string | undefined {
  if (params instanceof URLSearchParams) return params.get(name) ?? undefined;
  const value = params[name];
  return Array.isArray(value) ? value[0] : value;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const validDay = (value: string | undefined) => (value && DAY.test(value) && !Number.isNaN(Date.parse(value)) ? value : null);
const isOutcome = (value: string | undefined): value is Outcome => OUTCOMES.some((o) => o.value === value);

export function parseActivityQuery(params: Params): ActivityQuery {
  const model = read(params, "model")?.trim();
  const key = read(params, "key");
  const outcome = read(params, "outcome");
  const before = read(params, "before");
  return {
    model: model && model.length <= 200 ? model : null,
    key: key && /^[\w-]{1,64}$/.test(key) ? key : null,
    outcome: isOutcome(outcome) ? outcome : null,
    from: validDay(read(params, "from")),
    to: validDay(read(params, "to")),
    before: before && /^[\w-]{1,64}$/.test(before) ? before : null,
  };
}

export function toRequestFilters(query: ActivityQuery): RequestFilters {
  const filters: RequestFilters = {};
  if (query.model) filters.model = query.model;
  if (query.key) filters.apiKeyId = query.key;
  if (query.outcome) filters.outcome = query.outcome;
  if (query.from) filters.from = new Date(`${query.from}T00:00:00Z`);
  if (query.to) filters.to = new Date(Date.parse(`${query.to}T00:00:00Z`) + 86_400_000);
  if (query.before) filters.before = query.before;
  return filters;
}

/** The query string for these filters (without `before` unless given in `extra`), for links. */
export function activitySearch(query: ActivityQuery, extra: Partial<ActivityQuery> = {}): string {
  const merged = { ...query, before: null, ...extra };
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(merged)) if (value) search.set(name, value);
  const text = search.toString();
  return text ? `?${text}` : "";
}
