import Link from "next/link";
import { formatUsd } from "@/lib/credits/money";
import type { ApiRequestView, RequestTotals } from "@/lib/metering/request-log";
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
      <form method="get" action="/activity" className="flex flex-wrap items-end gap-3 text-sm" aria-label="Filter requests">
        <label className="space-y-1">
          <span className="block text-muted">Model</span>
          <select name="model" defaultValue={query.model ?? ""} className="field w-56">
            <option value="">All models</option>
            {models.map((model) => (
              <option key={model} value={model}>
                {model}
              </option>
            ))}
          </select>
        </label>
        <label className="space-y-1">
          <span className="block text-muted">API key</span>
          <select name="key" defaultValue={query.key ?? ""} className="field w-48">
            <option value="">All keys</option>
            {keys.map((key) => (
              <option key={key.id} value={key.id}>
                {key.name} ({key.prefix}…)
              </option>
            ))}
          </select>
        </label>
        <label className="space-y-1">
          <span className="block text-muted">Outcome</span>
          <select name="outcome" defaultValue={query.outcome ?? ""} className="field w-36">
            <option value="">All</option>
            {OUTCOMES.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </label>
        <label className="space-y-1">
          <span className="block text-muted">From (UTC)</span>
          <input type="date" name="from" defaultValue={query.from ?? ""} className="field w-40" />
        </label>
        <label className="space-y-1">
          <span className="block text-muted">To (UTC)</span>
          <input type="date" name="to" defaultValue={query.to ?? ""} className="field w-40" />
        </label>
        <button type="submit" className="btn btn-secondary">
          Filter
        </button>
        <a href={`/activity/requests.csv${activitySearch(query)}`} className="btn btn-secondary" download>
          Export CSV
        </a>
      </form>

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

      {older || query.before ? (
        <nav aria-label="Activity pages" className="flex justify-between text-sm">
          {query.before ? (
            <Link href={`/activity${activitySearch(query)}`} className="link">
              ← Newest
            </Link>
          ) : (
            <span />
          )}
          {older ? (
            <Link href={`/activity${activitySearch(query, { before: older })}`} className="link">
              Older requests →
            </Link>
          ) : null}
        </nav>
      ) : null}
    </div>
  );
}
