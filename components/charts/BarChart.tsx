/**
 * Horizontal bars drawn with CSS, rendered on the server. Values are printed beside each bar, so the
 * chart never asks the reader to estimate lengths; the figure's label summarises it for screen readers.
 */
export interface Bar {
  label: string;
  value: number;
}

export function BarChart({
  bars,
  caption,
  unit = "%",
  note,
}: {
  bars: Bar[];
  caption: string;
  unit?: string;
  note?: string;
}) {
  const max = Math.max(...bars.map((b) => b.value), 0);
  const summary = `${caption}: ${bars.map((b) => `${b.label} ${b.value}${unit}`).join(", ")}`;
  return (
    <figure className="rounded-xl border border-line bg-surface p-4">
      <figcaption className="mb-3 flex flex-wrap items-baseline justify-between gap-x-3 text-sm">
        <span className="font-medium">{caption}</span>
        {note ? <span className="text-xs text-muted">{note}</span> : null}
      </figcaption>
      <ul role="img" aria-label={summary}>
        {bars.map((bar) => (
          <li key={bar.label} className="grid h-9 grid-cols-[minmax(6rem,9rem)_1fr] items-center gap-3 text-xs">
            <span className="truncate text-muted" title={bar.label}>
              {bar.label}
            </span>
            <span className="flex items-center gap-2">
              <span
                className="h-3.5 rounded-sm bg-chart-1"
                style={{ width: `${max > 0 ? Math.max((bar.value / max) * 85, 1.5) : 0}%` }}
              />
              <span className="tabular-nums">
                {bar.value}
                {unit}
              </span>
            </span>
          </li>
        ))}
      </ul>
    </figure>
  );
}
