import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import { formatMonth } from "@/lib/catalog/format";
import { RequestForm } from "@/components/request/RequestForm";
import { VoteButton } from "@/components/request/VoteButton";
import { listOpenRequests } from "@/lib/requests";
import { LIMITS } from "@/lib/validation/fields";

export const metadata: Metadata = {
  title: "Request a model",
  description: "Ask gigarouter to add a speech-to-text model, and vote for the models others asked for.",
};

export default async function RequestPage() {
  await connection();
  const requests = await listOpenRequests();

  return (
    <div className="mx-auto grid max-w-6xl gap-10 px-4 py-8 sm:py-10 lg:grid-cols-[minmax(0,26rem)_minmax(0,1fr)]">
      <section aria-labelledby="request-heading" className="space-y-4">
        <div className="space-y-2">
          <h1 id="request-heading" className="text-2xl font-semibold tracking-tight sm:text-3xl">
            Request a model
          </h1>
          <p className="text-muted">
            Don&apos;t see the model you need in the{" "}
            <Link href="/models" className="link">
              catalog
            </Link>
            ? Tell us which one. If someone asked already, your request counts as a vote — the most wanted models
            are onboarded first.
          </p>
        </div>
        <div className="rounded-xl border border-line p-5">
          <RequestForm limits={LIMITS} />
        </div>
      </section>

      <section aria-labelledby="open-heading" className="space-y-4">
        <div className="flex items-baseline justify-between gap-4">
          <h2 id="open-heading" className="text-lg font-semibold tracking-tight">
            Open requests
          </h2>
          <p className="text-sm text-muted">sorted by votes</p>
        </div>
        {requests.length === 0 ? (
          <p className="rounded-xl border border-dashed border-line p-6 text-sm text-muted">
            No open requests yet. Be the first to ask for a model.
          </p>
        ) : (
          <ol className="divide-y divide-line overflow-hidden rounded-xl border border-line" data-testid="open-requests">
            {requests.map((r, i) => (
              <li key={r.id} className="flex items-center gap-4 p-4">
                <span aria-hidden="true" className="w-6 shrink-0 text-right text-sm text-muted tabular-nums">
                  {i + 1}
                </span>
                <div className="min-w-0 flex-1">
                  <a href={r.url} rel="noreferrer nofollow" className="font-mono text-sm font-medium break-all hover:underline">
                    {r.model}
                  </a>
                  <p className="text-xs text-muted">
                    asked <time dateTime={r.createdAt}>{formatMonth(r.createdAt)}</time>
                  </p>
                </div>
                <VoteButton model={r.model} initialVotes={r.votes} />
              </li>
            ))}
          </ol>
        )}
      </section>
    </div>
  );
}
