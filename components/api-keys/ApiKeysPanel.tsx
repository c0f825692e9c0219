import { listApiKeys, type ApiKeyView } from "@/lib/api-keys";
import { formatUsd } from "@/lib/credits/money";
import { env } from "@/lib/env";
import { revokeApiKeyAction } from "./actions";
import { NewKeyForm } from "./NewKeyForm";

const day = new Intl.DateTimeFormat("en-GB", { year: "numeric", month: "short", day: "numeric", timeZone: "UTC" });

const STATE_STYLE: Record<ApiKeyView["state"], string> = {
  active: "text-live",
  revoked: "text-muted",
  expired: "text-soon",
};

function spend(key: ApiKeyView): string {
  const spent = formatUsd(key.spentMicroUsd);
  return key.spendLimitMicroUsd === null ? `${spent} spent` : `${spent} of ${formatUsd(key.spendLimitMicroUsd)}`;
}

/** The account page's API keys: create (shown once), list by prefix, revoke. */
export async function ApiKeysPanel({ userId }: { userId: string }) {
  const keys = await listApiKeys(userId);
  const baseUrl = new URL("/v1", env.PUBLIC_URL).toString();

  return (
    <div className="space-y-5">
      <p className="text-sm text-muted">
        Keys call the OpenAI-compatible API at <code className="font-mono text-fg">{baseUrl}</code>. We store only a hash of each key, so a
        key is shown once, when you create it. A spend limit stops a key before it spends more than you allow.
      </p>
      <NewKeyForm baseUrl={baseUrl} />
      {keys.length === 0 ? (
        <p className="rounded-xl border border-dashed border-line p-6 text-sm text-muted">You have no API keys yet.</p>
      ) : (
        <ul className="divide-y divide-line rounded-xl border border-line text-sm" data-testid="api-keys">
          {keys.map((key) => (
            <li key={key.id} className="flex flex-wrap items-start gap-x-6 gap-y-2 p-4" data-state={key.state}>
              <div className="min-w-0 flex-1 basis-48">
                <p className="font-medium break-words">{key.name}</p>
                <p className="font-mono text-xs">{key.prefix}…</p>
                <p className="text-xs text-muted">
                  created {day.format(key.createdAt)} · {key.lastUsedAt ? `last used ${day.format(key.lastUsedAt)}` : "never used"}
                </p>
              </div>
              <div className="basis-40">
                <p className="tabular-nums">{spend(key)}</p>
                <p className={`text-xs ${STATE_STYLE[key.state]}`}>
                  {key.state}
                  {key.state === "active" && key.expiresAt ? <span className="text-muted"> · until {day.format(key.expiresAt)}</span> : null}
                </p>
              </div>
              <div className="ml-auto">
                {key.state === "active" ? (
                  <details className="text-right">
                    <summary className="link text-sm">Revoke</summary>
                    <form action={revokeApiKeyAction} className="mt-2 space-y-2">
                      <input type="hidden" name="keyId" value={key.id} />
                      <p className="max-w-52 text-xs text-muted">Requests with this key stop working at once.</p>
                      <button type="submit" className="btn btn-secondary text-danger">
                        Revoke {key.prefix}…
                      </button>
                    </form>
                  </details>
                ) : null}
              </div>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
