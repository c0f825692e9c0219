import type { Metadata } from "next";
import Form from "next/form";
import Link from "next/link";
import { redirect } from "next/navigation";
import { AutoSubmit } from "@/components/forms/AutoSubmit";
import { ModelCard } from "@/components/catalog/ModelCard";
import { FilterPanel } from "@/components/catalog/FilterPanel";
import { SORT_OPTIONS, languageOptions, licenseOptions } from "@/components/catalog/browseOptions";
import { activeFilters } from "@/components/catalog/activeFilters";
import { listModels } from "@/lib/catalog";
import { modelsUrl, parseModelQuery, queryModels, serializeQuery } from "@/lib/catalog/query";

export const metadata: Metadata = {
  title: "Speech-to-text models",
  description:
    "Browse speech-to-text models by task, language, streaming, timestamps, license and status; sort by price, word error rate, speed, recency or popularity.",
};

const FORM_ID = "browse-models";

export default async function ModelsPage({ searchParams }: PageProps<"/models">) {
  const raw = await searchParams;
  const query = parseModelQuery(raw);

  // One address per state: empty fields from the GET form, bad values and odd key order are dropped.
  const canonical = serializeQuery(query);
  if (toSearchString(raw) !== canonical) redirect(modelsUrl(query));

  const all = await listModels();
  const results = queryModels(all, query);
  const chips = activeFilters(query);
  const stateKey = canonical || "none";

  return (
    <div className="mx-auto max-w-6xl px-4 py-8 sm:py-10">
      <div className="mb-6 space-y-1">
        <h1 className="text-2xl font-semibold tracking-tight sm:text-3xl">Speech-to-text models</h1>
        <p className="text-muted">
          {all.length} models with their specs, published benchmarks and prices per audio minute.
        </p>
      </div>

      <Form id={FORM_ID} action="/models" className="contents" />
      <AutoSubmit formId={FORM_ID} />

      {/* Phones read search, filters, results top to bottom; from lg the filters move to a left column. */}
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-[15rem_minmax(0,1fr)] lg:grid-rows-[auto_1fr] lg:gap-x-10">
        <div key={stateKey} role="search" className="flex min-w-0 flex-col gap-3 sm:flex-row sm:items-end lg:col-start-2">
          <div className="flex-1 space-y-1.5">
            <label htmlFor="browse-q" className="block text-sm font-medium">
              Search by name or organisation
            </label>
            <div className="flex gap-2">
              <input
                id="browse-q"
                name="q"
                type="search"
                form={FORM_ID}
                defaultValue={query.q ?? ""}
                maxLength={100}
                placeholder="e.g. whisper, nvidia, canary"
                className="field"
              />
              <button type="submit" form={FORM_ID} className="btn btn-secondary">
                Search
              </button>
            </div>
          </div>
          <div className="space-y-1.5 sm:w-60">
            <label htmlFor="browse-sort" className="block text-sm font-medium">
              Sort by
            </label>
            <select id="browse-sort" name="sort" form={FORM_ID} defaultValue={query.sort ?? ""} className="field">
              <option value="">{query.q ? "Best match" : "Featured"}</option>
              {SORT_OPTIONS.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </select>
          </div>
          {query.dir ? <input type="hidden" name="dir" value={query.dir} form={FORM_ID} /> : null}
        </div>

        <aside aria-label="Filters" className="lg:sticky lg:top-20 lg:col-start-1 lg:row-span-2 lg:row-start-1 lg:self-start">
          <FilterPanel
            key={stateKey}
            formId={FORM_ID}
            query={query}
            languages={languageOptions(all)}
            licenses={licenseOptions(all)}
            activeCount={chips.length}
          />
        </aside>

        <section aria-labelledby="results-heading" className="min-w-0 space-y-4 lg:col-start-2">
          <div className="flex flex-wrap items-center gap-2">
            <h2 id="results-heading" className="mr-2 text-sm font-medium" aria-live="polite">
              {results.length === 1 ? "1 model" : `${results.length} models`}
              {chips.length > 0 || query.q ? <span className="text-muted"> match</span> : null}
            </h2>
            {chips.map((chip) => (
              <Link
                key={chip.key}
                href={chip.removeHref}
                className="inline-flex items-center gap-1 rounded-full border border-line bg-surface px-2.5 py-0.5 text-xs hover:border-accent"
                aria-label={`Remove filter: ${chip.label}`}
              >
                {chip.label} <span aria-hidden="true">×</span>
              </Link>
            ))}
            {chips.length > 1 ? (
              <Link href="/models" className="link text-xs">
                Clear all
              </Link>
            ) : null}
          </div>

          {results.length > 0 ? (
            <ul className="grid gap-4 sm:grid-cols-2" data-testid="model-results">
              {results.map((model) => (
                <li key={model.id}>
                  <ModelCard model={model} />
                </li>
              ))}
            </ul>
          ) : (
            <div className="rounded-xl border border-dashed border-line p-8 text-center">
              <p className="font-medium">No models match these filters.</p>
              <p className="mt-1 text-sm text-muted">
                <Link href="/models" className="link">
                  Clear the filters
                </Link>{" "}
                or{" "}
                <Link href="/request" className="link">
                  ask us to add the model you need
                </Link>
                .
              </p>
            </div>
          )}

          <p className="pt-4 text-sm text-muted">
            Missing a model?{" "}
            <Link href="/request" className="link">
              Request it
            </Link>{" "}
            and others can vote for it.
          </p>
        </section>
      </div>
    </div>
  );
}

/** The search params as a query string in the order they came, to compare with the canonical one. */
function toSearchString(raw: Record<string, string | string[] | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(raw)) {
    for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value]) params.append(key, v);
  }
  return params.toString();
}
