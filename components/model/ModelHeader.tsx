import Link from "next/link";
import { formatMonth } from "@/lib/catalog/format";
import type { ModelView } from "@/lib/catalog/types";
import { Badge } from "@/components/ui/Badge";
import { CopyButton } from "@/components/ui/CopyButton";
import { StatusBadge } from "@/components/ui/StatusBadge";
import { keyBadges } from "./keyBadges";

/** Breadcrumb, name, id, dates, summary and key badges: the top of a model page. */
export function ModelHeader({ model }: { model: ModelView }) {
  const statusLabel = model.status === "live" ? "live" : "coming soon";
  return (
    <header className="space-y-4">
      <nav aria-label="Breadcrumb" className="text-sm text-muted">
        <ol className="flex flex-wrap items-center gap-1.5">
          <li>
            <Link href="/models" className="hover:text-fg hover:underline">
              models
            </Link>
          </li>
          <li aria-hidden="true">/</li>
          <li>
            <Link href="/models?task=transcription" className="hover:text-fg hover:underline">
              speech-to-text
            </Link>
          </li>
          <li aria-hidden="true">·</li>
          <li aria-current="page">{statusLabel}</li>
        </ol>
      </nav>

      <div className="space-y-2">
        <div className="flex flex-wrap items-center gap-3">
          <h1 className="text-3xl font-semibold tracking-tight sm:text-4xl">{model.name}</h1>
          <StatusBadge status={model.status} />
        </div>
        <p className="flex flex-wrap items-center gap-1 font-mono text-sm text-muted">
          <span>
            <Link href={`/models?q=${encodeURIComponent(model.id.split("/")[0] ?? "")}`} className="hover:text-fg hover:underline">
              {model.id.split("/")[0]}
            </Link>
            /{model.id.split("/").slice(1).join("/")}
          </span>
          <CopyButton text={model.id} label="Copy id" className="font-sans text-muted hover:bg-surface-2 hover:text-fg" />
        </p>
        <p className="text-sm text-muted">
          published <time dateTime={model.publishedAt}>{formatMonth(model.publishedAt)}</time> · updated{" "}
          <time dateTime={model.updatedAt}>{formatMonth(model.updatedAt)}</time> · by {model.orgName}
        </p>
      </div>

      <p className="max-w-3xl text-base leading-relaxed">{model.summary}</p>

      <ul className="flex flex-wrap gap-2" aria-label="Key facts">
        {keyBadges(model).map((label) => (
          <li key={label}>
            <Badge>{label}</Badge>
          </li>
        ))}
        {(model.tags ?? []).map((tag) => (
          <li key={`tag-${tag}`}>
            <Badge tone="accent">{tag}</Badge>
          </li>
        ))}
      </ul>
    </header>
  );
}
