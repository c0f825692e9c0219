import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { GroupedBarChart } from "@/components/charts/GroupedBarChart";
import { CompareTable } from "@/components/compare/CompareTable";
import { listModels } from "@/lib/catalog";
import { datasetsOf, werOn } from "@/lib/catalog/metrics";
import { MAX_COMPARE, compareUrl, parseCompare } from "@/lib/catalog/query";
import type { ModelView } from "@/lib/catalog/types";

export const metadata: Metadata = {
  title: "Compare speech-to-text models",
  description: "Specs, languages, capabilities, word error rate per dataset, speed and price, side by side.",
};

export default async function ComparePage({ searchParams }: PageProps<"/compare">) {
  const params = await searchParams;
  const all = await listModels();
  const ids = parseCompare(params.models, all);

  // The "add a model" form submits `add` beside the current list; fold it in and show the clean URL.
  const add = first(params.add);
  if (add !== undefined) redirect(compareUrl(parseCompare([...ids, add], all)));

  const byId = new Map(all.map((m) => [m.id, m]));
  const models = ids.map((id) => byId.get(id)).filter((m): m is ModelView => m !== undefined);
  const unknown = requested(params.models).filter((r) => parseCompare(r, all).length === 0);
  const addable = all.filter((m) => !ids.includes(m.id));
  const datasets = datasetsOf(models);

  return (
    <div className="mx-auto max-w-6xl space-y-8 px-4 py-8 sm:py-10">
      <div className="space-y-1">
        <h1 className="text-2xl font-semibold tracking-tight sm:text-3xl">Compare models</h1>
        <p className="text-muted">
          Up to {MAX_COMPARE} models side by side. Figures are as their authors published them; a dash means not published.
        </p>
      </div>

      {unknown.length > 0 ? (
        <p role="status" className="rounded-lg border border-soon/30 bg-soon-soft p-3 text-sm text-soon">
          Not in the catalog: {unknown.join(", ")}.{" "}
          <Link href="/request" className="underline">
            Request it
          </Link>
          .
        </p>
      ) : null}

      <form action="/compare" method="get" className="flex flex-col gap-2 sm:flex-row sm:items-end">
        {ids.length > 0 ? <input type="hidden" name="models" value={ids.join(",")} /> : null}
        <div className="space-y-1.5 sm:w-80">
          <label htmlFor="compare-add" className="block text-sm font-medium">
            Add a model
          </label>
          <select id="compare-add" name="add" className="field" disabled={ids.length >= MAX_COMPARE || addable.length === 0} required>
            <option value="">Choose a model…</option>
            {addable.map((m) => (
              <option key={m.id} value={m.id}>
                {m.name} ({m.id})
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="btn btn-primary" disabled={ids.length >= MAX_COMPARE || addable.length === 0}>
          Add to comparison
        </button>
        {ids.length >= MAX_COMPARE ? (
          <p className="text-sm text-muted sm:pb-2">Remove one to add another (at most {MAX_COMPARE}).</p>
        ) : null}
        {ids.length > 0 ? (
          <Link href="/compare" className="link text-sm sm:ml-auto sm:pb-2">
            Clear
          </Link>
        ) : null}
      </form>

      {models.length === 0 ? (
        <EmptyState all={all} />
      ) : (
        <>
          {datasets.length > 0 ? (
            <GroupedBarChart
              caption="Word error rate by dataset"
              note="lower is better"
              categories={datasets}
              series={models.map((m) => ({ name: m.name, values: datasets.map((d) => werOn(m, d)) }))}
            />
          ) : (
            <p className="text-sm text-muted">None of these models has published word error rates yet.</p>
          )}
          <CompareTable models={models} />
          {models.length === 1 ? (
            <p className="text-sm text-muted">Add another model above to see them side by side.</p>
          ) : null}
        </>
      )}
    </div>
  );
}

function EmptyState({ all }: { all: ModelView[] }) {
  const suggestions = suggestedPairs(all);
  return (
    <div className="rounded-xl border border-dashed border-line p-6">
      <p className="font-medium">Pick models to compare.</p>
      <p className="mt-1 text-sm text-muted">Add them one by one above, or start from one of these:</p>
      <ul className="mt-3 flex flex-wrap gap-2">
        {suggestions.map(({ label, ids }) => (
          <li key={label}>
            <Link href={compareUrl(ids)} className="btn btn-secondary">
              {label}
            </Link>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** Starting points: each model with its related ones, for the first few models that list any. */
function suggestedPairs(all: ModelView[]): { label: string; ids: string[] }[] {
  const known = new Set(all.map((m) => m.id));
  const pairs = all
    .map((m) => ({ model: m, related: m.related.filter((id) => known.has(id)) }))
    .filter((p) => p.related.length > 0)
    .slice(0, 4)
    .map((p) => ({ label: `${p.model.name} and related`, ids: [p.model.id, ...p.related].slice(0, MAX_COMPARE) }));
  if (pairs.length > 0) return pairs;
  return all.length > 1 ? [{ label: "The first models in the catalog", ids: all.slice(0, MAX_COMPARE).map((m) => m.id) }] : [];
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** What the URL asked for, split on commas, for reporting names we do not know. */
function requested(value: string | string[] | undefined): string[] {
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return list.flatMap((v) => v.split(",")).map((v) => v.trim().slice(0, 80)).filter(Boolean).slice(0, 10);
}
