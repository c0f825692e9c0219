import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * Webhook signatures, following the Standard Webhooks scheme (standardwebhooks.com), so receivers can
 * verify with its libraries or with a few lines of their own:
 *
 *   webhook-id:        msg_...       the delivery's id, the same on every retry (also sent as idempotency-key)
 *   webhook-timestamp: 1732200000    Unix seconds when this attempt was signed
 *   webhook-signature: v1,<base64>   HMAC-SHA256 of "<webhook-id>.<webhook-timestamp>.<raw body>"
 *
 * The HMAC key is the account's secret without its "whsec_" prefix, base64-decoded. Receivers must
 * compare in constant time and refuse timestamps more than 5 minutes from their clock: the timestamp
 * is inside the signed text, so an old delivery cannot be replayed with a fresh one.
 */

export const SECRET_PREFIX = "whsec_";
export const TOLERANCE_SECONDS = 5 * 60;

export function generateSecret(): string {
  return `${SECRET_PREFIX}${randomBytes(32).toString("base64")}`;
}

function keyOf(secret: string): Buffer {
  return Buffer.from(secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret, "base64");
}

/** "v1,<base64 HMAC>" for one message. */
export function sign(secret: string, id: string, timestamp: number, body: string): string {
  const mac = createHmac("sha256", keyOf(secret)).update(`${id}.${timestamp}.${body}`).digest("base64");
  return `v1,${mac}`;
}

export interface SignedHeaders {
  "webhook-id": string;
  "webhook-timestamp": string;
  "webhook-signature": string;
  "idempotency-key": string;
}

export function signedHeaders(secret: string, id: string, body: string, now = new Date()): SignedHeaders {
  const timestamp = Math.floor(now.getTime() / 1000);
  return {
    "webhook-id": id,
    "webhook-timestamp": String(timestamp),
    "webhook-signature": sign(secret, id, timestamp, body),
    "idempotency-key": id,
  };
}

/** The receiver's side of the recipe: true when one of the header's signatures matches and is fresh. */
export function verify(secret: string, headers: { id: string; timestamp: string; signature: string }, body: string, now = new Date()): boolean {
  const timestamp = Number(headers.timestamp);
  if (!Number.isInteger(timestamp) || Math.abs(now.getTime() / 1000 - timestamp) > TOLERANCE_SECONDS) return false;
  const expected = Buffer.from(sign(secret, headers.id, timestamp, body));
  return headers.signature.split(" ").some((candidate) => {
    const given = Buffer.from(candidate);
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}
