import "server-only";
import type { IncomingHttpHeaders } from "node:http";
import { authenticateRequest, enforceKeyRateLimit } from "@/lib/api-keys";
import { db } from "@/lib/db";
import { UnauthorizedError } from "@/lib/errors";
import type { StreamPayer } from "./metering";
import { redeemToken } from "./tokens";

/**
 * How the site's own sessions show in activity: the name lib/playground gives its runs (not imported
 * from there, as that module needs Next's request scope and this one runs in the WebSocket server).
 */
export const PLAYGROUND_NAME = "Playground";

/**
 * Who pays for a realtime session: an API key in `Authorization: Bearer …` (servers), or a browser
 * token in `?token=` (minted by a key holder or by the site for a signed-in person). Each failure is a
 * 401 UnauthorizedError with the HTTP API's codes; a key over its requests per minute is a 429.
 */
export async function authenticateSession(headers: IncomingHttpHeaders, token: string | undefined, modelId: string): Promise<StreamPayer> {
  if (headers.authorization) {
    const key = await authenticateRequest(new Request("http://realtime.invalid/v1/realtime", { headers: toHeaders(headers) }));
    await enforceKeyRateLimit(key);
    return { userId: key.userId, apiKeyId: key.id, apiKeyName: key.name };
  }
  if (!token) {
    throw new UnauthorizedError(
      "No API key or token provided. Send `Authorization: Bearer gr_live_...`, or from a browser mint a token (POST /v1/realtime/tokens) and connect with `?token=`.",
      { code: "missing_api_key" },
    );
  }
  const claims = await redeemToken(token, modelId);
  if (claims.key === null) return { userId: claims.sub, apiKeyId: null, apiKeyName: PLAYGROUND_NAME };
  // A key revoked or expired after minting closes its tokens too.
  const key = await db.apiKey.findUnique({ where: { id: claims.key }, select: { id: true, userId: true, name: true, revokedAt: true, expiresAt: true, rateLimitPerMinute: true } });
  if (!key || key.userId !== claims.sub || key.revokedAt || (key.expiresAt && key.expiresAt <= new Date())) {
    throw new UnauthorizedError("The API key that minted this token is no longer active.", { code: "api_key_revoked", param: "token" });
  }
  await enforceKeyRateLimit(key);
  return { userId: key.userId, apiKeyId: key.id, apiKeyName: key.name };
}

function toHeaders(headers: IncomingHttpHeaders): Headers {
  const out = new Headers();
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) out.append(name, v);
  }
  return out;
}
