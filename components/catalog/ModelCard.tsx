import Link from "next/link";
import { formatCount, formatParams, formatPrice, modelPath } from "@/lib/catalog/format";
import { meanWer } from "@/lib/catalog/metrics";
import type { ModelView } from "@/lib/catalog/types";
import { Badge } from "@/components/ui/Badge";
import { StatusBadge } from "@/components/ui/StatusBadge";
import { keyBadges } from "@/components/model/keyBadges";

/**
 * A catalog tile. The title link is stretched over the whole card so the card is one click target,
 * while the heading stays the accessible name.
 */
export function ModelCard({ model, headingLevel = "h3" }: { model: ModelView; headingLevel?: "h2" | "h3" }) {
  const Heading = headingLevel;
  const wer = meanWer(model);
  return (
    <article className="relative flex h-full flex-col gap-3 rounded-xl border border-line bg-bg p-4 transition-colors hover:border-accent/60 hover:bg-surface has-[a:focus-visible]:border-accent has-[a:focus-visible]:ring-2 has-[a:focus-visible]:ring-accent">
      <div className="flex items-start justify-between gap-3">
        <div className="min-w-0">
          <Heading className="font-semibold leading-snug">
            <Link href={modelPath(model)} className="after:absolute after:inset-0 after:rounded-xl focus-visible:outline-none">
              {model.name}
            </Link>
          </Heading>
          <p className="truncate font-mono text-xs text-muted">{model.id}</p>
        </div>
        <StatusBadge status={model.status} />
      </div>
      <p className="line-clamp-2 text-sm text-muted">{model.summary}</p>
      <ul className="flex flex-wrap gap-1.5" aria-label="Key facts">
        {keyBadges(model).slice(0, 4).map((label) => (
          <li key={label}>
            <Badge>{label}</Badge>
          </li>
        ))}
      </ul>
      <dl className="mt-auto grid grid-cols-3 gap-2 border-t border-line pt-3 text-xs">
        <div>
          <dt className="text-muted">{model.pricing.estimated ? "est. / min" : "price / min"}</dt>
          <dd className="font-medium tabular-nums">{formatPrice(model.pricing)}</dd>
        </div>
        <div>
          <dt className="text-muted">mean WER</dt>
          <dd className="font-medium tabular-nums">{wer === undefined ? "—" : `${wer}%`}</dd>
        </div>
        <div>
          <dt className="text-muted">{model.downloadsPerMonth !== undefined ? "downloads / mo" : "params"}</dt>
          <dd className="font-medium tabular-nums">
            {model.downloadsPerMonth !== undefined
              ? formatCount(model.downloadsPerMonth)
              : formatParams(model.parameters.count)}
          </dd>
        </div>
      </dl>
    </article>
  );
}
