"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { postJson, type FormError } from "@/components/forms/apiError";
import { FormField } from "@/components/forms/FormField";

type State =
  | { kind: "idle" }
  | { kind: "sending" }
  | { kind: "done"; model: string; votes: number }
  /** `inCatalog`: where the model already listed under that name lives, for a 409. */
  | { kind: "error"; error: FormError; inCatalog: string | null };

/**
 * "Request a model": a model id or URL, why, and an optional email, posted to /api/requests. A model
 * someone already asked for gains a vote instead of a second entry; one we already list gets a link to it.
 */
export function RequestForm({ limits }: { limits: { email: number; modelReference: number; note: number } }) {
  const router = useRouter();
  const [state, setState] = useState<State>({ kind: "idle" });

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const model = String(data.get("model") ?? "").trim();
    const reason = String(data.get("reason") ?? "").trim();
    const email = String(data.get("email") ?? "").trim();
    setState({ kind: "sending" });
    const result = await postJson("/api/requests", { model, ...(reason ? { reason } : {}), ...(email ? { email } : {}) });
    if (!result.ok) {
      // A 409 names the listed model's page in Location; fall back to a catalog search.
      const listed = result.response?.headers.get("location");
      const inCatalog =
        result.response?.status === 409 ? (listed?.startsWith("/models/") ? listed : `/models?q=${encodeURIComponent(model)}`) : null;
      setState({ kind: "error", error: result.error, inCatalog });
      return;
    }
    const saved = (result.body as { request?: { model?: unknown; votes?: unknown } } | null)?.request;
    setState({
      kind: "done",
      model: typeof saved?.model === "string" ? saved.model : model,
      votes: typeof saved?.votes === "number" ? saved.votes : 1,
    });
    form.reset();
    router.refresh();
  }

  const error = state.kind === "error" ? state.error : null;
  const fieldError = (name: string) => (error && error.param === name ? error.message : null);
  const modelError = fieldError("model");
  const reasonError = fieldError("reason");
  const emailError = fieldError("email");
  const generalError = error && !modelError && !reasonError && !emailError ? error.message : null;

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4">
      <FormField
        id="request-model"
        label="Model id or URL"
        error={modelError}
        hint={<>A Hugging Face id (org/name) or a link to the model&apos;s page.</>}
      >
        {(aria) => (
          <input
            id="request-model"
            name="model"
            required
            maxLength={limits.modelReference}
            placeholder="e.g. openai/whisper-medium"
            className="field font-mono"
            {...aria}
          />
        )}
      </FormField>
      <FormField
        id="request-reason"
        label={
          <>
            Why do you need it? <span className="font-normal text-muted">(optional)</span>
          </>
        }
        error={reasonError}
      >
        {(aria) => (
          <textarea
            id="request-reason"
            name="reason"
            rows={3}
            maxLength={limits.note}
            placeholder="Languages, audio type, volume — anything that helps us prioritise."
            className="field"
            {...aria}
          />
        )}
      </FormField>
      <FormField
        id="request-email"
        label={
          <>
            Email <span className="font-normal text-muted">(optional — we&apos;ll tell you when it&apos;s added)</span>
          </>
        }
        error={emailError}
      >
        {(aria) => (
          <input
            id="request-email"
            name="email"
            type="email"
            autoComplete="email"
            maxLength={limits.email}
            placeholder="you@company.com"
            className="field"
            {...aria}
          />
        )}
      </FormField>
      {generalError ? (
        <p role="alert" className="text-sm text-danger">
          {generalError}
        </p>
      ) : null}
      {state.kind === "error" && state.inCatalog ? (
        <p className="text-sm">
          <Link href={state.inCatalog} className="link">
            Find it in the catalog →
          </Link>
        </p>
      ) : null}
      {state.kind === "done" ? (
        <p role="status" className="rounded-lg border border-live/40 bg-live-soft p-3 text-sm text-live">
          Thanks — your request for <strong className="font-mono">{state.model}</strong> is in (
          {state.votes === 1 ? "1 vote" : `${state.votes} votes`}).
        </p>
      ) : null}
      <button type="submit" className="btn btn-primary" disabled={state.kind === "sending"}>
        {state.kind === "sending" ? "Sending…" : "Request this model"}
      </button>
    </form>
  );
}
