import type { ReactNode } from "react";
import { formatCount, formatPrice, licenseName, priceNote } from "@/lib/catalog/format";
import type { ModelView } from "@/lib/catalog/types";

const COLUMNS: Record<number, string> = { 1: "sm:grid-cols-1", 2: "sm:grid-cols-2", 3: "sm:grid-cols-3" };

/**
 * The headline numbers under the title: price per audio minute, API providers, downloads, license.
 * Downloads and providers are left out, as on the seed pages, when nobody published them.
 */
export function ModelStats({ model }: { model: ModelView }) {
  const note = priceNote(model.pricing);
  const stats: { label: string; body: ReactNode }[] = [
    {
      label: note ? "est. price" : "price",
      body: (
        <>
          <span className="text-xl font-semibold tabular-nums">{formatPrice(model.pricing)}</span>
          {note ? <span className="mt-0.5 block text-xs text-soon">· {note}</span> : null}
          <span className="block text-xs text-muted">per audio minute</span>
        </>
      ),
    },
  ];
  if (model.apiProviders !== undefined) {
    stats.push({
      label: "API providers",
      body: <span className="text-xl font-semibold tabular-nums">{model.apiProviders}</span>,
    });
  }
  if (model.downloadsPerMonth !== undefined) {
    stats.push({
      label: "downloads / mo",
      body: <span className="text-xl font-semibold tabular-nums">{formatCount(model.downloadsPerMonth)}</span>,
    });
  }
  stats.push({
    label: "license",
    body: (
      <>
        <span className="text-xl font-semibold">{model.license.id}</span>
        <span className="block text-xs text-muted">
          {licenseName(model.license.id)} · {model.license.commercialUse ? "commercial use" : "non-commercial"}
        </span>
      </>
    ),
  });

  return (
    <dl
      className={`grid grid-cols-2 gap-px overflow-hidden rounded-xl border border-line bg-line ${
        COLUMNS[stats.length] ?? "sm:grid-cols-4"
      }`}
    >
      {stats.map((stat) => (
        <div key={stat.label} className="bg-bg p-4 last:odd:col-span-2 sm:last:odd:col-span-1">
          <dt className="mb-1 text-xs font-medium tracking-wide text-muted uppercase">{stat.label}</dt>
          <dd>{stat.body}</dd>
        </div>
      ))}
    </dl>
  );
}
