"use server";

import { AuthError } from "next-auth";
import { safeReturnPath, signIn, signInMethods, signOut } from "@/lib/auth";
import { emailField } from "@/lib/validation/fields";

export interface EmailSignInState {
  error: string | null;
  email: string;
}

/** Sends the magic link; Auth.js then redirects to /signin/check-email. */
export async function signInWithEmail(_previous: EmailSignInState, form: FormData): Promise<EmailSignInState> {
  const typed = String(form.get("email") ?? "");
  const email = emailField.safeParse(typed);
  if (!email.success) return { error: email.error.issues[0]?.message ?? "Enter a valid email address.", email: typed };
  try {
    await signIn("nodemailer", { email: email.data, redirectTo: safeReturnPath(form.get("callbackUrl")) });
  } catch (error) {
    // signIn ends by throwing Next's redirect, which must propagate; only Auth.js failures are ours.
    if (error instanceof AuthError) {
      console.error("[auth] sending the sign-in email failed:", error);
      return { error: "We could not send the sign-in email just now. Please try again in a minute.", email: typed };
    }
    throw error;
  }
  return { error: null, email: typed };
}

/** Starts an OAuth/OIDC sign-in: redirects to the provider. */
export async function signInWithProvider(form: FormData): Promise<void> {
  const provider = String(form.get("provider") ?? "");
  if (!signInMethods().some((m) => m.id === provider && m.kind === "oauth")) return;
  await signIn(provider, { redirectTo: safeReturnPath(form.get("callbackUrl")) });
}

export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: "/" });
}
