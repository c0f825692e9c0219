import "server-only";
import { db } from "@/lib/db";
import { isUniqueViolation } from "@/lib/db/errors";
import { env } from "@/lib/env";
import { RateLimitedError } from "@/lib/errors";
import { clientKey } from "./client";

export { clientAddress, clientKey } from "./client";

/**
 * Fixed-window rate limits counted in the database, so any number of web instances share one count
 * and none keeps state. A window allows `limit` hits; at a window edge a client can get up to twice
 * that in quick succession, which is fine for spam control and costs one upsert per hit.
 */
export interface RateLimitRule {
  /** Names the counter, e.g. "write"; rules with different names count separately. */
  name: string;
  limit: number;
  windowMs: number;
}

export interface RateLimitResult {
  allowed: boolean;
  remaining: number;
  /** Seconds until the current window ends. */
  retryAfterSeconds: number;
}

/** Interest signups and model requests share one budget: they are all "someone wrote to us". */
export function writeRule(): RateLimitRule {
  return { name: "write", limit: env.WRITE_RATE_LIMIT_PER_MINUTE, windowMs: 60_000 };
}

/** Counts one hit for `client` against `rule` and says whether it is within the limit. */
export async function hitRateLimit(rule: RateLimitRule, client: string, now = new Date()): Promise<RateLimitResult> {
  const windowStart = new Date(Math.floor(now.getTime() / rule.windowMs) * rule.windowMs);
  const key = `${rule.name}:${client}`;
  const count = await incrementBucket(key, windowStart);
  // Earlier windows of this rule are dead weight; dropping them keeps the table one row per active client.
  await db.rateLimitBucket.deleteMany({ where: { key: { startsWith: `${rule.name}:` }, windowStart: { lt: windowStart } } });
  const retryAfterSeconds = Math.ceil((windowStart.getTime() + rule.windowMs - now.getTime()) / 1000);
  return { allowed: count <= rule.limit, remaining: Math.max(0, rule.limit - count), retryAfterSeconds };
}

/** Throws RateLimitedError (429 with Retry-After) when the request's client is over `rule`. */
export async function enforceRateLimit(request: Request, rule: RateLimitRule = writeRule()): Promise<void> {
  const result = await hitRateLimit(rule, clientKey(request));
  if (!result.allowed) {
    throw new RateLimitedError(
      result.retryAfterSeconds,
      `Too many requests from your connection. Please wait ${result.retryAfterSeconds} s and try again.`,
    );
  }
}

async function incrementBucket(key: string, windowStart: Date): Promise<number> {
  const upsert = () =>
    db.rateLimitBucket.upsert({
      where: { key_windowStart: { key, windowStart } },
      create: { key, windowStart, count: 1 },
      update: { count: { increment: 1 } },
      select: { count: true },
    });
  try {
    return (await upsert()).count;
  } catch (error) {
    // Two first hits racing in one window: the loser's insert collides; its retry updates instead.
    if (isUniqueViolation(error)) return (await upsert()).count;
    throw error;
  }
}
