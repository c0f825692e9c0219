import { parseLedgerQuery, toEntryFilters } from "@/components/account/ledgerFilters";
import { requireApiUser } from "@/lib/auth";
import { entriesCsv } from "@/lib/credits";
import { withErrors } from "@/lib/errors";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The signed-in user's ledger as CSV, with the same filters as the account page (?kind=&from=&to=). */
export const GET = withErrors(async (request) => {
  const user = await requireApiUser();
  // Every matching entry, not one page of them: the page cursor is dropped.
  const filters = toEntryFilters({ ...parseLedgerQuery(new URL(request.url).searchParams), before: null });
  const csv = await entriesCsv(user.id, filters);
  const day = new Date().toISOString().slice(0, 10);
  return new Response(csv, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="gigarouter-credit-${day}.csv"`,
      "cache-control": "private, no-store",
    },
  });
});
