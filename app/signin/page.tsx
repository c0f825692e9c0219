import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { EmailSignInForm } from "@/components/auth/EmailSignInForm";
import { ProviderButtons } from "@/components/auth/ProviderButtons";
import { signInErrorMessage } from "@/components/auth/signInErrors";
import { currentUser, safeReturnPath, signInMethods } from "@/lib/auth";
import { freeCreditMicroUsd, freeCreditLabel } from "@/lib/credits";
import { LIMITS } from "@/lib/validation/fields";

export const metadata: Metadata = { title: "Sign in" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;
const one = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

export default async function SignInPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const callbackUrl = safeReturnPath(one(params.callbackUrl));
  if (await currentUser()) redirect(callbackUrl);

  const methods = signInMethods();
  const email = methods.find((m) => m.kind === "email");
  const providers = methods.filter((m) => m.kind === "oauth");
  const error = signInErrorMessage(one(params.error));

  return (
    <div className="mx-auto max-w-sm px-4 py-12 sm:py-16">
      <div className="space-y-2">
        <h1 className="text-2xl font-semibold tracking-tight">Sign in</h1>
        <p className="text-sm text-muted">
          {freeCreditMicroUsd() > 0
            ? `New here? Your first sign-in comes with ${freeCreditLabel()} of free credit for the API.`
            : "Sign in to manage your credit and API keys."}
        </p>
      </div>

      {error ? (
        <p role="alert" className="mt-6 rounded-lg border border-danger/40 bg-danger/5 p-3 text-sm text-danger">
          {error}
        </p>
      ) : null}

      <div className="mt-6 space-y-6 rounded-xl border border-line p-5">
        {email ? <EmailSignInForm callbackUrl={callbackUrl} maxLength={LIMITS.email} /> : null}
        {email && providers.length > 0 ? (
          <p className="flex items-center gap-3 text-xs text-muted before:h-px before:flex-1 before:bg-line after:h-px after:flex-1 after:bg-line">
            or
          </p>
        ) : null}
        <ProviderButtons methods={providers} callbackUrl={callbackUrl} />
        {methods.length === 0 ? (
          <p className="text-sm text-muted">
            Sign-in is not configured on this server yet (no email server or sign-in provider is set up).
          </p>
        ) : null}
      </div>

      <p className="mt-6 text-xs text-muted">
        We use your email to sign you in and, if you ask for it, to tell you when a model goes live. Browse the{" "}
        <Link href="/models" className="link">
          models
        </Link>{" "}
        without an account.
      </p>
    </div>
  );
}
