import { CodeTabs } from "@/components/ui/CodeTabs";
import type { ModelView } from "@/lib/catalog/types";
import { codeSamples } from "./codeSamples";

/** "How do I call it": the OpenAI-compatible endpoint and ready-to-paste samples for this model. */
export function CallIt({ model, publicUrl }: { model: ModelView; publicUrl: string }) {
  const apiBase = `${publicUrl.replace(/\/+$/, "")}/v1`;
  return (
    <div className="space-y-4">
      <p className="text-[15px] leading-relaxed">
        gigarouter speaks the OpenAI audio API. Point any OpenAI client at{" "}
        <code className="rounded bg-surface-2 px-1.5 py-0.5 font-mono text-sm">{apiBase}</code>, authenticate with
        your gigarouter API key, and set <code className="rounded bg-surface-2 px-1.5 py-0.5 font-mono text-sm">model</code>{" "}
        to <code className="rounded bg-surface-2 px-1.5 py-0.5 font-mono text-sm">{model.id}</code> (the short name{" "}
        <code className="rounded bg-surface-2 px-1.5 py-0.5 font-mono text-sm">{model.shortName}</code> works too).
      </p>
      {model.tasks.includes("translation") ? (
        <p className="text-[15px] leading-relaxed">
          To translate instead of transcribe, send the same request to{" "}
          <code className="rounded bg-surface-2 px-1.5 py-0.5 font-mono text-sm">/v1/audio/translations</code> (
          <code className="rounded bg-surface-2 px-1.5 py-0.5 font-mono text-sm">client.audio.translations.create</code>).
        </p>
      ) : null}
      {model.status !== "live" ? (
        <p className="rounded-lg border border-soon/30 bg-soon-soft p-3 text-sm text-soon">
          {model.name} is not live yet: this code will work unchanged once it launches.
        </p>
      ) : null}
      <CodeTabs tabs={codeSamples(model, publicUrl)} ariaLabel={`Code samples for ${model.name}`} />
    </div>
  );
}
