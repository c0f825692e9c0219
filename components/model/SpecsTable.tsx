import type { ReactNode } from "react";
import { formatHours, formatLatency } from "@/lib/catalog/format";
import type { ModelView } from "@/lib/catalog/types";
import { LanguageList } from "./LanguageList";
import { translationSummary } from "./translationSummary";

/** The facts table. Rows without a published value are left out rather than shown empty. */
export function SpecsTable({ model }: { model: ModelView }) {
  const caps = model.capabilities;
  const rows: [string, ReactNode][] = [
    ["Task", model.taskLabel],
    ["Architecture", model.architecture],
    [
      "Parameters",
      <>
        {model.parameters.label}
        {model.parameters.note ? <span className="block text-xs text-muted">{model.parameters.note}</span> : null}
      </>,
    ],
    [
      "License",
      model.license.url ? (
        <a className="link" href={model.license.url} rel="noreferrer">
          {model.license.label}
        </a>
      ) : (
        model.license.label
      ),
    ],
    [`Languages (${model.languages.length})`, <LanguageList key="languages" codes={model.languages} />],
  ];
  if (model.translationPairs.length > 0) {
    rows.push([
      "Translation",
      <ul key="translation">
        {translationSummary(model.translationPairs).map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>,
    ]);
  }
  rows.push([
    "Streaming",
    caps.streaming
      ? [
          "Yes",
          model.streaming?.latencyMs !== undefined ? `${formatLatency(model.streaming.latencyMs)} delay` : null,
          model.streaming?.chunkSizesMs?.length
            ? `chunks of ${model.streaming.chunkSizesMs.map(formatLatency).join(", ")}`
            : null,
        ]
          .filter(Boolean)
          .join(" · ")
      : "No — whole files (batch)",
  ]);
  rows.push([
    "Timestamps",
    caps.timestamps.length > 0 ? caps.timestamps.map((t) => `${t}-level`).join(", ") : "Not returned",
  ]);
  rows.push([
    "Punctuation & capitalization",
    caps.punctuation ? (caps.punctuationToggle ? "Yes, can be switched off" : "Yes") : "No",
  ]);
  if (caps.languageDetection) rows.push(["Language detection", "Yes"]);
  if (caps.diarization) rows.push(["Speaker diarization", "Yes"]);
  if (model.trainingHours !== undefined) rows.push(["Training data", formatHours(model.trainingHours)]);
  if (model.maxAudioSeconds !== undefined) rows.push(["Longest input", formatDuration(model.maxAudioSeconds)]);
  if (model.links.length > 0) {
    rows.push([
      "Sources",
      <ul key="sources" className="space-y-0.5">
        {model.links.map((l) => (
          <li key={l.url}>
            <a className="link" href={l.url} rel="noreferrer">
              {l.label}
            </a>
          </li>
        ))}
      </ul>,
    ]);
  }

  return (
    <div className="overflow-hidden rounded-xl border border-line">
      <table className="w-full text-sm">
        <caption className="sr-only">Specifications of {model.name}</caption>
        <tbody className="divide-y divide-line">
          {rows.map(([label, value]) => (
            <tr key={label} className="align-top">
              <th scope="row" className="w-2/5 bg-surface px-4 py-2.5 text-left font-medium text-muted sm:w-1/3">
                {label}
              </th>
              <td className="px-4 py-2.5">{value}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** 7200 -> "2 hours", 30 -> "30 seconds", 90 -> "1.5 minutes". */
function formatDuration(seconds: number): string {
  if (seconds >= 3600) return `${+(seconds / 3600).toFixed(1)} hour${seconds === 3600 ? "" : "s"}`;
  if (seconds >= 60) return `${+(seconds / 60).toFixed(1)} minute${seconds === 60 ? "" : "s"}`;
  return `${seconds} second${seconds === 1 ? "" : "s"}`;
}
