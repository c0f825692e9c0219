import "server-only";
import { randomUUID } from "node:crypto";
import { db } from "@/lib/db";
import { isUniqueViolation } from "@/lib/db/errors";
import { env } from "@/lib/env";
import { UnavailableError } from "@/lib/errors";
import { centsToMicroUsd } from "@/lib/credits/money";
import { stripe } from "./client";

export interface CheckoutRequest {
  user: { id: string; email: string };
  /** Whole cents, already within the purchase limits (lib/billing/amounts). */
  amountCents: number;
  /** Same attempt, same Checkout Session (Stripe idempotency key). */
  attempt?: string;
}

/**
 * Opens a Stripe Checkout Session for buying credit and records it as an open purchase. The credit
 * arrives only through the webhook, once Stripe says the session is paid: nothing here adds credit.
 * Returns the URL of Stripe's payment page.
 */
export async function createCheckout({ user, amountCents, attempt }: CheckoutRequest): Promise<{ url: string; sessionId: string }> {
  const client = stripe();
  if (!client) throw new UnavailableError("Buying credit is not available on this server.", { code: "billing_disabled" });
  const creditMicroUsd = centsToMicroUsd(amountCents);
  const dollars = (amountCents / 100).toFixed(2);

  const session = await client.checkout.sessions.create(
    {
      mode: "payment",
      line_items: [
        {
          quantity: 1,
          price_data: {
            currency: "usd",
            unit_amount: amountCents,
            product_data: { name: "gigarouter credit", description: `$${dollars} of API credit` },
          },
        },
      ],
      client_reference_id: user.id,
      customer_email: user.email,
      // Read back by the webhook when a session is not in our table (e.g. the insert below failed).
      metadata: { userId: user.id, creditMicroUsd: String(creditMicroUsd) },
      payment_intent_data: { metadata: { userId: user.id } },
      success_url: `${env.PUBLIC_URL}/account?purchase=success&session_id={CHECKOUT_SESSION_ID}`,
      cancel_url: `${env.PUBLIC_URL}/account?purchase=cancelled`,
    },
    { idempotencyKey: `checkout-${user.id}-${attempt ?? randomUUID()}` },
  );
  if (!session.url) throw new UnavailableError("Stripe did not return a payment page.", { code: "checkout_failed" });

  // A repeated attempt returns the same session: record it once.
  try {
    await db.creditPurchase.create({
      data: { checkoutSessionId: session.id, userId: user.id, amountMicroUsd: BigInt(creditMicroUsd) },
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
  }
  return { url: session.url, sessionId: session.id };
}

/** The state of one of the user's purchases, for the page Stripe returns to. Null when not theirs. */
export async function purchaseStatus(userId: string, checkoutSessionId: string) {
  const purchase = await db.creditPurchase.findUnique({ where: { checkoutSessionId } });
  if (!purchase || purchase.userId !== userId) return null;
  return { status: purchase.status as "open" | "paid" | "expired", amountMicroUsd: Number(purchase.amountMicroUsd) };
}
