import "server-only";
import { db } from "@/lib/db";
import { isUniqueViolation } from "@/lib/db/errors";
import { env } from "@/lib/env";
import { RateLimitedError } from "@/lib/errors";
import { clientKey } from "./client";

export { clientAddress, clientKey } from "./client";

/**
 * Rate limits counted in the database, so any number of web instances share one count and none
 * keeps state. Each client has one counter per fixed window; a hit is judged by the sliding-window
 * estimate `this window's hits + last window's hits × the share of last window still in view`, so a
 * burst cannot slip through twice the limit by straddling a window edge. Every hit counts, allowed
 * or not: a client that keeps hammering stays limited.
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
  /**
   * Refused: seconds until the next hit would be allowed (if no more arrive meanwhile).
   * Allowed: seconds until the current window ends.
   */
  retryAfterSeconds: number;
}

/** Interest signups and model requests share one budget: they are all "someone wrote to us". */
export function writeRule(): RateLimitRule {
  return { name: "write", limit: env.WRITE_RATE_LIMIT_PER_MINUTE, windowMs: 60_000 };
}

/** Counts one hit for `client` against `rule` and says whether it is within the limit. */
export async function hitRateLimit(rule: RateLimitRule, client: string, now = new Date()): Promise<RateLimitResult> {
  const windowStart = new Date(Math.floor(now.getTime() / rule.windowMs) * rule.windowMs);
  const previousStart = new Date(windowStart.getTime() - rule.windowMs);
  const key = `${rule.name}:${client}`;

  const count = await incrementBucket(key, windowStart);
  const previous = await db.rateLimitBucket.findUnique({
    where: { key_windowStart: { key, windowStart: previousStart } },
    select: { count: true },
  });
  // Older windows no longer weigh in; dropping them keeps the table to two rows per active client.
  await db.rateLimitBucket.deleteMany({
    where: { key: { startsWith: `${rule.name}:` }, windowStart: { lt: previousStart } },
  });

  const elapsed = now.getTime() - windowStart.getTime();
  const previousCount = previous?.count ?? 0;
  const estimate = count + previousCount * (1 - elapsed / rule.windowMs);
  const allowed = estimate <= rule.limit;
  const waitMs = allowed ? rule.windowMs - elapsed : msUntilAllowed(rule, count, previousCount, elapsed);
  return {
    allowed,
    remaining: Math.max(0, Math.floor(rule.limit - estimate)),
    retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)),
  };
}

/**
 * Claims `id` under `name` once for every process sharing the database (a single-use token): true for
 * the first claim, false for any later one. Each claim is kept until `until`; claims past theirs are
 * dropped as new ones arrive.
 */
export async function claimOnce(name: string, id: string, until: Date, now = new Date()): Promise<boolean> {
  await db.rateLimitBucket.deleteMany({ where: { key: { startsWith: `once-${name}:` }, windowStart: { lt: now } } });
  return (await incrementBucket(`once-${name}:${id}`, until)) === 1;
}

/** When one more hit would fit under the estimate, with `count` hits so far in this window. */
function msUntilAllowed(rule: RateLimitRule, count: number, previousCount: number, elapsed: number): number {
  const { limit, windowMs } = rule;
  if (count + 1 <= limit) {
    // Still in this window, once last window's share has faded enough.
    return Math.max(0, windowMs * (1 - (limit - count - 1) / previousCount) - elapsed);
  }
  // In the next window, once this window's hits (then the previous ones) have faded enough.
  return windowMs - elapsed + windowMs * Math.max(0, 1 - (limit - 1) / count);
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
