import "server-only";
import { env } from "@/lib/env";

/**
 * Used only when AUTH_SECRET is unset outside production, so `npm run dev` and the tests need no
 * setup. It is public (it is in this file): never let a deployment use it. In production an unset
 * AUTH_SECRET leaves the secret empty and Auth.js refuses to run (MissingSecret) rather than sign
 * cookies with a known key.
 */
const DEVELOPMENT_SECRET = "gigarouter-development-secret-not-for-production-use";

/** The secret Auth.js signs with; also the root of the key that seals queued email (lib/queue/email.ts). */
export function authSecret(): string | undefined {
  return env.AUTH_SECRET ?? (env.NODE_ENV === "production" ? undefined : DEVELOPMENT_SECRET);
}
