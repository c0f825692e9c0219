import type { Metadata } from "next";
import Form from "next/form";
import Link from "next/link";
import { redirect } from "next/navigation";
import { connection } from "next/server";
import { AutoSubmit } from "@/components/forms/AutoSubmit";
import { InterestForm } from "@/components/forms/InterestForm";
import { PlaygroundLoader } from "@/components/playground/PlaygroundLoader";
import { StatusBadge } from "@/components/ui/StatusBadge";
import { getModel, listModels, type ModelView } from "@/lib/catalog";
import { formatPricePerMinute, modelPath } from "@/lib/catalog/format";
import { waitingCount } from "@/lib/interest";
import { BUNDLED_MODEL_ID } from "@/lib/playground/samples";
import { LIMITS } from "@/lib/validation/fields";

export const metadata: Metadata = {
  title: "Playground — try speech-to-text models on your audio",
  description:
    "Upload, record or pick a sample and run any live speech-to-text model in the browser: options, cost, word-by-word playback and the same request as code.",
};

const FORM_ID = "playground-model";

export default async function PlaygroundPage({ searchParams }: PageProps<"/playground">) {
  await connection();
  const { model: asked } = await searchParams;
  const models = await listModels();
  const live = models.filter((m) => m.status === "live");
  const soon = models.filter((m) => m.status !== "live");
  const fallback = live.find((m) => m.id === BUNDLED_MODEL_ID) ?? live[0] ?? null;

  const requested = typeof asked === "string" && asked ? await getModel(asked) : null;
  // One address per model: short names and other casings go to the canonical id.
  if (requested && asked !== requested.id) redirect(`/playground?model=${encodeURIComponent(requested.id)}`);
  const model = requested ?? fallback;
  const returnPath = model ? `/playground?model=${encodeURIComponent(model.id)}` : "/playground";

  return (
    <div className="mx-auto max-w-6xl space-y-6 px-4 py-8 sm:py-10">
      <div className="space-y-1">
        <h1 className="text-2xl font-semibold tracking-tight sm:text-3xl">Playground</h1>
        <p className="text-muted">
          Run a live model on your own audio: drop a file, record from your microphone or pick a sample. Signed out, the samples run free on
          Moonshine Micro.
        </p>
      </div>

      <Form id={FORM_ID} action="/playground" className="flex flex-wrap items-end gap-x-4 gap-y-2">
        <div className="space-y-1 text-sm">
          <label htmlFor="playground-model-select" className="block font-medium">
            Model
          </label>
          <select id="playground-model-select" name="model" defaultValue={model?.id} className="field w-auto max-w-full min-w-72">
            <optgroup label="Live">
              {live.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.name} ({m.id})
                </option>
              ))}
            </optgroup>
            <optgroup label="Coming soon">
              {soon.map((m) => (
                <option key={m.id} value={m.id} disabled={m.id !== model?.id}>
                  {m.name} — coming soon
                </option>
              ))}
            </optgroup>
          </select>
        </div>
        <noscript>
          <button type="submit" className="btn btn-secondary">
            Open
          </button>
        </noscript>
        {model ? (
          <p className="flex items-center gap-3 pb-2 text-sm">
            <StatusBadge status={model.status} />
            <span className="font-mono tabular-nums">{formatPricePerMinute(model.pricing)}</span>
            <Link href={modelPath(model)} className="link">
              Model page →
            </Link>
          </p>
        ) : null}
      </Form>
      <AutoSubmit formId={FORM_ID} />

      {model === null ? (
        <p className="rounded-xl border border-line bg-surface p-6 text-muted">No model is live on this server yet.</p>
      ) : model.status === "live" ? (
        <PlaygroundLoader model={model} returnPath={returnPath} />
      ) : (
        <ComingSoon model={model} waiting={await waitingCount(model.id)} alternatives={live} />
      )}

      {soon.length > 0 ? (
        <section aria-labelledby="soon-heading" className="space-y-2 border-t border-line pt-6">
          <h2 id="soon-heading" className="text-sm font-medium">
            Coming soon to the playground
          </h2>
          <ul className="flex flex-wrap gap-2">
            {soon.map((m) => (
              <li key={m.id}>
                <Link
                  href={`/playground?model=${encodeURIComponent(m.id)}`}
                  className="inline-flex items-center gap-1.5 rounded-full border border-line px-3 py-1 text-xs text-muted hover:bg-surface-2 hover:text-fg"
                  aria-label={`${m.name}: coming soon — get notified`}
                >
                  <span aria-hidden="true" className="size-1.5 rounded-full bg-soon" />
                  {m.name}
                </Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}

/** A coming-soon model's playground: closed, with the interest signup and the live models to try now. */
function ComingSoon({ model, waiting, alternatives }: { model: ModelView; waiting: number; alternatives: ModelView[] }) {
  return (
    <section
      aria-labelledby="coming-soon-heading"
      data-testid="playground-coming-soon"
      className="grid gap-6 rounded-xl border border-soon/30 bg-soon-soft/50 p-5 md:grid-cols-2"
    >
      <div className="space-y-3">
        <h2 id="coming-soon-heading" className="flex items-center gap-2 text-lg font-semibold">
          <span aria-hidden="true" className="size-2 rounded-full bg-soon" />
          {model.name} is coming soon
        </h2>
        <p className="text-sm leading-relaxed">
          Its playground opens the day it goes live. Leave your email to hear when that is — the more people ask, the sooner we get
          there.
        </p>
        {alternatives.length > 0 ? (
          <p className="text-sm">
            Try now:{" "}
            {alternatives.map((m, i) => (
              <span key={m.id}>
                {i > 0 ? ", " : ""}
                <Link href={`/playground?model=${encodeURIComponent(m.id)}`} className="link">
                  {m.name}
                </Link>
              </span>
            ))}
          </p>
        ) : null}
      </div>
      <InterestForm modelId={model.id} modelName={model.name} initialWaiting={waiting} limits={LIMITS} />
    </section>
  );
}
