"use client";

import { useRef, useState } from "react";

/**
 * "Add credit": a preset or a typed amount, posted to /api/billing/checkout, which answers with a
 * redirect to Stripe Checkout. A plain form, so it works without JavaScript; the script only keeps the
 * "Other" choice selected while an amount is typed.
 */
export function BuyCreditForm({
  presets,
  min,
  max,
  attempt,
  error,
}: {
  presets: readonly number[];
  min: number;
  max: number;
  /** One id per rendered form: submitting it twice opens one Checkout Session. */
  attempt: string;
  error: string | null;
}) {
  const custom = useRef<HTMLInputElement>(null);
  const [submitting, setSubmitting] = useState(false);
  const defaultPreset = presets[1] ?? presets[0];
  return (
    <form method="post" action="/api/billing/checkout" className="space-y-4" onSubmit={() => setSubmitting(true)}>
      <input type="hidden" name="attempt" value={attempt} />
      <fieldset className="space-y-2">
        <legend className="mb-2 text-sm font-medium">Amount</legend>
        <div className="flex flex-wrap gap-2">
          {presets.map((usd) => (
            <label key={usd} className="cursor-pointer">
              <input type="radio" name="amount" value={String(usd)} defaultChecked={usd === defaultPreset} className="peer sr-only" />
              <span className="btn btn-secondary peer-checked:border-accent peer-checked:bg-accent-soft peer-focus-visible:outline-2 peer-focus-visible:outline-accent">
                ${usd}
              </span>
            </label>
          ))}
          <label className="flex cursor-pointer items-center gap-2">
            <input type="radio" name="amount" value="custom" id="amount-custom" className="peer sr-only" />
            <span className="btn btn-secondary peer-checked:border-accent peer-checked:bg-accent-soft peer-focus-visible:outline-2 peer-focus-visible:outline-accent">
              Other
            </span>
          </label>
        </div>
        <div className="space-y-1">
          <label htmlFor="custom-amount" className="block text-sm text-muted">
            Other amount in US dollars (${min}–${max})
          </label>
          <div className="flex items-center gap-2">
            <span aria-hidden="true">$</span>
            <input
              ref={custom}
              id="custom-amount"
              name="customAmount"
              type="text"
              inputMode="decimal"
              pattern="\d+(\.\d{1,2})?"
              placeholder="20"
              className="field w-32"
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? "buy-error" : undefined}
              onFocus={() => {
                const radio = document.getElementById("amount-custom") as HTMLInputElement | null;
                if (radio) radio.checked = true;
              }}
            />
          </div>
        </div>
      </fieldset>
      {error ? (
        <p id="buy-error" role="alert" className="text-sm text-danger">
          {error}
        </p>
      ) : null}
      <button type="submit" className="btn btn-primary" disabled={submitting}>
        {submitting ? "Opening Stripe…" : "Continue to payment"}
      </button>
      <p className="text-xs text-muted">Payments are handled by Stripe. $1 buys $1.00 of credit; credit does not expire.</p>
    </form>
  );
}
