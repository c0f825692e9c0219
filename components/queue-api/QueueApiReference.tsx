import { CodeBlock } from "@/components/ui/CodeBlock";
import { CodeTabs } from "@/components/ui/CodeTabs";
import type { ModelView } from "@/lib/catalog/types";
import { queueSamples, sampleInput } from "@/lib/queue-api/samples";
import { fieldDocs, inputSchemaFor, outputSchemaFor, type FieldDoc } from "@/lib/queue-api/schema";

/**
 * The model page's queue API reference, like the seed's API page: endpoints, runnable samples and the
 * input/output schema. Everything model-specific comes from lib/queue-api's schema (the one the
 * server validates with) and samples built from it.
 */

const code = "rounded bg-surface-2 px-1.5 py-0.5 font-mono text-sm";

function FieldTable({ fields, caption }: { fields: FieldDoc[]; caption: string }) {
  return (
    <div className="overflow-x-auto rounded-xl border border-line">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-surface text-xs text-muted">
          <tr>
            <th scope="col" className="px-3 py-2 font-medium">
              Field
            </th>
            <th scope="col" className="px-3 py-2 font-medium">
              Description
            </th>
          </tr>
        </thead>
        <tbody>
          {fields.map((field) => (
            <tr key={field.name} className="border-t border-line align-top">
              <th scope="row" className="px-3 py-2 text-left font-normal whitespace-nowrap">
                <code className="font-mono font-medium">{field.name}</code>
                <span className="block text-xs text-muted">
                  {field.type}
                  {field.required ? <span className="text-danger"> · required</span> : null}
                </span>
              </th>
              <td className="space-y-1 px-3 py-2">
                <p>{field.description}</p>
                {field.default !== undefined ? (
                  <p className="text-xs text-muted">
                    Default: <code className="font-mono">{JSON.stringify(field.default)}</code>
                  </p>
                ) : null}
                {field.enum ? (
                  field.enum.length > 8 ? (
                    <details className="text-xs text-muted">
                      <summary className="link cursor-pointer">{field.enum.length} possible values</summary>
                      <p className="mt-1 font-mono break-words">{field.enum.join(", ")}</p>
                    </details>
                  ) : (
                    <p className="text-xs text-muted">
                      Values: <span className="font-mono">{field.enum.join(", ")}</span>
                    </p>
                  )
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function QueueApiReference({ model, publicUrl }: { model: ModelView; publicUrl: string }) {
  const base = publicUrl.replace(/\/+$/, "");
  const samples = queueSamples(model, base);
  const input = fieldDocs(inputSchemaFor(model), "input");
  const output = fieldDocs(outputSchemaFor(model), "output");
  const exampleInput = sampleInput(model, "https://example.com/speech.wav");
  const exampleOutput = {
    output: "…",
    partial: false,
    ...(model.capabilities.timestamps.includes("segment") ? { chunks: [{ timestamp: [0, 2.4], text: "…" }] } : {}),
    ...(model.capabilities.timestamps.includes("word") ? { words: [{ timestamp: [0, 0.32], text: "…" }] } : {}),
  };
  const queue = `${base}/queue/${model.id}`;
  const endpoints: [string, string, string][] = [
    ["POST", `/queue/${model.id}`, "Submit; answers request_id, status_url, response_url, cancel_url, queue_position and the price held."],
    ["GET", `/queue/${model.id}/requests/{request_id}/status`, "IN_QUEUE (with queue_position), IN_PROGRESS, COMPLETED (with metrics); ?logs=1 adds the logs."],
    ["GET", `/queue/${model.id}/requests/{request_id}/status/stream`, "The same statuses as server-sent events, until COMPLETED."],
    ["GET", `/queue/${model.id}/requests/{request_id}`, "The result, for as long as you need it."],
    ["PUT", `/queue/${model.id}/requests/{request_id}/cancel`, "Cancel a queued or running request; its hold is refunded."],
    ["POST", `/run/${model.id}`, "Run and answer when done (the result is also kept under its request id)."],
    ["POST", `/run/${model.id}/stream`, "Run and stream partial results (partial: true), then the final one."],
    ["POST", "/api/files", "Upload audio; answers the url to pass as audio_url."],
  ];

  return (
    <div className="space-y-6">
      <div className="space-y-3 text-[15px] leading-relaxed">
        <p>
          gigarouter also speaks fal&apos;s queue protocol, so fal&apos;s own clients work once pointed at gigarouter. Submit to{" "}
          <code className={code}>{queue}</code>, follow the status, fetch the result by request id; or call{" "}
          <code className={code}>/run/{model.id}</code> and wait, or stream. Authenticate with{" "}
          <code className={code}>Authorization: Key &lt;your gigarouter API key&gt;</code> (<code className={code}>Bearer</code> works too).
        </p>
        {model.status !== "live" ? (
          <p className="rounded-lg border border-soon/30 bg-soon-soft p-3 text-sm text-soon">
            {model.name} is not live yet: these calls answer 404 until it launches, then work unchanged.
          </p>
        ) : null}
      </div>

      <div className="overflow-x-auto rounded-xl border border-line">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Queue API endpoints for {model.name}</caption>
          <tbody>
            {endpoints.map(([method, path, what]) => (
              <tr key={`${method} ${path}`} className="border-t border-line first:border-t-0 align-top">
                <td className="px-3 py-2 font-mono text-xs font-medium">{method}</td>
                <td className="px-3 py-2 font-mono text-xs break-all">{path}</td>
                <td className="px-3 py-2 text-muted">{what}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <CodeTabs tabs={samples.map(({ label, code: text }) => ({ label, code: text }))} ariaLabel={`Queue API samples for ${model.name}`} />

      <div className="space-y-3">
        <h3 className="font-semibold">Input</h3>
        <FieldTable fields={input} caption={`Input fields of ${model.name}`} />
        <CodeBlock label="Example input" code={JSON.stringify(exampleInput, null, 2)} />
      </div>
      <div className="space-y-3">
        <h3 className="font-semibold">Output</h3>
        <FieldTable fields={output} caption={`Output fields of ${model.name}`} />
        <CodeBlock label="Example output" code={JSON.stringify(exampleOutput, null, 2)} />
      </div>

      <div className="space-y-2 text-sm leading-relaxed">
        <h3 className="text-[15px] font-semibold">Files, errors, webhooks</h3>
        <p>
          <code className="font-mono">audio_url</code> takes a public http(s) URL, a base64 data URI, or the URL of a file uploaded to{" "}
          <code className="font-mono">/api/files</code> (fal&apos;s <code className="font-mono">storage.upload</code> does that for you). URLs that
          lead to private or local addresses, files that are not audio or too large, and unknown enum values are refused with 422 and{" "}
          <code className="font-mono">{'{"detail": [{"loc": ["body", "<field>"], "msg": "…", "type": "…"}]}'}</code>; nothing is charged for them.
        </p>
        <p>
          Add <code className="font-mono">?fal_webhook=&lt;url&gt;</code> to a submit (the client&apos;s <code className="font-mono">webhookUrl</code>)
          to have the result POSTed to you, signed with your account&apos;s webhook secret and retried for hours until you answer 2xx. The secret,
          the signature recipe and every delivery (with a replay button) are on your{" "}
          <a className="link" href="/account#webhooks">
            account page
          </a>
          .
        </p>
      </div>
    </div>
  );
}
