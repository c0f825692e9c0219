import "server-only";
import Stripe from "stripe";
import { env } from "@/lib/env";

/**
 * The one Stripe client, built from env. STRIPE_API_BASE (tests only) sends its API calls to another
 * origin, e.g. the local stand-in in tests/support/stripe-standin.ts.
 */

let client: Stripe | null | undefined;

export function stripeApiOptions(base: string | undefined): { host?: string; port?: number; protocol?: "http" | "https" } {
  if (!base) return {};
  const url = new URL(base);
  const protocol = url.protocol === "http:" ? "http" : "https";
  return { host: url.hostname, port: Number(url.port || (protocol === "http" ? 80 : 443)), protocol };
}

/** Null when STRIPE_SECRET_KEY is unset: buying credit is then disabled (and the page says so). */
export function stripe(): Stripe | null {
  if (client === undefined) {
    client = env.STRIPE_SECRET_KEY
      ? new Stripe(env.STRIPE_SECRET_KEY, {
          ...stripeApiOptions(env.STRIPE_API_BASE),
          maxNetworkRetries: 2,
          timeout: 20_000,
          telemetry: false,
          appInfo: { name: "gigarouter" },
        })
      : null;
  }
  return client;
}

/** Webhook signatures are checked with the signing secret alone; no API key is needed for that. */
export function webhookVerifier(): Stripe["webhooks"] {
  return (stripe() ?? new Stripe("sk_unused_for_webhook_verification")).webhooks;
}

export function billingEnabled(): boolean {
  return Boolean(env.STRIPE_SECRET_KEY && env.STRIPE_WEBHOOK_SECRET);
}
