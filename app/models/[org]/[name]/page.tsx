import type { Metadata } from "next";
import { notFound, permanentRedirect } from "next/navigation";
import { connection } from "next/server";
import { AboutModel } from "@/components/model/AboutModel";
import { Benchmarks } from "@/components/model/Benchmarks";
import { CallIt } from "@/components/model/CallIt";
import { CheckList } from "@/components/model/CheckList";
import { Faq } from "@/components/model/Faq";
import { LiveCard } from "@/components/model/LiveCard";
import { ModelHeader } from "@/components/model/ModelHeader";
import { ModelStats } from "@/components/model/ModelStats";
import { NotLiveCard } from "@/components/model/NotLiveCard";
import { PlaygroundLoader } from "@/components/playground/PlaygroundLoader";
import { RelatedModels } from "@/components/model/RelatedModels";
import { SpecsTable } from "@/components/model/SpecsTable";
import { QueueApiReference } from "@/components/queue-api/QueueApiReference";
import { Section } from "@/components/ui/Section";
import { decodeSegment } from "@/app/models/pathSegment";
import { getModel, relatedModels } from "@/lib/catalog";
import { formatPrice, modelPath, priceNote } from "@/lib/catalog/format";
import { env } from "@/lib/env";
import { waitingCount } from "@/lib/interest";

type Props = PageProps<"/models/[org]/[name]">;

/** "nvidia/canary-1b-flash" from the two path segments; a malformed escape just fails to match. */
async function requestedId(params: Props["params"]): Promise<string> {
  const { org, name } = await params;
  return `${decodeSegment(org)}/${decodeSegment(name)}`;
}


export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const model = await getModel(await requestedId(params));
  if (!model) return { title: "Model not found" };
  const note = priceNote(model.pricing);
  return {
    title: `${model.name} (${model.id}) — price, benchmarks, API`,
    description: `${model.summary} ${formatPrice(model.pricing)} per audio minute${note ? ` (${note})` : ""}.`,
    alternates: { canonical: modelPath(model) },
    openGraph: { title: `${model.name} · gigarouter`, description: model.summary, url: modelPath(model) },
  };
}

export default async function ModelPage({ params }: Props) {
  await connection();
  const id = await requestedId(params);
  const model = await getModel(id);
  if (!model) notFound();
  // Ids are matched in any case; the page lives at one address.
  if (id !== model.id) permanentRedirect(modelPath(model));

  const [related, waiting] = await Promise.all([
    relatedModels(model),
    model.status === "live" ? Promise.resolve(0) : waitingCount(model.id),
  ]);

  const toc = [
    ...(model.status === "live" ? [["playground", "Playground"]] : []),
    ["specs", "Specs"],
    ["about", "About"],
    ...(model.keyCapabilities.length ? [["capabilities", "Key capabilities"]] : []),
    ...(model.bestFor.length ? [["best-for", "Best for"]] : []),
    ...(model.faq.length ? [["faq", "FAQ"]] : []),
    ["call-it", "How do I call it"],
    ["queue-api", "Queue API"],
  ] as const;

  return (
    <div className="mx-auto max-w-6xl space-y-8 px-4 py-8 sm:py-10">
      <ModelHeader model={model} />
      <ModelStats model={model} />
      {model.status !== "live" ? (
        <p className="text-sm lg:hidden">
          <a href="#not-live-heading" className="link font-medium">
            Not live yet — get notified when it launches ↓
          </a>
        </p>
      ) : null}

      {model.status === "live" ? (
        <Section id="playground" title="playground">
          <PlaygroundLoader model={model} returnPath={`${modelPath(model)}#playground`} />
        </Section>
      ) : null}

      <div className="grid gap-10 lg:grid-cols-[minmax(0,1fr)_20rem]">
        <div className="min-w-0 space-y-12">
          <Section id="specs" title="specs">
            <SpecsTable model={model} />
          </Section>
          <Section id="about" title="about this model">
            <AboutModel model={model} benchmarks={<Benchmarks model={model} />} />
          </Section>
          {model.keyCapabilities.length > 0 ? (
            <Section id="capabilities" title="key capabilities">
              <CheckList items={model.keyCapabilities} />
            </Section>
          ) : null}
          {model.bestFor.length > 0 ? (
            <Section id="best-for" title="best for">
              <CheckList items={model.bestFor} />
            </Section>
          ) : null}
          {model.faq.length > 0 ? (
            <Section id="faq" title="FAQ">
              <Faq entries={model.faq} />
            </Section>
          ) : null}
          <Section id="call-it" title="how do I call it">
            <CallIt model={model} publicUrl={env.PUBLIC_URL} />
          </Section>
          <Section id="queue-api" title="queue API (fal-compatible)">
            <QueueApiReference model={model} publicUrl={env.PUBLIC_URL} />
          </Section>
        </div>

        <aside aria-label={`${model.name} availability`} className="space-y-6 lg:sticky lg:top-20 lg:self-start">
          {model.status === "live" ? <LiveCard model={model} /> : <NotLiveCard model={model} waiting={waiting} />}
          <nav aria-label="On this page" className="hidden text-sm lg:block">
            <h2 className="mb-2 font-medium">On this page</h2>
            <ul className="space-y-1 border-l border-line">
              {toc.map(([id, label]) => (
                <li key={id}>
                  <a href={`#${id}`} className="-ml-px block border-l border-transparent pl-3 text-muted hover:border-fg hover:text-fg">
                    {label}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
        </aside>
      </div>

      <RelatedModels model={model} related={related} />
    </div>
  );
}
