import { parseActivityQuery, toRequestFilters } from "@/components/activity/activityQuery";
import { requireApiUser } from "@/lib/auth";
import { withErrors } from "@/lib/errors";
import { requestsCsv } from "@/lib/metering";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The signed-in user's API requests as CSV, with the activity page's filters (?model=&key=&outcome=&from=&to=). */
export const GET = withErrors(async (request) => {
  const user = await requireApiUser();
  // Every matching request, not one page: the page cursor is dropped.
  const filters = toRequestFilters({ ...parseActivityQuery(new URL(request.url).searchParams), before: null });
  const csv = await requestsCsv(user.id, filters);
  const day = new Date().toISOString().slice(0, 10);
  return new Response(csv, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="gigarouter-api-requests-${day}.csv"`,
      "cache-control": "private, no-store",
    },
  });
});
