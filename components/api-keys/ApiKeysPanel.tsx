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
        <div className="overflow-x-auto rounded-xl border border-line">
          <table className="w-full min-w-[36rem] text-left text-sm" data-testid="api-keys">
            <thead className="bg-surface text-muted">
              <tr>
                <th scope="col" className="px-3 py-2 font-medium">Name</th>
                <th scope="col" className="px-3 py-2 font-medium">Key</th>
                <th scope="col" className="px-3 py-2 font-medium">Spend</th>
                <th scope="col" className="px-3 py-2 font-medium">Created · last used</th>
                <th scope="col" className="px-3 py-2 font-medium">Status</th>
                <th scope="col" className="px-3 py-2">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {keys.map((key) => (
                <tr key={key.id} className="border-t border-line align-top" data-state={key.state}>
                  <td className="px-3 py-2 font-medium break-all">{key.name}</td>
                  <td className="px-3 py-2 font-mono text-xs whitespace-nowrap">{key.prefix}…</td>
                  <td className="px-3 py-2 whitespace-nowrap tabular-nums">{spend(key)}</td>
                  <td className="px-3 py-2 text-muted">
                    {day.format(key.createdAt)}
                    <span className="block text-xs">{key.lastUsedAt ? `used ${day.format(key.lastUsedAt)}` : "never used"}</span>
                  </td>
                  <td className={`px-3 py-2 ${STATE_STYLE[key.state]}`}>
                    {key.state}
                    {key.state === "active" && key.expiresAt ? (
                      <span className="block text-xs text-muted">until {day.format(key.expiresAt)}</span>
                    ) : null}
                  </td>
                  <td className="px-3 py-2 text-right">
                    {key.state === "active" ? (
                      <details className="inline-block text-left">
                        <summary className="link text-sm">Revoke</summary>
                        <form action={revokeApiKeyAction} className="mt-2 space-y-2">
                          <input type="hidden" name="keyId" value={key.id} />
                          <p className="max-w-48 text-xs text-muted">Requests with this key stop working at once.</p>
                          <button type="submit" className="btn btn-secondary text-danger">
                            Revoke {key.prefix}…
                          </button>
                        </form>
                      </details>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
