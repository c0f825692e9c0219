/**
 * A local OpenID Connect provider (npm `oidc-provider`) standing in for Google/Okta/Keycloak in tests.
 * Its built-in development screens ask for "any login" and a password (anything): the login becomes
 * the account, and its email is the login itself when it contains "@" (else login@example.com).
 * A login starting with "unverified:" gets email_verified=false, to test that such sign-ins are refused.
 *
 *   const issuer = await startOidcIssuer({ port: 3302, redirectUris: ["http://localhost:3300/api/auth/callback/oidc"] });
 *   AUTH_OIDC_ISSUER = issuer.issuer; AUTH_OIDC_ID = issuer.clientId; AUTH_OIDC_SECRET = issuer.clientSecret;
 */
import { generateKeyPairSync } from "node:crypto";
import type { Server } from "node:http";
import Provider from "oidc-provider";

export interface OidcIssuer {
  issuer: string;
  clientId: string;
  clientSecret: string;
  close(): Promise<void>;
}

export const OIDC_TEST_CLIENT = { clientId: "gigarouter-test", clientSecret: "gigarouter-test-secret" } as const;

/** The claims of a dev-screen login. */
export function claimsForLogin(login: string): { sub: string; email: string; email_verified: boolean; name: string } {
  const unverified = login.startsWith("unverified:");
  const name = unverified ? login.slice("unverified:".length) : login;
  const email = name.includes("@") ? name : `${name}@example.com`;
  return { sub: login, email, email_verified: !unverified, name: email.split("@")[0] ?? name };
}

export async function startOidcIssuer(options: { port: number; host?: string; redirectUris: string[] }): Promise<OidcIssuer> {
  // 127.0.0.1 rather than localhost: a browser keeps one cookie jar per host name whatever the port,
  // and the provider's cookies must not land beside the app's.
  const host = options.host ?? "127.0.0.1";
  const issuer = `http://${host}:${options.port}`;
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: OIDC_TEST_CLIENT.clientId,
        client_secret: OIDC_TEST_CLIENT.clientSecret,
        redirect_uris: options.redirectUris,
        grant_types: ["authorization_code"],
        response_types: ["code"],
      },
    ],
    jwks: { keys: [{ ...privateKey.export({ format: "jwk" }), kid: "test", alg: "RS256", use: "sig" }] },
    cookies: { keys: ["gigarouter-oidc-test-cookie-key"] },
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
    // Put the requested claims in the ID token: Auth.js's "oidc" type reads the profile from it.
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: true } },
    ttl: { AccessToken: 600, AuthorizationCode: 60, Grant: 3600, IdToken: 600, Interaction: 600, Session: 3600 },
    async findAccount(_ctx, sub) {
      return { accountId: sub, claims: async () => claimsForLogin(sub) };
    },
  });
  const server: Server = await new Promise((resolve, reject) => {
    const s = provider.listen(options.port, host, () => resolve(s)) as unknown as Server;
    s.once("error", reject);
  });
  return {
    issuer,
    ...OIDC_TEST_CLIENT,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
