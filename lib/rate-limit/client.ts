import { createHash } from "node:crypto";

/**
 * Who is calling, as a stable pseudonymous key. Next's server fills `x-forwarded-for` with the
 * socket address when the header is absent, and a reverse proxy appends the address it saw, so the
 * rightmost entry is the one a trusted hop wrote. (A client talking to `next start` directly can
 * still send its own header; put a proxy in front in production.)
 */
export function clientAddress(request: Request): string {
  const forwarded = request.headers.get("x-forwarded-for");
  const last = forwarded?.split(",").at(-1)?.trim();
  return last || request.headers.get("x-real-ip")?.trim() || "unknown";
}

/** A hash of the client address, so neither rate-limit rows nor votes store an IP address. */
export function clientKey(request: Request): string {
  return createHash("sha256").update(`gigarouter-client:${clientAddress(request)}`).digest("hex").slice(0, 32);
}
