import { handleStripeWebhook } from "@/lib/billing";
import { withErrors } from "@/lib/errors";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * Stripe's webhook endpoint. The signature covers the exact bytes Stripe sent, so the body is read
 * raw; 400 for a bad or stale signature (nothing changes), 200 once the event is applied or ignored,
 * 5xx on our failures so Stripe retries.
 */
export const POST = withErrors(async (request) => {
  const outcome = await handleStripeWebhook(await request.text(), request.headers.get("stripe-signature"));
  return Response.json({ received: true, ...outcome });
});
