import "server-only";
import { db } from "@/lib/db";
import { fromDbAmount } from "@/lib/credits/money";
import { NotFoundError, UnauthorizedError } from "@/lib/errors";
import { displayPrefix, generateApiKey, hashApiKey, keyFromAuthorization, looksLikeApiKey, redactKey } from "./format";
import type { NewApiKeyInput } from "./schema";

/**
 * API keys: created (the secret is returned once and never stored), listed by prefix, revoked, and
 * checked on every API call. Spend limits are enforced by ./spend.ts.
 */

export { newApiKeyInput, toNewApiKeyInput, API_KEY_LIMITS, type NewApiKeyInput, type NewApiKeyFields } from "./schema";
export { reserveKeySpend, settleKeySpend, releaseKeySpend, keySpendRemaining } from "./spend";
export { KEY_PREFIX, keyFromAuthorization } from "./format";

export type ApiKeyState = "active" | "revoked" | "expired";

/** A key as its owner sees it in lists: never the secret, never the hash. */
export interface ApiKeyView {
  id: string;
  name: string;
  /** "gr_live_Ab3xYz": enough to tell keys apart. */
  prefix: string;
  state: ApiKeyState;
  spendLimitMicroUsd: number | null;
  spentMicroUsd: number;
  /** Reserved by requests still running. */
  heldMicroUsd: number;
  rateLimitPerMinute: number | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
  createdAt: Date;
}

type ApiKeyRow = NonNullable<Awaited<ReturnType<typeof db.apiKey.findUnique>>>;

function stateOf(row: Pick<ApiKeyRow, "revokedAt" | "expiresAt">, now = new Date()): ApiKeyState {
  if (row.revokedAt) return "revoked";
  if (row.expiresAt && row.expiresAt <= now) return "expired";
  return "active";
}

function toView(row: ApiKeyRow): ApiKeyView {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    state: stateOf(row),
    spendLimitMicroUsd: row.spendLimitMicroUsd === null ? null : fromDbAmount(row.spendLimitMicroUsd),
    spentMicroUsd: fromDbAmount(row.spentMicroUsd),
    heldMicroUsd: fromDbAmount(row.heldMicroUsd),
    rateLimitPerMinute: row.rateLimitPerMinute,
    expiresAt: row.expiresAt,
    revokedAt: row.revokedAt,
    lastUsedAt: row.lastUsedAt,
    createdAt: row.createdAt,
  };
}

export interface CreatedApiKey {
  /** The secret. Show it once; it cannot be recovered. */
  key: string;
  view: ApiKeyView;
}

export async function createApiKey(userId: string, input: NewApiKeyInput, now = new Date()): Promise<CreatedApiKey> {
  const key = generateApiKey();
  const row = await db.apiKey.create({
    data: {
      userId,
      name: input.name,
      prefix: displayPrefix(key),
      hash: hashApiKey(key),
      spendLimitMicroUsd: input.spendLimitMicroUsd === undefined ? null : BigInt(input.spendLimitMicroUsd),
      rateLimitPerMinute: input.rateLimitPerMinute ?? null,
      expiresAt: input.expiresInDays === undefined ? null : new Date(now.getTime() + input.expiresInDays * 86_400_000),
    },
  });
  return { key, view: toView(row) };
}

/** The user's keys, newest first; revoked ones too, so the history reads complete. */
export async function listApiKeys(userId: string): Promise<ApiKeyView[]> {
  const rows = await db.apiKey.findMany({ where: { userId }, orderBy: { createdAt: "desc" } });
  return rows.map(toView);
}

/** Revokes one of the user's keys; at once for every later request. Revoking twice changes nothing. */
export async function revokeApiKey(userId: string, keyId: string, now = new Date()): Promise<ApiKeyView> {
  const row = await db.apiKey.findFirst({ where: { id: keyId, userId } });
  if (!row) throw new NotFoundError("There is no such API key.", { code: "api_key_not_found", param: "keyId" });
  if (row.revokedAt) return toView(row);
  return toView(await db.apiKey.update({ where: { id: row.id }, data: { revokedAt: now } }));
}

/** Who a request's key belongs to and what it may do. */
export interface AuthenticatedKey {
  id: string;
  userId: string;
  name: string;
  /** The key's own requests-per-minute limit, or null for the default. */
  rateLimitPerMinute: number | null;
}

const LAST_USED_RESOLUTION_MS = 60_000;

/**
 * The key a request carries in `Authorization: Bearer <key>` (or `Key <key>`), or a 401 that says what
 * is wrong: missing, unknown, revoked or expired. Messages show at most a redacted form of the key.
 */
export async function authenticateRequest(request: Request, now = new Date()): Promise<AuthenticatedKey> {
  const header = request.headers.get("authorization");
  const key = keyFromAuthorization(header);
  if (!key) {
    throw new UnauthorizedError(
      header
        ? "The Authorization header must be `Bearer <your gigarouter API key>`."
        : "No API key provided. Send your gigarouter API key as `Authorization: Bearer gr_live_...`; create one on your account page.",
      { code: header ? "invalid_authorization_header" : "missing_api_key" },
    );
  }
  const row = looksLikeApiKey(key) ? await db.apiKey.findUnique({ where: { hash: hashApiKey(key) } }) : null;
  if (!row) {
    throw new UnauthorizedError(`Incorrect API key provided: ${redactKey(key)}. You can find your API keys on your account page.`, {
      code: "invalid_api_key",
    });
  }
  const state = stateOf(row, now);
  if (state === "revoked") {
    throw new UnauthorizedError(`The API key ${row.prefix}… was revoked. Create a new key on your account page.`, { code: "api_key_revoked" });
  }
  if (state === "expired") {
    throw new UnauthorizedError(`The API key ${row.prefix}… expired on ${row.expiresAt!.toISOString()}. Create a new key on your account page.`, {
      code: "api_key_expired",
    });
  }
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS) {
    // At most one write a minute per key; losing one to a race is harmless.
    await db.apiKey.update({ where: { id: row.id }, data: { lastUsedAt: now } }).catch(() => undefined);
  }
  return { id: row.id, userId: row.userId, name: row.name, rateLimitPerMinute: row.rateLimitPerMinute };
}

/** The id of the key a request carries when it is valid, else null (for endpoints where a key is optional). */
export async function optionalKey(request: Request): Promise<AuthenticatedKey | null> {
  if (!request.headers.get("authorization")) return null;
  return authenticateRequest(request);
}

export { enforceKeyRateLimit, rateLimitHeaders, type KeyRateLimit } from "./rate-limit";
