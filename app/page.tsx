import Link from "next/link";
import type { ReactNode } from "react";
import { connection } from "next/server";
import { ModelCard } from "@/components/catalog/ModelCard";
import { codeSamples } from "@/components/model/codeSamples";
import { SearchBox } from "@/components/site/SearchBox";
import { StatusBadge } from "@/components/ui/StatusBadge";
import { CodeTabs } from "@/components/ui/CodeTabs";
import { featuredModels, listModels, newestModels } from "@/lib/catalog";
import { formatMonth, formatPrice, modelPath } from "@/lib/catalog/format";
import { env } from "@/lib/env";

const QUICK_FILTERS = [
  { href: "/models?status=live", label: "Live now" },
  { href: "/models?streaming=true", label: "Streaming" },
  { href: "/models?task=translation", label: "Translation" },
  { href: "/models?timestamps=word", label: "Word timestamps" },
  { href: "/models?sort=wer", label: "Most accurate" },
] as const;

export default async function HomePage() {
  // Status follows the weights on disk at request time, not at build time.
  await connection();
  const [all, featured, newest] = await Promise.all([listModels(), featuredModels(), newestModels(5)]);
  const live = all.filter((m) => m.status === "live");
  const orgs = new Set(all.map((m) => m.orgName));
  const sample = live[0] ?? featured[0] ?? all[0];

  return (
    <div className="space-y-16 pb-8">
      <section aria-labelledby="hero-heading" className="border-b border-line bg-surface">
        <div className="mx-auto max-w-6xl px-4 py-14 sm:py-20">
          <p className="mb-3 text-sm font-medium text-accent">Speech-to-text · catalog · pricing · API</p>
          <h1 id="hero-heading" className="max-w-3xl text-4xl font-semibold tracking-tight text-balance sm:text-5xl">
            Every speech-to-text model, one OpenAI-compatible API.
          </h1>
          <p className="mt-4 max-w-2xl text-lg text-muted text-pretty">
            gigarouter lists speech recognition and translation models with their specs, published word error rates
            and a price per audio minute — then serves them behind the audio API your OpenAI client already speaks.
          </p>
          <div className="mt-8 max-w-2xl">
            <SearchBox id="home-search" size="lg" />
          </div>
          <ul className="mt-4 flex flex-wrap gap-2" aria-label="Quick filters">
            {QUICK_FILTERS.map((f) => (
              <li key={f.href}>
                <Link
                  href={f.href}
                  className="inline-block rounded-full border border-line bg-bg px-3 py-1 text-sm text-muted hover:border-accent hover:text-fg"
                >
                  {f.label}
                </Link>
              </li>
            ))}
          </ul>
          <dl className="mt-10 flex flex-wrap gap-x-10 gap-y-4">
            <Stat label="models" value={all.length} />
            <Stat label="live now" value={live.length} />
            <Stat label="organisations" value={orgs.size} />
          </dl>
        </div>
      </section>

      <section aria-labelledby="featured-heading" className="mx-auto max-w-6xl px-4">
        <div className="mb-4 flex items-baseline justify-between gap-4">
          <h2 id="featured-heading" className="text-xl font-semibold tracking-tight">
            Featured models
          </h2>
          <Link href="/models" className="link text-sm font-medium">
            Browse all {all.length} →
          </Link>
        </div>
        {/* Three across only when the rows come out full; otherwise two, so no card sits alone. */}
        <ul className={`grid gap-4 sm:grid-cols-2 ${featured.length % 3 === 0 ? "lg:grid-cols-3" : ""}`}>
          {featured.map((m) => (
            <li key={m.id}>
              <ModelCard model={m} />
            </li>
          ))}
        </ul>
      </section>

      <div className="mx-auto grid max-w-6xl grid-cols-1 gap-10 px-4 lg:grid-cols-2">
        <section aria-labelledby="newest-heading" className="min-w-0">
          <div className="mb-4 flex items-baseline justify-between gap-4">
            <h2 id="newest-heading" className="text-xl font-semibold tracking-tight">
              Newest
            </h2>
            <Link href="/models?sort=newest" className="link text-sm font-medium">
              All by date →
            </Link>
          </div>
          <ol className="divide-y divide-line overflow-hidden rounded-xl border border-line">
            {newest.map((m) => (
              <li key={m.id} className="relative flex items-center gap-3 p-3 hover:bg-surface">
                <div className="min-w-0 flex-1">
                  <Link href={modelPath(m)} className="font-medium after:absolute after:inset-0">
                    {m.name}
                  </Link>
                  <p className="truncate font-mono text-xs text-muted">{m.id}</p>
                </div>
                <div className="shrink-0 text-right text-xs text-muted">
                  <time dateTime={m.publishedAt}>{formatMonth(m.publishedAt)}</time>
                  <p className="tabular-nums text-fg">{formatPrice(m.pricing)}/min</p>
                </div>
                <StatusBadge status={m.status} />
              </li>
            ))}
          </ol>
        </section>

        {sample ? (
          <section aria-labelledby="call-heading" className="min-w-0">
            <div className="mb-4 flex items-baseline justify-between gap-4">
              <h2 id="call-heading" className="text-xl font-semibold tracking-tight">
                Call it
              </h2>
              <Link href={modelPath(sample)} className="link text-sm font-medium">
                {sample.name} →
              </Link>
            </div>
            <p className="mb-3 text-sm text-muted">
              Same client, same request as OpenAI&apos;s audio API: change the base URL and the model id.
            </p>
            <CodeTabs tabs={codeSamples(sample, env.PUBLIC_URL)} ariaLabel="Example API call" />
          </section>
        ) : null}
      </div>

      <section aria-labelledby="how-heading" className="mx-auto max-w-6xl px-4">
        <h2 id="how-heading" className="mb-4 text-xl font-semibold tracking-tight">
          How gigarouter works
        </h2>
        <ol className="grid gap-4 md:grid-cols-3">
          <Step n={1} title="Compare what was published">
            Parameters, languages, licenses, word error rate per dataset and speed, as each model&apos;s authors
            reported them — side by side.
          </Step>
          <Step n={2} title="Know the price per minute">
            Every model shows a price per audio minute. While a model is coming soon the price is an estimate, set
            when it launches.
          </Step>
          <Step n={3} title="Call it with one API">
            An OpenAI-compatible endpoint for every live model. Ask for a model that is coming soon, or request one
            we don&apos;t list yet.
          </Step>
        </ol>
        <p className="mt-6 text-sm text-muted">
          Missing a model?{" "}
          <Link href="/request" className="link">
            Request it
          </Link>{" "}
          — requests with the most votes get onboarded first.
        </p>
      </section>
    </div>
  );
}

function Stat({ label, value }: { label: string; value: number }) {
  return (
    <div>
      <dt className="text-sm text-muted">{label}</dt>
      <dd className="text-3xl font-semibold tabular-nums">{value}</dd>
    </div>
  );
}

function Step({ n, title, children }: { n: number; title: string; children: ReactNode }) {
  return (
    <li className="rounded-xl border border-line p-5">
      <span aria-hidden="true" className="mb-3 inline-flex size-7 items-center justify-center rounded-full bg-accent-soft text-sm font-semibold text-accent">
        {n}
      </span>
      <h3 className="font-semibold">{title}</h3>
      <p className="mt-1 text-sm leading-relaxed text-muted">{children}</p>
    </li>
  );
}
