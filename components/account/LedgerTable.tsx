import { ENTRY_KINDS, ENTRY_KIND_LABELS, formatSignedUsd, formatUsd, type LedgerEntryView } from "@/lib/credits";
import { FilterForm, FilterSelect, Pager } from "@/components/filters/FilterBar";
import { ledgerSearch, type LedgerQuery } from "./ledgerFilters";

const dateTime = new Intl.DateTimeFormat("en-GB", {
  year: "numeric",
  month: "short",
  day: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  timeZone: "UTC",
});

function details(entry: LedgerEntryView): string | null {
  if (entry.kind === "hold") return "reserved while the request runs";
  if (entry.kind === "settle" && entry.chargedMicroUsd !== null) {
    return `charged ${formatUsd(entry.chargedMicroUsd)}; the rest of the hold returned`;
  }
  if (entry.kind === "release") return "hold returned in full";
  return null;
}

/** Every ledger entry the filters select, newest first, with filters, paging and a CSV link. */
export function LedgerTable({ entries, query, pageSize }: { entries: LedgerEntryView[]; query: LedgerQuery; pageSize: number }) {
  const older = entries.length === pageSize ? entries.at(-1)?.id : undefined;
  return (
    <div className="space-y-4">
      <FilterForm action="/account#ledger" csvHref={`/account/ledger.csv${ledgerSearch(query)}`} from={query.from} to={query.to}>
        <FilterSelect
          label="Type"
          name="kind"
          value={query.kind}
          allLabel="All"
          width="w-40"
          options={ENTRY_KINDS.map((kind) => ({ value: kind, label: ENTRY_KIND_LABELS[kind] }))}
        />
      </FilterForm>

      {entries.length === 0 ? (
        <p className="rounded-xl border border-dashed border-line p-6 text-sm text-muted">No entries match.</p>
      ) : (
        <div className="overflow-x-auto rounded-xl border border-line">
          <table className="w-full table-fixed text-left text-sm">
            <thead className="bg-surface text-muted">
              <tr>
                <th scope="col" className="w-28 px-3 py-2 font-medium sm:w-44">Date (UTC)</th>
                <th scope="col" className="px-3 py-2 font-medium">Entry</th>
                <th scope="col" className="w-24 px-3 py-2 text-right font-medium sm:w-32">Amount</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => (
                <tr key={entry.id} className="border-t border-line align-top" data-kind={entry.kind}>
                  <td className="px-3 py-2 text-muted sm:whitespace-nowrap">{dateTime.format(entry.createdAt)}</td>
                  <td className="max-w-0 px-3 py-2">
                    <span className="block font-medium">{ENTRY_KIND_LABELS[entry.kind]}</span>
                    <span className="block">{entry.reason}</span>
                    {details(entry) ? <span className="block text-xs text-muted">{details(entry)}</span> : null}
                    {entry.reference ? (
                      <span className="block truncate font-mono text-xs text-muted" title={entry.reference}>
                        {entry.reference}
                      </span>
                    ) : null}
                    {entry.receiptUrl ? (
                      <a href={entry.receiptUrl} className="link text-xs" target="_blank" rel="noreferrer">
                        Stripe receipt
                      </a>
                    ) : null}
                  </td>
                  <td className="px-3 py-2 text-right font-mono whitespace-nowrap tabular-nums">{formatSignedUsd(entry.amountMicroUsd)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager
        label="Ledger pages"
        newestHref={query.before ? `/account${ledgerSearch(query)}#ledger` : null}
        olderHref={older ? `/account${ledgerSearch(query, { before: older })}#ledger` : null}
        olderText="Older entries →"
      />
    </div>
  );
}
