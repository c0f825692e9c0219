import { CodeBlock } from "@/components/ui/CodeBlock";
import { CopyButton } from "@/components/ui/CopyButton";
import { listDeliveries, webhookSecret, type DeliveryView } from "@/lib/webhooks";
import { replayWebhookAction, rotateWebhookSecretAction } from "./actions";

/**
 * The account page's webhooks: the signing secret (revealed on demand, rotatable), how to check a
 * signature, and the latest deliveries with every attempt and a replay button.
 */

const time = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "medium", timeZone: "UTC" });

const STATUS_STYLE: Record<DeliveryView["status"], string> = {
  delivered: "text-live",
  pending: "text-soon",
  failed: "text-danger",
};

const RECIPE = `import { createHmac, timingSafeEqual } from "node:crypto";

// headers: the request's headers; rawBody: its body exactly as received (a string).
function verifyWebhook(secret, headers, rawBody) {
  const id = headers["webhook-id"];
  const timestamp = headers["webhook-timestamp"];
  if (Math.abs(Date.now() / 1000 - Number(timestamp)) > 300) return false; // stale or from the future
  const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
  const expected = "v1," + createHmac("sha256", key).update(\`\${id}.\${timestamp}.\${rawBody}\`).digest("base64");
  return headers["webhook-signature"].split(" ").some(
    (signature) => signature.length === expected.length && timingSafeEqual(Buffer.from(signature), Buffer.from(expected)),
  );
}
// Then use headers["webhook-id"] (also sent as idempotency-key) to process each delivery once.`;

function lastAnswer(delivery: DeliveryView): string {
  if (delivery.lastStatusCode !== null) return `HTTP ${delivery.lastStatusCode}`;
  return delivery.lastError ?? "—";
}

export async function WebhooksPanel({ userId }: { userId: string }) {
  const [secret, deliveries] = await Promise.all([webhookSecret(userId), listDeliveries(userId, 20)]);
  return (
    <div className="space-y-5 text-sm">
      <p className="text-muted">
        Queue API requests submitted with a webhook URL (<code className="font-mono text-fg">?fal_webhook=…</code>, or{" "}
        <code className="font-mono text-fg">webhookUrl</code> in fal&apos;s client) POST their result there, signed with this secret. A delivery
        that does not get a 2xx answer is retried with growing pauses for about six hours; every retry carries the same{" "}
        <code className="font-mono text-fg">webhook-id</code>.
      </p>

      <div className="flex flex-wrap items-center gap-3 rounded-xl border border-line p-4">
        <details className="min-w-0 flex-1">
          <summary className="link cursor-pointer">Show signing secret</summary>
          <div className="mt-2 flex flex-wrap items-center gap-2">
            <code className="rounded bg-surface-2 px-2 py-1 font-mono text-xs break-all" data-testid="webhook-secret">
              {secret}
            </code>
            <CopyButton text={secret} label="Copy" />
          </div>
        </details>
        <form action={rotateWebhookSecretAction}>
          <button type="submit" className="btn btn-secondary">
            Rotate secret
          </button>
        </form>
      </div>

      <details>
        <summary className="link cursor-pointer">How to check a signature</summary>
        <div className="mt-2 space-y-2">
          <p className="text-muted">
            Each delivery has <code className="font-mono">webhook-id</code>, <code className="font-mono">webhook-timestamp</code> and{" "}
            <code className="font-mono">webhook-signature: v1,&lt;base64&gt;</code>: an HMAC-SHA256 of{" "}
            <code className="font-mono">id.timestamp.body</code> keyed with the base64-decoded part of your secret after{" "}
            <code className="font-mono">whsec_</code> (the Standard Webhooks scheme, so its libraries verify it too).
          </p>
          <CodeBlock label="JavaScript" code={RECIPE} />
        </div>
      </details>

      {deliveries.length === 0 ? (
        <p className="rounded-xl border border-dashed border-line p-6 text-muted">No webhook deliveries yet.</p>
      ) : (
        <ul className="divide-y divide-line rounded-xl border border-line" data-testid="webhook-deliveries">
          {deliveries.map((delivery) => (
            <li key={delivery.id} className="space-y-2 p-4" data-status={delivery.status}>
              <div className="flex flex-wrap items-start gap-x-6 gap-y-1">
                <div className="min-w-0 flex-1 basis-56">
                  <p className="font-mono text-xs break-all">{delivery.url}</p>
                  <p className="text-xs text-muted">
                    {time.format(delivery.createdAt)} UTC · request <span className="font-mono">{delivery.jobId ?? "—"}</span>
                  </p>
                </div>
                <div className="basis-40">
                  <p className={STATUS_STYLE[delivery.status]}>{delivery.status}</p>
                  <p className="text-xs text-muted">
                    {delivery.attempts} attempt{delivery.attempts === 1 ? "" : "s"} · last: {lastAnswer(delivery)}
                  </p>
                  {delivery.status === "pending" && delivery.nextAttemptAt ? (
                    <p className="text-xs text-muted">next try {time.format(delivery.nextAttemptAt)} UTC</p>
                  ) : null}
                </div>
                <form action={replayWebhookAction} className="ml-auto">
                  <input type="hidden" name="deliveryId" value={delivery.id} />
                  <button type="submit" className="btn btn-secondary">
                    Replay
                  </button>
                </form>
              </div>
              {delivery.history.length > 0 ? (
                <details className="text-xs">
                  <summary className="link cursor-pointer">Attempts</summary>
                  <ol className="mt-1 space-y-0.5 text-muted">
                    {delivery.history.map((attempt) => (
                      <li key={`${attempt.number}-${attempt.at.toISOString()}`}>
                        #{attempt.number} · {time.format(attempt.at)} UTC · {attempt.trigger} ·{" "}
                        {attempt.statusCode !== null ? `HTTP ${attempt.statusCode}` : (attempt.error ?? "no answer")} · {attempt.durationMs} ms
                      </li>
                    ))}
                  </ol>
                </details>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
