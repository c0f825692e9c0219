import { formatUsd } from "@/lib/credits/money";
import type { ApiRequestView, RequestTotals } from "@/lib/metering/request-log";
import { FilterForm, FilterSelect, Pager } from "@/components/filters/FilterBar";
import { activitySearch, OUTCOMES, type ActivityQuery } from "./activityQuery";

const dateTime = new Intl.DateTimeFormat("en-GB", {
  month: "short",
  day: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  timeZone: "UTC",
});

function seconds(value: number | null): string {
  return value === null ? "—" : `${(Math.round(value * 10) / 10).toLocaleString("en-US")} s`;
}

function latency(ms: number): string {
  return ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${ms.toLocaleString("en-US")} ms`;
}

/** A request's status as people read it: the HTTP code plus what went wrong. */
export function StatusCell({ request }: { request: Pick<ApiRequestView, "status" | "errorCode"> }) {
  if (request.status === 0) return <span className="text-muted">running</span>;
  const ok = request.status >= 200 && request.status < 300 && !request.errorCode;
  return (
    <span className={ok ? "text-live" : "text-danger"}>
      <span className="font-mono tabular-nums">{request.status}</span>
      {request.errorCode ? <span className="block font-mono text-xs break-all">{request.errorCode}</span> : null}
    </span>
  );
}

/** The requests table alone (used on the activity page and, shortened, on the account page). */
export function RequestRows({ requests }: { requests: ApiRequestView[] }) {
  return (
    <div className="overflow-x-auto rounded-xl border border-line">
      <table className="w-full min-w-[40rem] text-left text-sm">
        <thead className="bg-surface text-muted">
          <tr>
            <th scope="col" className="px-3 py-2 font-medium">Time (UTC)</th>
            <th scope="col" className="px-3 py-2 font-medium">Model</th>
            <th scope="col" className="px-3 py-2 font-medium">Key</th>
            <th scope="col" className="px-3 py-2 font-medium">Status</th>
            <th scope="col" className="px-3 py-2 text-right font-medium">Audio</th>
            <th scope="col" className="px-3 py-2 text-right font-medium">Cost</th>
            <th scope="col" className="px-3 py-2 text-right font-medium">Latency</th>
          </tr>
        </thead>
        <tbody>
          {requests.map((r) => (
            <tr key={r.id} className="border-t border-line align-top" data-status={r.status}>
              <td className="px-3 py-2 whitespace-nowrap text-muted">
                <span title={r.id}>{dateTime.format(r.createdAt)}</span>
                <span className="block text-xs">
                  {r.endpoint}
                  {r.stream ? " · stream" : ""}
                  {r.responseFormat ? ` · ${r.responseFormat}` : ""}
                </span>
              </td>
              <td className="px-3 py-2 font-mono text-xs break-all">{r.model || "—"}</td>
              <td className="px-3 py-2 break-all">{r.apiKeyName ?? "—"}</td>
              <td className="px-3 py-2">
                <StatusCell request={r} />
              </td>
              <td className="px-3 py-2 text-right whitespace-nowrap tabular-nums">{seconds(r.audioSeconds)}</td>
              <td className="px-3 py-2 text-right font-mono whitespace-nowrap tabular-nums">{formatUsd(r.costMicroUsd)}</td>
              <td className="px-3 py-2 text-right whitespace-nowrap tabular-nums">{r.status === 0 ? "—" : latency(r.latencyMs)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

interface ActivityTableProps {
  requests: ApiRequestView[];
  totals: RequestTotals;
  query: ActivityQuery;
  pageSize: number;
  models: string[];
  keys: { id: string; name: string; prefix: string }[];
}

/** The activity page's body: filters, totals over everything they match, one page of requests, CSV export. */
export function ActivityTable({ requests, totals, query, pageSize, models, keys }: ActivityTableProps) {
  const older = requests.length === pageSize ? requests.at(-1)?.id : undefined;
  return (
    <div className="space-y-5">
      <FilterForm action="/activity" csvHref={`/activity/requests.csv${activitySearch(query)}`} from={query.from} to={query.to} label="Filter requests">
        <FilterSelect label="Model" name="model" value={query.model} allLabel="All models" width="w-56" options={models.map((model) => ({ value: model, label: model }))} />
        <FilterSelect
          label="API key"
          name="key"
          value={query.key}
          allLabel="All keys"
          width="w-48"
          options={keys.map((key) => ({ value: key.id, label: `${key.name} (${key.prefix}…)` }))}
        />
        <FilterSelect label="Outcome" name="outcome" value={query.outcome} allLabel="All" width="w-36" options={OUTCOMES} />
      </FilterForm>

      <dl className="grid grid-cols-2 gap-3 text-sm sm:grid-cols-4" data-testid="activity-totals">
        {[
          ["Requests", totals.requests.toLocaleString("en-US")],
          ["Failed", totals.failed.toLocaleString("en-US")],
          ["Audio", seconds(totals.audioSeconds)],
          ["Cost", formatUsd(totals.costMicroUsd)],
        ].map(([label, value]) => (
          <div key={label} className="rounded-xl border border-line p-3">
            <dt className="text-muted">{label}</dt>
            <dd className="font-mono text-base tabular-nums">{value}</dd>
          </div>
        ))}
      </dl>

      {requests.length === 0 ? (
        <p className="rounded-xl border border-dashed border-line p-6 text-sm text-muted">No requests match.</p>
      ) : (
        <RequestRows requests={requests} />
      )}

      <Pager
        label="Activity pages"
        newestHref={query.before ? `/activity${activitySearch(query)}` : null}
        olderHref={older ? `/activity${activitySearch(query, { before: older })}` : null}
        olderText="Older requests →"
      />
    </div>
  );
}
