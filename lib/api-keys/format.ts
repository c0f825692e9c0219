import { createHash, randomBytes } from "node:crypto";

/**
 * What an API key looks like, and how it is stored. A key is `gr_live_` followed by 32 random bytes in
 * base64url (256 bits). Only its sha256 is kept: with that much entropy nobody can guess a key from its
 * hash, so a slow password hash (bcrypt, scrypt) would add ~100 ms to every API call and buy nothing —
 * those exist to protect short, human-chosen passwords. A fast hash also lets the database find the key
 * by an indexed, exact lookup.
 */

export const KEY_PREFIX = "gr_live_";
const RANDOM_BYTES = 32;
/** Characters shown in lists: the prefix plus 6 of the random part ("gr_live_Ab3xYz"). */
const DISPLAY_LENGTH = KEY_PREFIX.length + 6;
const KEY_PATTERN = /^gr_live_[A-Za-z0-9_-]{43}$/;

export function generateApiKey(): string {
  return `${KEY_PREFIX}${randomBytes(RANDOM_BYTES).toString("base64url")}`;
}

export function hashApiKey(key: string): string {
  return createHash("sha256").update(key, "utf8").digest("hex");
}

/** The part of a key that is safe to show again: "gr_live_Ab3xYz". */
export function displayPrefix(key: string): string {
  return key.slice(0, DISPLAY_LENGTH);
}

/** True for something shaped like one of our keys (cheap refusal before touching the database). */
export function looksLikeApiKey(value: string): boolean {
  return KEY_PATTERN.test(value);
}

/**
 * The key from an Authorization header: `Bearer <key>` (OpenAI's clients) or `Key <key>` (fal-style
 * clients). null when the header is absent or uses another scheme.
 */
export function keyFromAuthorization(header: string | null): string | null {
  if (!header) return null;
  const match = /^\s*(bearer|key)\s+(\S+)\s*$/i.exec(header);
  return match ? match[2]! : null;
}

/** A key as it may appear in an error message: its first characters and last four, never more. */
export function redactKey(value: string): string {
  if (value.length <= 12) return "***";
  return `${value.slice(0, 8)}***${value.slice(-4)}`;
}
