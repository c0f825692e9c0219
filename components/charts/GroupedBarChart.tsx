/**
 * One group of horizontal bars per category (e.g. a benchmark dataset), one bar per series (a model).
 * Missing values are written out as "not published" rather than drawn as zero.
 */
export interface Series {
  name: string;
  values: (number | undefined)[];
}

const SERIES_COLOURS = ["bg-chart-1", "bg-chart-2", "bg-chart-3", "bg-chart-4", "bg-chart-5", "bg-chart-6"];

export function seriesColour(index: number): string {
  return SERIES_COLOURS[index % SERIES_COLOURS.length] ?? "bg-chart-1";
}

export function GroupedBarChart({
  categories,
  series,
  caption,
  unit = "%",
  note,
}: {
  categories: string[];
  series: Series[];
  caption: string;
  unit?: string;
  note?: string;
}) {
  const max = Math.max(0, ...series.flatMap((s) => s.values.filter((v): v is number => v !== undefined)));
  return (
    <figure className="rounded-xl border border-line bg-surface p-4">
      <figcaption className="mb-3 space-y-2 text-sm">
        <div className="flex flex-wrap items-baseline justify-between gap-x-3">
          <span className="font-medium">{caption}</span>
          {note ? <span className="text-xs text-muted">{note}</span> : null}
        </div>
        <ul className="flex flex-wrap gap-x-4 gap-y-1 text-xs" aria-label="Legend">
          {series.map((s, i) => (
            <li key={s.name} className="flex items-center gap-1.5">
              <span aria-hidden="true" className={`size-2.5 rounded-sm ${seriesColour(i)}`} />
              {s.name}
            </li>
          ))}
        </ul>
      </figcaption>
      <dl className="space-y-3">
        {categories.map((category, ci) => (
          <div key={category} className="grid gap-1 sm:grid-cols-[9rem_1fr] sm:gap-3">
            <dt className="text-xs font-medium text-muted sm:pt-0.5">{category}</dt>
            <dd>
              <ul className="space-y-1">
                {series.map((s, si) => {
                  const value = s.values[ci];
                  return (
                    <li key={s.name} className="flex items-center gap-2 text-xs">
                      <span className="sr-only">{s.name}: </span>
                      {value === undefined ? (
                        <span className="text-muted">— not published</span>
                      ) : (
                        <>
                          <span
                            aria-hidden="true"
                            className={`h-2.5 rounded-sm ${seriesColour(si)}`}
                            style={{ width: `${max > 0 ? Math.max((value / max) * 80, 1.5) : 0}%` }}
                          />
                          <span className="tabular-nums">
                            {value}
                            {unit}
                          </span>
                        </>
                      )}
                    </li>
                  );
                })}
              </ul>
            </dd>
          </div>
        ))}
      </dl>
    </figure>
  );
}
