import type { FaqEntry } from "@/lib/catalog/types";

/** Questions as native disclosure widgets: keyboard and screen-reader friendly with no script. */
export function Faq({ entries }: { entries: FaqEntry[] }) {
  return (
    <div className="divide-y divide-line overflow-hidden rounded-xl border border-line">
      {entries.map((entry) => (
        <details key={entry.question} className="group">
          <summary className="flex list-none items-center justify-between gap-4 px-4 py-3 font-medium hover:bg-surface [&::-webkit-details-marker]:hidden">
            <span>{entry.question}</span>
            <span aria-hidden="true" className="text-muted transition-transform group-open:rotate-45">
              +
            </span>
          </summary>
          <p className="px-4 pb-4 text-[15px] leading-relaxed text-muted">{entry.answer}</p>
        </details>
      ))}
    </div>
  );
}
