import { BarChart } from "@/components/charts/BarChart";
import { formatLatency, formatRtfx } from "@/lib/catalog/format";
import { meanWer } from "@/lib/catalog/metrics";
import type { BenchmarkTable, ModelView } from "@/lib/catalog/types";

/**
 * Published accuracy and speed: each WER table beside its bar chart, then non-WER accuracy figures,
 * RTFx by hardware, streaming latency and other published performance statements.
 */
export function Benchmarks({ model }: { model: ModelView }) {
  const accuracy = model.accuracy ?? [];
  const streaming = model.capabilities.streaming ? model.streaming : undefined;
  const nothing =
    model.benchmarks.length === 0 &&
    accuracy.length === 0 &&
    model.speed.length === 0 &&
    !streaming &&
    model.performanceNotes.length === 0;

  if (nothing) {
    return <p className="text-sm text-muted">No benchmark results have been published for this model yet.</p>;
  }

  return (
    <div className="space-y-8">
      {model.benchmarks.map((table, i) => (
        <WerTable key={table.name} table={table} headline={i === 0} model={model} />
      ))}

      {accuracy.length > 0 ? (
        <div className="space-y-2">
          <h4 className="font-medium">Published accuracy</h4>
          <div className="overflow-x-auto rounded-xl border border-line">
            <table className="w-full text-sm">
              <thead className="bg-surface text-left text-muted">
                <tr>
                  <th scope="col" className="px-4 py-2 font-medium">Metric</th>
                  <th scope="col" className="px-4 py-2 font-medium">Measured on</th>
                  <th scope="col" className="px-4 py-2 text-right font-medium">Value</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-line">
                {accuracy.map((a) => (
                  <tr key={`${a.metric}-${a.dataset}`}>
                    <td className="px-4 py-2">{a.metric}</td>
                    <td className="px-4 py-2">
                      {a.dataset}{" "}
                      <a className="link text-xs" href={a.source.url} rel="noreferrer">
                        ({a.source.label})
                      </a>
                    </td>
                    <td className="px-4 py-2 text-right tabular-nums">{a.value}%</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      ) : null}

      {model.speed.length > 0 ? (
        <div className="space-y-2">
          <h4 className="font-medium">Speed (RTFx)</h4>
          <p className="text-sm text-muted">
            RTFx is seconds of audio processed per second of compute: 1,000 means an hour of audio in 3.6 seconds.
          </p>
          <div className="overflow-x-auto rounded-xl border border-line">
            <table className="w-full text-sm">
              <thead className="bg-surface text-left text-muted">
                <tr>
                  <th scope="col" className="px-4 py-2 font-medium">Hardware</th>
                  <th scope="col" className="px-4 py-2 font-medium">Batch size</th>
                  <th scope="col" className="px-4 py-2 text-right font-medium">RTFx</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-line">
                {model.speed.map((s) => (
                  <tr key={`${s.hardware}-${s.batchSize ?? ""}-${s.rtfx}`}>
                    <td className="px-4 py-2">
                      {s.hardware}
                      {s.note ? <span className="block text-xs text-muted">{s.note}</span> : null}
                    </td>
                    <td className="px-4 py-2 tabular-nums">{s.batchSize ?? "—"}</td>
                    <td className="px-4 py-2 text-right font-medium tabular-nums">{formatRtfx(s.rtfx)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      ) : null}

      {streaming ? (
        <div className="space-y-2">
          <h4 className="font-medium">Streaming latency</h4>
          <dl
            className={`grid gap-px overflow-hidden rounded-xl border border-line bg-line ${
              streaming.chunkSizesMs?.length ? "sm:grid-cols-2" : ""
            }`}
          >
            <div className="bg-bg p-4">
              <dt className="text-xs font-medium tracking-wide text-muted uppercase">audio in → text out</dt>
              <dd className="mt-1 text-xl font-semibold tabular-nums">
                {streaming.latencyMs !== undefined ? formatLatency(streaming.latencyMs) : "not published"}
              </dd>
            </div>
            {streaming.chunkSizesMs?.length ? (
              <div className="bg-bg p-4">
                <dt className="text-xs font-medium tracking-wide text-muted uppercase">chunk sizes</dt>
                <dd className="mt-1 text-xl font-semibold tabular-nums">
                  {streaming.chunkSizesMs.map(formatLatency).join(" · ")}
                </dd>
              </div>
            ) : null}
          </dl>
          {streaming.note ? <p className="text-sm text-muted">{streaming.note}</p> : null}
        </div>
      ) : null}

      {model.performanceNotes.length > 0 ? (
        <div className="space-y-2">
          <h4 className="font-medium">Also published</h4>
          <ul className="list-disc space-y-1 pl-5 text-sm">
            {model.performanceNotes.map((note) => (
              <li key={note}>{note}</li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}

function WerTable({ table, headline, model }: { table: BenchmarkTable; headline: boolean; model: ModelView }) {
  const mean = headline ? meanWer(model) : undefined;
  return (
    <div className="space-y-3">
      <div>
        <h4 className="font-medium">Word error rate — {table.name}</h4>
        <p className="text-sm text-muted">
          {table.conditions}. Lower is better.{" "}
          <a className="link" href={table.source.url} rel="noreferrer">
            Source: {table.source.label}
          </a>
        </p>
      </div>
      <div className="grid items-start gap-4 md:grid-cols-2">
        <div className="overflow-hidden rounded-xl border border-line">
          <table className="w-full text-sm">
            <caption className="sr-only">
              Word error rate of {model.name} per dataset, {table.name}
            </caption>
            <thead className="bg-surface text-left text-muted">
              <tr>
                <th scope="col" className="px-4 py-2 font-medium">Dataset</th>
                <th scope="col" className="px-4 py-2 text-right font-medium whitespace-nowrap">WER (%)</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-line">
              {table.results.map((r) => (
                <tr key={r.dataset}>
                  <th scope="row" className="px-4 py-2 text-left font-normal">{r.dataset}</th>
                  <td className="px-4 py-2 text-right tabular-nums">{r.wer}</td>
                </tr>
              ))}
            </tbody>
            {mean !== undefined && table.results.length > 1 ? (
              <tfoot className="border-t border-line bg-surface text-muted">
                <tr>
                  <th scope="row" className="px-4 py-2 text-left font-normal">
                    Mean of these {table.results.length} <span className="text-xs">(computed by gigarouter)</span>
                  </th>
                  <td className="px-4 py-2 text-right tabular-nums">{mean}</td>
                </tr>
              </tfoot>
            ) : null}
          </table>
        </div>
        <BarChart
          caption="WER by dataset"
          note="lower is better"
          bars={table.results.map((r) => ({ label: r.dataset, value: r.wer }))}
        />
      </div>
    </div>
  );
}
