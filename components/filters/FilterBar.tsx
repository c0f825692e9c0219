import Link from "next/link";
import type { ReactNode } from "react";

/**
 * The pieces the account ledger and the activity log share: a GET form of filters ending in a UTC date
 * range, Filter and Export CSV (so filters live in the URL and work without JavaScript), select boxes
 * with an "all" choice, and newest/older paging.
 */

export function FilterForm({
  action,
  csvHref,
  from,
  to,
  label,
  children,
}: {
  action: string;
  csvHref: string;
  from: string | null;
  to: string | null;
  label?: string;
  /** The filters that come before the date range. */
  children: ReactNode;
}) {
  return (
    <form method="get" action={action} className="flex flex-wrap items-end gap-3 text-sm" aria-label={label}>
      {children}
      <label className="space-y-1">
        <span className="block text-muted">From (UTC)</span>
        <input type="date" name="from" defaultValue={from ?? ""} className="field w-40" />
      </label>
      <label className="space-y-1">
        <span className="block text-muted">To (UTC)</span>
        <input type="date" name="to" defaultValue={to ?? ""} className="field w-40" />
      </label>
      <button type="submit" className="btn btn-secondary">
        Filter
      </button>
      <a href={csvHref} className="btn btn-secondary" download>
        Export CSV
      </a>
    </form>
  );
}

export function FilterSelect({
  label,
  name,
  value,
  allLabel,
  options,
  width,
}: {
  label: string;
  name: string;
  value: string | null;
  allLabel: string;
  options: readonly { value: string; label: string }[];
  /** A Tailwind width class: the boxes are sized to their longest choice. */
  width: string;
}) {
  return (
    <label className="space-y-1">
      <span className="block text-muted">{label}</span>
      <select name={name} defaultValue={value ?? ""} className={`field ${width}`}>
        <option value="">{allLabel}</option>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </label>
  );
}

/** "← Newest" when on an older page, "Older … →" when there may be more; nothing on a lone first page. */
export function Pager({
  label,
  newestHref,
  olderHref,
  olderText,
}: {
  label: string;
  /** Set when the page shown is not the newest. */
  newestHref: string | null;
  /** Set when a full page was shown, so older rows may exist. */
  olderHref: string | null;
  olderText: string;
}) {
  if (!newestHref && !olderHref) return null;
  return (
    <nav aria-label={label} className="flex justify-between text-sm">
      {newestHref ? (
        <Link href={newestHref} className="link">
          ← Newest
        </Link>
      ) : (
        <span />
      )}
      {olderHref ? (
        <Link href={olderHref} className="link">
          {olderText}
        </Link>
      ) : null}
    </nav>
  );
}
