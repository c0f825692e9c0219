/**
 * Where the sign-in and billing stand-ins listen during end-to-end tests, and the settings that point
 * the app at them. playwright.config.ts passes `standInEnv()` to the server; e2e/auth-setup.ts starts
 * the stand-ins. Their ports follow the app's port (E2E_PORT, default 3100 -> 3301-3304), so two runs
 * on different app ports never collide.
 */
export function appPort(): number {
  return Number(process.env.E2E_PORT ?? 3100);
}

export function standInPorts(port = appPort()) {
  return {
    stripePort: port + 201,
    oidcPort: port + 202,
    smtpPort: port + 203,
    /** The SMTP sink's inbox as JSON: GET /messages?to=<address>. */
    inboxPort: port + 204,
  };
}

export const E2E_WEBHOOK_SECRET = "whsec_e2e_gigarouter";
export const E2E_OIDC_NAME = "Test SSO";

export function standInEnv(): Record<string, string> {
  const ports = standInPorts();
  return {
    // A fixed secret: `next start` runs in production mode, where one is required.
    AUTH_SECRET: "e2e-auth-secret-0123456789abcdef0123456789abcdef",
    EMAIL_SERVER: `smtp://127.0.0.1:${ports.smtpPort}`,
    EMAIL_FROM: "gigarouter <signin@gigarouter.test>",
    AUTH_OIDC_ISSUER: `http://127.0.0.1:${ports.oidcPort}`,
    AUTH_OIDC_ID: "gigarouter-test",
    AUTH_OIDC_SECRET: "gigarouter-test-secret",
    AUTH_OIDC_NAME: E2E_OIDC_NAME,
    FREE_CREDIT_USD: "1",
    STRIPE_SECRET_KEY: "sk_test_e2e_gigarouter",
    STRIPE_WEBHOOK_SECRET: E2E_WEBHOOK_SECRET,
    STRIPE_API_BASE: `http://127.0.0.1:${ports.stripePort}`,
  };
}
