"use client";

import { useState, type FormEvent } from "react";
import { postJson, type FormError } from "./apiError";
import { FormField } from "./FormField";
import { waitingText } from "./waitingText";

type State =
  | { kind: "idle" }
  | { kind: "sending" }
  | { kind: "done"; email: string; created: boolean }
  | { kind: "error"; error: FormError };

/**
 * "Tell us you want it": email plus an optional use case, posted to /api/interest. The count of
 * people waiting starts from the server's number and follows the API's answer.
 */
export function InterestForm({
  modelId,
  modelName,
  initialWaiting,
  limits,
}: {
  modelId: string;
  modelName: string;
  initialWaiting: number;
  /** Field lengths the API enforces, passed from the server so the zod rules stay out of the bundle. */
  limits: { email: number; note: number };
}) {
  const [state, setState] = useState<State>({ kind: "idle" });
  const [waiting, setWaiting] = useState(initialWaiting);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const email = String(data.get("email") ?? "").trim();
    const useCase = String(data.get("useCase") ?? "").trim();
    setState({ kind: "sending" });
    const result = await postJson("/api/interest", { modelId, email, ...(useCase ? { useCase } : {}) });
    if (!result.ok) {
      setState({ kind: "error", error: result.error });
      return;
    }
    const body = result.body as { waiting?: unknown; created?: unknown } | null;
    if (typeof body?.waiting === "number") setWaiting(body.waiting);
    setState({ kind: "done", email, created: body?.created !== false });
  }

  const error = state.kind === "error" ? state.error : null;
  const emailError = error && (error.param === null || error.param === "email") ? error.message : null;
  const useCaseError = error && error.param === "useCase" ? error.message : null;
  const otherError = error && !emailError && !useCaseError ? error.message : null;

  return (
    <div className="space-y-3">
      <p className="text-sm font-medium" aria-live="polite" data-testid="waiting-count">
        {waitingText(waiting)}
      </p>
      {state.kind === "done" ? (
        <div role="status" className="rounded-lg border border-live/40 bg-live-soft p-3 text-sm text-live [overflow-wrap:anywhere]">
          {state.created
            ? `Thanks — we'll email ${state.email} when ${modelName} goes live.`
            : `You're already on the list with ${state.email}. We'll email you when ${modelName} goes live.`}
        </div>
      ) : (
        <form onSubmit={onSubmit} noValidate className="space-y-3">
          <FormField id="interest-email" label="Email" error={emailError}>
            {(aria) => (
              <input
                id="interest-email"
                name="email"
                type="email"
                required
                autoComplete="email"
                maxLength={limits.email}
                placeholder="you@company.com"
                className="field"
                {...aria}
              />
            )}
          </FormField>
          <FormField
            id="interest-use-case"
            label={
              <>
                What would you use it for? <span className="font-normal text-muted">(optional)</span>
              </>
            }
            error={useCaseError}
          >
            {(aria) => (
              <textarea
                id="interest-use-case"
                name="useCase"
                rows={2}
                maxLength={limits.note}
                placeholder="e.g. German call-center recordings, ~200 hours a month"
                className="field"
                {...aria}
              />
            )}
          </FormField>
          {otherError ? (
            <p role="alert" className="text-sm text-danger">
              {otherError}
            </p>
          ) : null}
          <button type="submit" className="btn btn-primary w-full" disabled={state.kind === "sending"}>
            {state.kind === "sending" ? "Sending…" : "Tell us you want it"}
          </button>
        </form>
      )}
    </div>
  );
}
