import type { ReactNode } from "react";
import { formatHours } from "@/lib/catalog/format";
import type { ModelView } from "@/lib/catalog/types";

/**
 * "About this model" prose. The benchmark block (`benchmarks`) is placed right after the prose section
 * that talks about benchmarks, as the seed pages do; if there is none, it closes the section.
 */
export function AboutModel({ model, benchmarks }: { model: ModelView; benchmarks: ReactNode }) {
  const benchIndex = model.about.findIndex((s) => s.heading && /benchmark|performance|accuracy/i.test(s.heading));
  const trainingIndex = model.about.findIndex((s) => s.heading && /training/i.test(s.heading));
  const parts = model.trainingData ?? [];

  return (
    <div className="max-w-none space-y-6 leading-relaxed">
      {model.about.map((section, i) => (
        <div key={section.heading ?? `intro-${i}`} className="space-y-3">
          {section.heading ? <h3 className="text-base font-semibold">{section.heading}</h3> : null}
          {section.paragraphs.map((p) => (
            <p key={p.slice(0, 40)} className="text-[15px]">
              {p}
            </p>
          ))}
          {section.bullets?.length ? (
            <ul className="list-disc space-y-1 pl-5 text-[15px]">
              {section.bullets.map((b) => (
                <li key={b.slice(0, 40)}>{b}</li>
              ))}
            </ul>
          ) : null}
          {i === trainingIndex && parts.length > 0 ? <TrainingData model={model} /> : null}
          {i === benchIndex ? <div className="pt-2">{benchmarks}</div> : null}
        </div>
      ))}
      {trainingIndex === -1 && parts.length > 0 ? (
        <div className="space-y-3">
          <h3 className="text-base font-semibold">Training data</h3>
          <TrainingData model={model} />
        </div>
      ) : null}
      {benchIndex === -1 ? (
        <div className="space-y-3">
          <h3 className="text-base font-semibold">Benchmarks</h3>
          {benchmarks}
        </div>
      ) : null}
    </div>
  );
}

function TrainingData({ model }: { model: ModelView }) {
  const parts = model.trainingData ?? [];
  return (
    <div className="overflow-x-auto rounded-xl border border-line">
      <table className="w-full text-sm">
        <caption className="sr-only">Training data of {model.name}</caption>
        <thead className="bg-surface text-left text-muted">
          <tr>
            <th scope="col" className="px-4 py-2 font-medium">Part</th>
            <th scope="col" className="px-4 py-2 text-right font-medium">Hours</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-line">
          {parts.map((part) => (
            <tr key={part.label} className="align-top">
              <th scope="row" className="px-4 py-2 text-left font-normal">
                {part.label}
                {part.note ? <span className="block text-xs text-muted">{part.note}</span> : null}
              </th>
              <td className="px-4 py-2 text-right whitespace-nowrap tabular-nums">{formatHours(part.hours)}</td>
            </tr>
          ))}
        </tbody>
        {model.trainingHours !== undefined ? (
          <tfoot className="border-t border-line bg-surface">
            <tr>
              <th scope="row" className="px-4 py-2 text-left font-medium">Total</th>
              <td className="px-4 py-2 text-right font-medium whitespace-nowrap tabular-nums">
                {formatHours(model.trainingHours)}
              </td>
            </tr>
          </tfoot>
        ) : null}
      </table>
    </div>
  );
}
