"use client";

import { useActionState } from "react";
import { signInWithEmail, type EmailSignInState } from "./actions";

/** The magic-link form: one field, an inline error, works without JavaScript too. */
export function EmailSignInForm({ callbackUrl, maxLength }: { callbackUrl: string; maxLength: number }) {
  const [state, action, pending] = useActionState<EmailSignInState, FormData>(signInWithEmail, { error: null, email: "" });
  return (
    <form action={action} className="space-y-3" noValidate>
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <div className="space-y-1.5">
        <label htmlFor="signin-email" className="block text-sm font-medium">
          Email
        </label>
        <input
          id="signin-email"
          name="email"
          type="email"
          autoComplete="email"
          inputMode="email"
          required
          maxLength={maxLength}
          defaultValue={state.email}
          placeholder="you@example.com"
          aria-invalid={state.error ? true : undefined}
          aria-describedby={state.error ? "signin-email-error" : undefined}
          className="field"
        />
        {state.error ? (
          <p id="signin-email-error" role="alert" className="text-sm text-danger">
            {state.error}
          </p>
        ) : null}
      </div>
      <button type="submit" className="btn btn-primary w-full" disabled={pending}>
        {pending ? "Sending link…" : "Email me a sign-in link"}
      </button>
    </form>
  );
}
