import type { Metadata } from "next";
import Link from "next/link";

export const metadata: Metadata = { title: "Check your email" };

/** Where Auth.js sends people after the magic link went out. */
export default function CheckEmailPage() {
  return (
    <div className="mx-auto max-w-sm px-4 py-12 sm:py-16">
      <div className="space-y-3 rounded-xl border border-line p-6">
        <h1 className="text-2xl font-semibold tracking-tight">Check your email</h1>
        <p className="text-sm leading-relaxed">
          We sent you a sign-in link. Open it on this device to finish signing in; it works once and expires in 24
          hours.
        </p>
        <p className="text-sm text-muted">
          Nothing arrived after a few minutes? Look in your spam folder, or{" "}
          <Link href="/signin" className="link">
            ask for a new link
          </Link>
          .
        </p>
      </div>
    </div>
  );
}
