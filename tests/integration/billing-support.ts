/**
 * Shared set-up for the billing integration tests. Import it right after ./support: it points the
 * Stripe client at the local stand-in (tests/support/stripe-standin.ts) before lib/env is first read.
 */
import Stripe from "stripe";
import { deliverEvent, signPayload, standInCharge, stripeEvent, type StandInSession } from "@/tests/support/stripe-standin";

export const STANDIN_PORT = 3307;
export const WEBHOOK_SECRET = "whsec_test_gigarouter_billing";

process.env.STRIPE_SECRET_KEY = "sk_test_gigarouter_billing";
process.env.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET;
process.env.STRIPE_API_BASE = `http://127.0.0.1:${STANDIN_PORT}`;

export { deliverEvent, signPayload, standInCharge, stripeEvent };

/**
 * The event Stripe sends once a Checkout Session is paid: `session` as created (e.g. the stand-in's
 * open session), completed and paid, then `overrides` on top.
 */
export function completedEvent(
  session: Pick<StandInSession, "id" | "client_reference_id" | "metadata"> & Partial<StandInSession>,
  overrides: Partial<StandInSession> = {},
  type = "checkout.session.completed",
) {
  return stripeEvent(type, {
    object: "checkout.session",
    mode: "payment",
    currency: "usd",
    amount_total: 2_500,
    ...session,
    status: "complete",
    payment_status: "paid",
    payment_intent: `pi_test_${session.id}`,
    url: null,
    ...overrides,
  });
}

export function refundEvent(paymentIntentId: string, amountCents: number, amountRefundedCents: number) {
  return stripeEvent("charge.refunded", standInCharge({ paymentIntentId, amountCents, amountRefundedCents }));
}

/** The webhook request Stripe would send for `event`, signed at `timestamp` (default now). */
export function webhookRequest(event: Stripe.Event | string, options: { secret?: string; timestamp?: number; signature?: string | null } = {}) {
  const payload = typeof event === "string" ? event : JSON.stringify(event);
  const signature = options.signature === undefined ? signPayload(payload, options.secret ?? WEBHOOK_SECRET, options.timestamp) : options.signature;
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (signature !== null) headers["stripe-signature"] = signature;
  return new Request("http://localhost/api/billing/webhook", { method: "POST", headers, body: payload });
}
