import Link from "next/link";
import { formatUsd } from "@/lib/credits/money";
import { listRequests, requestTotals } from "@/lib/metering";
import { RequestRows } from "./ActivityTable";

/** The account page's activity section: the last few requests, this month's totals, a link to the rest. */
export async function RecentActivity({ userId }: { userId: string }) {
  const now = new Date();
  const monthStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  const [recent, month] = await Promise.all([listRequests(userId, { limit: 5 }), requestTotals(userId, { from: monthStart })]);

  return (
    <div className="space-y-4">
      <p className="text-sm text-muted">
        This month: <span className="font-medium text-fg">{month.requests.toLocaleString("en-US")}</span> requests,{" "}
        <span className="font-medium text-fg">{formatUsd(month.costMicroUsd)}</span> spent.{" "}
        <Link href="/activity" className="link">
          All activity, filters and CSV export →
        </Link>
      </p>
      {recent.length === 0 ? (
        <p className="rounded-xl border border-dashed border-line p-6 text-sm text-muted">No API requests yet.</p>
      ) : (
        <RequestRows requests={recent} />
      )}
    </div>
  );
}
