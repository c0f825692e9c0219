import type { FullConfig } from "@playwright/test";
import { startOidcIssuer } from "../tests/support/oidc-issuer";
import { startSmtpSink } from "../tests/support/smtp-sink";
import { startStripeStandIn } from "../tests/support/stripe-standin";
import { E2E_WEBHOOK_SECRET, standInPorts } from "./auth-env";

/**
 * Playwright global setup: starts the SMTP sink, the OIDC issuer and the Stripe stand-in for the whole
 * run (in the runner process; tests reach them over HTTP), and stops them at the end.
 */
export default async function setup(config: FullConfig): Promise<() => Promise<void>> {
  const baseURL = String(config.projects[0]?.use.baseURL ?? "http://localhost:3100");
  const ports = standInPorts(Number(new URL(baseURL).port));
  const [sink, issuer, stripe] = await Promise.all([
    startSmtpSink({ port: ports.smtpPort, httpPort: ports.inboxPort }),
    startOidcIssuer({ port: ports.oidcPort, redirectUris: [`${baseURL}/api/auth/callback/oidc`] }),
    startStripeStandIn({ port: ports.stripePort, webhook: { url: `${baseURL}/api/billing/webhook`, secret: E2E_WEBHOOK_SECRET } }),
  ]);
  return async () => {
    await Promise.all([sink.close(), issuer.close(), stripe.close()]);
  };
}
