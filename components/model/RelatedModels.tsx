import Link from "next/link";
import { ModelCard } from "@/components/catalog/ModelCard";
import { MAX_COMPARE, compareUrl } from "@/lib/catalog/query";
import type { ModelView } from "@/lib/catalog/types";

/** Related models as cards, and "compare all" with this model first. */
export function RelatedModels({ model, related }: { model: ModelView; related: ModelView[] }) {
  const compareIds = [model.id, ...related.map((m) => m.id)].slice(0, MAX_COMPARE);
  return (
    <section aria-labelledby="related-heading" className="space-y-4">
      <div className="flex flex-wrap items-baseline justify-between gap-3">
        <h2 id="related-heading" className="text-lg font-semibold tracking-tight">
          related speech-to-text models
        </h2>
        {related.length > 0 ? (
          <Link href={compareUrl(compareIds)} className="link text-sm font-medium">
            compare all →
          </Link>
        ) : (
          <Link href="/models" className="link text-sm font-medium">
            browse all models →
          </Link>
        )}
      </div>
      {related.length > 0 ? (
        <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
          {related.map((m) => (
            <li key={m.id}>
              <ModelCard model={m} />
            </li>
          ))}
        </ul>
      ) : (
        <p className="text-sm text-muted">No related models are listed yet.</p>
      )}
    </section>
  );
}
