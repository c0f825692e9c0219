import type { Metadata } from "next";
import Link from "next/link";
import { ActivityTable } from "@/components/activity/ActivityTable";
import { parseActivityQuery, toRequestFilters } from "@/components/activity/activityQuery";
import { listApiKeys } from "@/lib/api-keys";
import { requireUser } from "@/lib/auth";
import { listRequests, requestedModels, requestTotals } from "@/lib/metering";

export const metadata: Metadata = { title: "API activity", robots: { index: false } };
// Per-person and never cached: no attempt to prerender it at build time.
export const dynamic = "force-dynamic";

const PAGE = 50;

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** Every API request made with the signed-in person's keys: filters, totals, paging, CSV export. */
export default async function ActivityPage({ searchParams }: { searchParams: SearchParams }) {
  const user = await requireUser("/activity");
  const query = parseActivityQuery(await searchParams);
  const [requests, totals, models, keys] = await Promise.all([
    listRequests(user.id, { ...toRequestFilters(query), limit: PAGE }),
    // Totals cover every page the filters select.
    requestTotals(user.id, toRequestFilters({ ...query, before: null })),
    requestedModels(user.id),
    listApiKeys(user.id),
  ]);

  return (
    <div className="mx-auto max-w-6xl space-y-6 px-4 py-8 sm:py-10">
      <header className="space-y-1">
        <h1 className="text-2xl font-semibold tracking-tight sm:text-3xl">API activity</h1>
        <p className="text-sm text-muted">
          Every request made with your API keys: what it cost, how long it took and, when it failed, why. Credit changes are in your{" "}
          <Link href="/account#ledger" className="link">
            credit history
          </Link>
          ; keys are managed on your{" "}
          <Link href="/account#api-keys" className="link">
            account page
          </Link>
          .
        </p>
      </header>
      <ActivityTable
        requests={requests}
        totals={totals}
        query={query}
        pageSize={PAGE}
        models={models}
        keys={keys.map((k) => ({ id: k.id, name: k.name, prefix: k.prefix }))}
      />
    </div>
  );
}
