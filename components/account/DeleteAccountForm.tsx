"use client";

import { useActionState } from "react";
import { deleteAccountAction, type DeleteState } from "./actions";

/** Deleting needs the account's email typed out, so it never happens by a stray click. */
export function DeleteAccountForm({ email }: { email: string }) {
  const [state, action, pending] = useActionState<DeleteState, FormData>(deleteAccountAction, { error: null });
  return (
    <form action={action} className="space-y-3">
      <label htmlFor="confirm-delete" className="block text-sm">
        Type <strong className="font-mono">{email}</strong> to confirm
      </label>
      <input id="confirm-delete" name="confirm" type="email" autoComplete="off" className="field max-w-sm" required />
      {state.error ? (
        <p role="alert" className="text-sm text-danger">
          {state.error}
        </p>
      ) : null}
      <button type="submit" className="btn border border-danger/50 text-danger hover:bg-danger/5" disabled={pending}>
        {pending ? "Deleting…" : "Delete my account"}
      </button>
    </form>
  );
}
