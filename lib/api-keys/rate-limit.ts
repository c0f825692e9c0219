import "server-only";
import { env } from "@/lib/env";
import { RateLimitedError } from "@/lib/errors";
import { hitRateLimit } from "@/lib/rate-limit";
import type { AuthenticatedKey } from "./index";

/**
 * Requests per minute per API key, counted in the database (lib/rate-limit's fixed windows) so every
 * web instance shares the count. The key's own limit wins over API_RATE_LIMIT_PER_MINUTE.
 */

export interface KeyRateLimit {
  limit: number;
  remaining: number;
  /** Seconds until the window resets. */
  resetSeconds: number;
}

/** Counts this request against the key; 429 with Retry-After when the key is over its limit. */
export async function enforceKeyRateLimit(key: Pick<AuthenticatedKey, "id" | "rateLimitPerMinute">): Promise<KeyRateLimit> {
  const limit = key.rateLimitPerMinute ?? env.API_RATE_LIMIT_PER_MINUTE;
  const result = await hitRateLimit({ name: "api", limit, windowMs: 60_000 }, key.id);
  if (!result.allowed) {
    throw new RateLimitedError(
      result.retryAfterSeconds,
      `Rate limit reached for this API key: ${limit} requests per minute. Try again in ${result.retryAfterSeconds} s.`,
      {
        code: "rate_limit_exceeded",
        headers: rateLimitHeaders({ limit, remaining: 0, resetSeconds: result.retryAfterSeconds }),
      },
    );
  }
  return { limit, remaining: result.remaining, resetSeconds: result.retryAfterSeconds };
}

/** OpenAI's rate-limit headers, so clients that read them work unchanged. */
export function rateLimitHeaders(rate: KeyRateLimit): Record<string, string> {
  return {
    "x-ratelimit-limit-requests": String(rate.limit),
    "x-ratelimit-remaining-requests": String(rate.remaining),
    "x-ratelimit-reset-requests": `${rate.resetSeconds}s`,
  };
}
