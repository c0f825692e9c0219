import "server-only";
import { z } from "zod";
import { findModel } from "@/lib/catalog";
import { deriveStatus } from "@/lib/catalog/status";
import { env } from "@/lib/env";
import { NotFoundError, RateLimitedError, UnavailableError } from "@/lib/errors";
import { hitRateLimit } from "@/lib/rate-limit";
import { mintToken, tokensAvailable } from "./tokens";

/**
 * The realtime API's door for route handlers: minting browser tokens. The WebSocket side (sessions,
 * streams, metering) lives in ./server.ts and runs in the custom server (server.ts at the repo root),
 * outside Next's bundle — it loads the engine's streaming clients, which Next cannot bundle.
 */

export { CloseCode, type ServerEvent, type TranscriptEvent, type WireWord } from "./protocol";

export const tokenRequest = z.object({
  /** Catalog id or short name of a live streaming model. */
  model: z.string().trim().min(1).max(200),
});

/** OpenAI-style answer to a token request. */
export interface RealtimeTokenResponse {
  object: "realtime.token";
  token: string;
  /** Unix seconds. */
  expires_at: number;
  model: string;
  /** Where to connect, token included. */
  url: string;
}

/** Mints a one-session browser token for `model`, paid by `userId` (through `apiKeyId`, when a key asks). */
export function mintRealtimeToken(payer: { userId: string; apiKeyId: string | null }, modelIdOrShortName: string, now = new Date()): RealtimeTokenResponse {
  const model = findModel(modelIdOrShortName);
  if (!model) throw new NotFoundError(`The model '${modelIdOrShortName}' does not exist.`, { param: "model", code: "model_not_found" });
  if (!model.capabilities.streaming) {
    throw new NotFoundError(`${model.name} does not stream; send files to /v1/audio/transcriptions instead.`, { param: "model", code: "model_not_streaming" });
  }
  if (deriveStatus(model) !== "live") {
    throw new NotFoundError(`${model.name} (\`${model.id}\`) is not live on this server yet.`, { param: "model", code: "model_not_live" });
  }
  if (!tokensAvailable()) {
    throw new UnavailableError("Realtime tokens are not configured on this server (REALTIME_TOKEN_SECRET or AUTH_SECRET).", { code: "tokens_unavailable" });
  }
  const { token, expiresAt } = mintToken({ userId: payer.userId, apiKeyId: payer.apiKeyId, modelId: model.id }, now);
  const base = new URL(env.PUBLIC_URL);
  base.protocol = base.protocol === "https:" ? "wss:" : "ws:";
  base.pathname = "/v1/realtime";
  base.search = new URLSearchParams({ model: model.id, token }).toString();
  return { object: "realtime.token", token, expires_at: Math.floor(expiresAt.getTime() / 1000), model: model.id, url: base.toString() };
}

/**
 * Tokens the site mints for one person (the playground's live microphone): at most
 * API_RATE_LIMIT_PER_MINUTE a minute, like their playground runs; a 429 past it.
 */
export async function limitSiteTokens(userId: string): Promise<void> {
  const result = await hitRateLimit({ name: "realtime-token", limit: env.API_RATE_LIMIT_PER_MINUTE, windowMs: 60_000 }, userId);
  if (!result.allowed) {
    throw new RateLimitedError(result.retryAfterSeconds, `Too many live sessions started this minute. Try again in ${result.retryAfterSeconds} s.`, {
      code: "rate_limit_exceeded",
    });
  }
}
