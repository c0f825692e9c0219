import "server-only";
import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { env } from "@/lib/env";
import { UnauthorizedError } from "@/lib/errors";
import { claimOnce } from "@/lib/rate-limit";

/**
 * Short-lived tokens that let a browser open one realtime session without holding an API key
 * (a browser's WebSocket cannot send an Authorization header). A server holding a key mints one
 * (POST /v1/realtime/tokens), or the site mints one for the signed-in person (POST /api/realtime/token);
 * the browser passes it as `?token=`.
 *
 * A token is `grt_<payload>.<signature>` (both base64url): the payload names the payer, the key (if a key
 * minted it), the one model it is good for and its expiry; the signature is HMAC-SHA256 under a key
 * derived from REALTIME_TOKEN_SECRET (or AUTH_SECRET). It opens a session only before it expires, only for
 * its model, and only once per server process (its id is remembered until it expires).
 */

const TOKEN_PREFIX = "grt_";
/** Used only outside production when no secret is set, like the sign-in's development secret. */
const DEVELOPMENT_SECRET = "gigarouter-development-secret-not-for-production-use";

const payloadSchema = z.object({
  v: z.literal(1),
  /** Token id (single use). */
  jti: z.string().min(8),
  /** The user who pays. */
  sub: z.string().min(1),
  /** The API key that minted it, or null for the site's own (playground) tokens. */
  key: z.string().nullable(),
  /** Catalog id of the one model it opens. */
  model: z.string().min(1),
  /** Expiry, unix seconds. */
  exp: z.number().int(),
});
export type TokenClaims = z.infer<typeof payloadSchema>;

export interface MintedToken {
  token: string;
  expiresAt: Date;
}

function signingKey(): Buffer | null {
  const secret = env.REALTIME_TOKEN_SECRET ?? env.AUTH_SECRET ?? (env.NODE_ENV === "production" ? undefined : DEVELOPMENT_SECRET);
  if (!secret) return null;
  // A key of its own, so a realtime token can never pass for anything AUTH_SECRET signs.
  return createHash("sha256").update("gigarouter realtime token v1\0").update(secret).digest();
}

/** True when tokens can be minted (production needs REALTIME_TOKEN_SECRET or AUTH_SECRET). */
export function tokensAvailable(): boolean {
  return signingKey() !== null;
}

export function mintToken(claims: { userId: string; apiKeyId: string | null; modelId: string }, now = new Date()): MintedToken {
  const key = signingKey();
  if (!key) throw new Error("Realtime tokens need REALTIME_TOKEN_SECRET or AUTH_SECRET in production.");
  const exp = Math.floor(now.getTime() / 1000) + env.REALTIME_TOKEN_TTL_SECONDS;
  const payload: TokenClaims = { v: 1, jti: randomBytes(12).toString("base64url"), sub: claims.userId, key: claims.apiKeyId, model: claims.modelId, exp };
  const body = Buffer.from(JSON.stringify(payload)).toString("base64url");
  const signature = createHmac("sha256", key).update(body).digest("base64url");
  return { token: `${TOKEN_PREFIX}${body}.${signature}`, expiresAt: new Date(exp * 1000) };
}

/**
 * The token's claims when it is genuine, unexpired, unused and for `modelId`; otherwise a 401 that says
 * which. Marks it used in the database, so it opens one session across all web instances.
 */
export async function redeemToken(token: string, modelId: string, now = new Date()): Promise<TokenClaims> {
  const key = signingKey();
  const invalid = () => new UnauthorizedError("The realtime token is not valid. Mint a new one.", { code: "invalid_token", param: "token" });
  if (!key || !token.startsWith(TOKEN_PREFIX)) throw invalid();
  const [body, signature, extra] = token.slice(TOKEN_PREFIX.length).split(".");
  if (!body || !signature || extra !== undefined) throw invalid();
  const expected = createHmac("sha256", key).update(body).digest();
  const given = Buffer.from(signature, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalid();
  let claims: TokenClaims;
  try {
    claims = payloadSchema.parse(JSON.parse(Buffer.from(body, "base64url").toString("utf8")));
  } catch {
    throw invalid();
  }
  const nowSeconds = Math.floor(now.getTime() / 1000);
  if (claims.exp <= nowSeconds) {
    throw new UnauthorizedError("The realtime token has expired (tokens last a minute). Mint a new one.", { code: "token_expired", param: "token" });
  }
  if (claims.model !== modelId) {
    throw new UnauthorizedError(`This realtime token is for ${claims.model}, not ${modelId}.`, { code: "token_model_mismatch", param: "token" });
  }
  if (!(await claimOnce("realtime-token", claims.jti, new Date(claims.exp * 1000), now))) {
    throw new UnauthorizedError("This realtime token has been used already; each token opens one session.", { code: "token_used", param: "token" });
  }
  return claims;
}
