"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useEffect, useState } from "react";

/** Dispatched on `window` by client code that changed the balance without a navigation. */
export const BALANCE_CHANGED_EVENT = "gigarouter:balance-changed";

interface Me {
  email: string;
  available: string;
}

/**
 * The header's account corner: "Sign in" until /api/auth/me says someone is signed in, then their
 * email and balance linking to /account. Fetched in the browser so every page can stay static.
 */
export function HeaderAccount({ className }: { className: string }) {
  const [me, setMe] = useState<Me | null>(null);
  const pathname = usePathname();

  useEffect(() => {
    const controller = new AbortController();
    const load = () =>
      fetch("/api/auth/me", { signal: controller.signal, cache: "no-store" })
        .then((response) => (response.ok ? response.json() : null))
        .then((body: ({ signedIn: boolean } & Partial<Me>) | null) => {
          setMe(body?.signedIn && body.email && body.available ? { email: body.email, available: body.available } : null);
        })
        .catch(() => {});
    void load();
    // Pages that spend credit in place (the playground) announce it, so the balance here follows.
    window.addEventListener(BALANCE_CHANGED_EVENT, load);
    return () => {
      window.removeEventListener(BALANCE_CHANGED_EVENT, load);
      controller.abort();
    };
  }, [pathname]);

  if (!me) {
    return (
      <Link href="/signin" className={className}>
        Sign in
      </Link>
    );
  }
  return (
    <Link href="/account" className={`${className} gap-2`} aria-label={`Account: ${me.email}, ${me.available} credit`}>
      <span className="hidden max-w-40 truncate lg:inline">{me.email}</span>
      <span className="font-mono tabular-nums" data-testid="header-balance">
        {me.available}
      </span>
    </Link>
  );
}
