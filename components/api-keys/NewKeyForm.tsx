"use client";

import { useActionState } from "react";
import { CopyButton } from "@/components/ui/CopyButton";
import { createApiKeyAction, type NewKeyState } from "./actions";

const initial: NewKeyState = { key: null, name: null, error: null, field: null };

const EXPIRY_CHOICES = [
  { value: "", label: "Never" },
  { value: "7", label: "In 7 days" },
  { value: "30", label: "In 30 days" },
  { value: "90", label: "In 90 days" },
  { value: "365", label: "In a year" },
];

/** Creates a key; the key itself is shown once, right here, with a copy button. */
export function NewKeyForm({ baseUrl }: { baseUrl: string }) {
  const [state, action, pending] = useActionState(createApiKeyAction, initial);
  const invalid = (field: string) => (state.field === field ? true : undefined);

  return (
    <div className="space-y-4">
      {state.key ? (
        <div role="status" className="space-y-2 rounded-xl border border-live/40 bg-live-soft p-4 text-sm" data-testid="new-api-key">
          <p className="font-medium text-live">Key &ldquo;{state.name}&rdquo; created. Copy it now: it will not be shown again.</p>
          <div className="flex items-center gap-2 rounded-lg bg-code-bg p-2 text-code-fg">
            <code className="min-w-0 flex-1 font-mono text-xs break-all select-all">{state.key}</code>
            <CopyButton text={state.key} className="bg-surface-2 text-fg" />
          </div>
          <p className="text-muted">
            Use it as <code className="font-mono">Authorization: Bearer …</code> with base URL <code className="font-mono">{baseUrl}</code>.
          </p>
        </div>
      ) : null}

      <form action={action} className="flex flex-wrap items-end gap-3 text-sm" aria-label="Create an API key">
        <label className="space-y-1">
          <span className="block text-muted">Name</span>
          <input name="name" required maxLength={60} placeholder="e.g. podcast pipeline" className="field w-56" aria-invalid={invalid("name")} />
        </label>
        <label className="space-y-1">
          <span className="block text-muted">Spend limit (USD, optional)</span>
          <input
            name="spendLimitUsd"
            inputMode="decimal"
            placeholder="no limit"
            className="field w-40"
            aria-invalid={invalid("spendLimitUsd")}
          />
        </label>
        <label className="space-y-1">
          <span className="block text-muted">Expires</span>
          <select name="expiresInDays" defaultValue="" className="field w-36" aria-invalid={invalid("expiresInDays")}>
            {EXPIRY_CHOICES.map((choice) => (
              <option key={choice.value} value={choice.value}>
                {choice.label}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="btn btn-primary" disabled={pending}>
          {pending ? "Creating…" : "Create key"}
        </button>
      </form>
      {state.error ? (
        <p role="alert" className="text-sm text-danger">
          {state.error}
        </p>
      ) : null}
    </div>
  );
}
