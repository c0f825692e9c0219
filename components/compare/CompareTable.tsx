import Link from "next/link";
import type { CSSProperties, ReactNode } from "react";
import { LanguageList } from "@/components/model/LanguageList";
import { translationSummary } from "@/components/model/translationSummary";
import { StatusBadge } from "@/components/ui/StatusBadge";
import {
  baseLanguages,
  formatCount,
  formatLatency,
  formatMonth,
  formatPrice,
  formatRtfx,
  licenseName,
  modelPath,
  priceNote,
  taskName,
} from "@/lib/catalog/format";
import { bestRtfx, datasetsOf, meanWer, werOn } from "@/lib/catalog/metrics";
import { compareUrl } from "@/lib/catalog/query";
import type { ModelView } from "@/lib/catalog/types";

type Row = { label: string; cells: ReactNode[] };
type Group = { title: string; rows: Row[] };

/**
 * Models side by side, one column each, equal widths (fixed layout, so long ids truncate instead of
 * widening a column); two models fit a phone, more scroll sideways under a sticky label column.
 * Numeric rows mark the best value; a dash means the figure was not published, never zero.
 */
export function CompareTable({ models }: { models: ModelView[] }) {
  const ids = models.map((m) => m.id);
  const datasets = datasetsOf(models);
  const yes = (v: boolean) => (v ? "Yes" : "No");

  const groups: Group[] = [
    {
      title: "Overview",
      rows: [
        { label: "Status", cells: models.map((m) => <StatusBadge key={m.id} status={m.status} />) },
        {
          label: "Price / audio min",
          cells: models.map((m) => (
            <span key={m.id}>
              <span className="font-medium tabular-nums">{formatPrice(m.pricing)}</span>
              {priceNote(m.pricing) ? <span className="block text-xs text-muted">{priceNote(m.pricing)}</span> : null}
            </span>
          )),
        },
        { label: "Organisation", cells: models.map((m) => m.orgName) },
        { label: "Published", cells: models.map((m) => formatMonth(m.publishedAt)) },
        { label: "Task", cells: models.map((m) => m.tasks.map(taskName).join(", ")) },
        { label: "Architecture", cells: models.map((m) => m.architecture) },
        { label: "Parameters", cells: models.map((m) => m.parameters.label) },
        {
          label: "License",
          cells: models.map((m) => `${licenseName(m.license.id)}${m.license.commercialUse ? " · commercial use" : ""}`),
        },
        {
          label: "Downloads / mo",
          cells: models.map((m) => (m.downloadsPerMonth === undefined ? dash() : formatCount(m.downloadsPerMonth))),
        },
      ],
    },
    {
      title: "Languages",
      rows: [
        { label: "Count", cells: models.map((m) => String(baseLanguages(m.languages).length)) },
        {
          label: "Transcribes",
          cells: models.map((m) => (
            <div key={m.id} className="text-xs leading-relaxed">
              <LanguageList codes={baseLanguages(m.languages)} visible={8} />
            </div>
          )),
        },
        {
          label: "Translates",
          cells: models.map((m) =>
            m.translationPairs.length === 0 ? dash() : (
              <ul key={m.id} className="text-xs leading-relaxed">
                {translationSummary(m.translationPairs).map((line) => (
                  <li key={line}>{line}</li>
                ))}
              </ul>
            ),
          ),
        },
      ],
    },
    {
      title: "Capabilities",
      rows: [
        { label: "Streaming", cells: models.map((m) => yes(m.capabilities.streaming)) },
        {
          label: "Timestamps",
          cells: models.map((m) => (m.capabilities.timestamps.length ? m.capabilities.timestamps.join(", ") : "No")),
        },
        { label: "Punctuation", cells: models.map((m) => yes(m.capabilities.punctuation)) },
        { label: "Language detection", cells: models.map((m) => yes(m.capabilities.languageDetection)) },
        { label: "Diarization", cells: models.map((m) => yes(m.capabilities.diarization)) },
      ],
    },
    {
      title: "Word error rate (%) — lower is better",
      rows: [
        ...datasets.map((dataset) => numericRow(dataset, models.map((m) => werOn(m, dataset)), "low", String)),
        numericRow("Mean of published", models.map((m) => meanWer(m)), "low", String),
      ],
    },
    {
      title: "Speed and latency",
      rows: [
        numericRow("Best RTFx", models.map((m) => bestRtfx(m)), "high", formatRtfx),
        {
          label: "RTFx measured on",
          cells: models.map((m) => {
            const best = bestRtfx(m);
            const fig = m.speed.find((s) => s.rtfx === best);
            return fig ? `${fig.hardware}${fig.batchSize ? `, batch ${fig.batchSize}` : ""}` : dash();
          }),
        },
        streamingDelayRow(models),
      ],
    },
  ];

  return (
    <div className="relative overflow-x-auto rounded-xl border border-line" tabIndex={0} role="region" aria-label="Comparison table">
      <table
        className="w-full table-fixed border-collapse text-sm min-w-[calc(7rem+var(--models)*8rem)] sm:min-w-[calc(10rem+var(--models)*11rem)]"
        style={{ "--models": models.length } as CSSProperties}
      >
        <caption className="sr-only">Comparison of {models.map((m) => m.name).join(", ")}</caption>
        <thead>
          <tr className="align-top">
            <td className="sticky left-0 z-10 w-28 bg-surface p-2 sm:w-40 sm:p-3" />
            {models.map((m) => (
              <th key={m.id} scope="col" className="bg-surface p-2 text-left font-normal sm:p-3">
                <Link href={modelPath(m)} className="font-semibold hover:underline">
                  {m.name}
                </Link>
                <span className="block truncate font-mono text-xs text-muted">{m.id}</span>
                <Link
                  href={compareUrl(ids.filter((id) => id !== m.id))}
                  className="mt-1 inline-block text-xs text-muted hover:text-danger hover:underline"
                  aria-label={`Remove ${m.name} from the comparison`}
                >
                  Remove
                </Link>
              </th>
            ))}
          </tr>
        </thead>
        {groups.map((group) => (
          <tbody key={group.title} className="border-t border-line">
            <tr>
              <th
                scope="colgroup"
                colSpan={models.length + 1}
                className="bg-bg px-2 pt-5 pb-2 text-left text-xs font-semibold tracking-wide text-muted uppercase sm:px-3"
              >
                {group.title}
              </th>
            </tr>
            {group.rows.map((row) => (
              <tr key={row.label} className="border-t border-line align-top">
                <th scope="row" className="sticky left-0 z-10 bg-bg p-2 text-left font-medium text-muted sm:p-3">
                  {row.label}
                </th>
                {row.cells.map((cell, i) => (
                  <td key={ids[i]} className="p-2 sm:p-3">
                    {cell}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        ))}
      </table>
    </div>
  );
}

function dash(): ReactNode {
  return (
    <span className="text-muted" title="not published">
      —<span className="sr-only">not published</span>
    </span>
  );
}

/** A row of figures where the best one (lowest or highest) is marked, when at least two are known. */
function numericRow(
  label: string,
  values: (number | undefined)[],
  better: "low" | "high",
  format: (v: number) => string,
): Row {
  const known = values.filter((v): v is number => v !== undefined);
  const best = known.length > 1 ? (better === "low" ? Math.min(...known) : Math.max(...known)) : undefined;
  return {
    label,
    cells: values.map((v) =>
      v === undefined ? (
        dash()
      ) : v === best ? (
        <span className="font-semibold text-live tabular-nums">
          {format(v)} <span className="text-xs font-normal">best</span>
        </span>
      ) : (
        <span className="tabular-nums">{format(v)}</span>
      ),
    ),
  };
}

/** Streaming delay, with batch-only models said to be so rather than shown as "not published". */
function streamingDelayRow(models: ModelView[]): Row {
  const row = numericRow(
    "Streaming delay",
    models.map((m) => (m.capabilities.streaming ? m.streaming?.latencyMs : undefined)),
    "low",
    formatLatency,
  );
  return {
    ...row,
    cells: row.cells.map((cell, i) =>
      models[i]?.capabilities.streaming ? cell : <span className="text-muted">batch only</span>,
    ),
  };
}
