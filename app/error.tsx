"use client";

import Link from "next/link";
import { useEffect } from "react";

/** Unexpected server or render failure: plain words, a retry, and a way out. The digest helps us find the log. */
export default function ErrorPage({ error, retry }: { error: unknown; retry: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);
  const digest =
    error instanceof Error && "digest" in error && typeof error.digest === "string" ? error.digest : undefined;

  return (
    <div className="mx-auto max-w-2xl px-4 py-20">
      <p className="text-sm font-medium text-danger">Something went wrong</p>
      <h1 className="mt-2 text-3xl font-semibold tracking-tight">This page failed to load.</h1>
      <p className="mt-3 text-muted">
        The fault is on our side. Try again; if it keeps happening, the reference below helps us find what broke.
      </p>
      {digest ? <p className="mt-3 font-mono text-xs text-muted">reference: {digest}</p> : null}
      <div className="mt-6 flex gap-3">
        <button type="button" onClick={() => retry()} className="btn btn-primary">
          Try again
        </button>
        <Link href="/" className="btn btn-secondary">
          Go home
        </Link>
      </div>
    </div>
  );
}
