import { lookup } from "node:dns/promises";
import http, { type IncomingHttpHeaders, type IncomingMessage } from "node:http";
import https from "node:https";
import type { LookupAddress } from "node:dns";
import { addressVerdict } from "./addresses";

/**
 * Fetching URLs that callers name (audio_url, webhook URLs) without letting them reach our own network.
 *
 * - http and https only; no user:password@ in the URL.
 * - The host name is resolved here, every address it resolves to must be public (./addresses.ts), and
 *   the connection is made to the address that was checked (a `lookup` that returns it), so a DNS
 *   answer that changes between the check and the connect (DNS rebinding) cannot redirect it. TLS still
 *   verifies the certificate against the host name.
 * - Redirects are followed by hand, at most `maxRedirects`, and every hop is checked the same way.
 * - One deadline covers DNS, connecting, redirects and the body; the body is counted as it arrives and
 *   refused past `maxBytes` (a declared Content-Length over the limit is refused before reading).
 * - No compression is asked for, so a small response cannot expand into a large one.
 *
 * Pure Node (no lib/env): callers pass their limits, and `allowLoopback` (tests with a local server).
 */

export { addressVerdict, type AddressVerdict } from "./addresses";

export type FetchUrlErrorCode =
  | "invalid_url"
  | "unsupported_scheme"
  | "credentials_in_url"
  | "address_not_allowed"
  | "dns_failed"
  | "connect_failed"
  | "timeout"
  | "too_many_redirects"
  | "http_error"
  | "too_large"
  | "unsupported_content_type";

export class FetchUrlError extends Error {
  constructor(
    readonly code: FetchUrlErrorCode,
    message: string,
    readonly detail: { status?: number; address?: string; reason?: string } = {},
  ) {
    super(message);
    this.name = "FetchUrlError";
  }
}

/** A URL a server-side request may be made to: http(s), no credentials. Throws FetchUrlError. */
export function parseHttpUrl(input: string): URL {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    throw new FetchUrlError("invalid_url", "This is not a valid URL.");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new FetchUrlError("unsupported_scheme", `Only http and https URLs can be fetched, not ${url.protocol.replace(/:$/, "")}.`);
  }
  if (url.username || url.password) throw new FetchUrlError("credentials_in_url", "URLs with a user name or password are not accepted.");
  return url;
}

/** Resolves `hostname` and checks every address; the first one is the one to connect to. */
async function resolvePublic(hostname: string, allowLoopback: boolean): Promise<LookupAddress> {
  const bare = hostname.startsWith("[") ? hostname.slice(1, -1) : hostname;
  let addresses: LookupAddress[];
  try {
    addresses = await lookup(bare, { all: true, verbatim: true });
  } catch (error) {
    throw new FetchUrlError("dns_failed", `The host ${hostname} could not be resolved.`, { reason: (error as NodeJS.ErrnoException).code ?? "" });
  }
  if (addresses.length === 0) throw new FetchUrlError("dns_failed", `The host ${hostname} has no address.`);
  // One private answer refuses the host: which address a connection would use is not ours to bet on.
  for (const { address } of addresses) {
    const verdict = addressVerdict(address, { allowLoopback });
    if (!verdict.allowed) {
      throw new FetchUrlError(
        "address_not_allowed",
        `${hostname} resolves to a ${verdict.reason} address (${address}); only public internet addresses can be fetched.`,
        { address, reason: verdict.reason },
      );
    }
  }
  return addresses[0]!;
}

export interface PinnedRequestOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  /** Aborts everything (DNS excluded: it is bounded by the resolver) and destroys the response. */
  signal: AbortSignal;
  allowLoopback?: boolean;
}

export interface PinnedResponse {
  status: number;
  headers: IncomingHttpHeaders;
  /** The address connected to. */
  address: string;
  body: IncomingMessage;
}

/** One HTTP exchange with a checked, pinned address. Redirects are the caller's business. */
export async function pinnedRequest(url: URL, options: PinnedRequestOptions): Promise<PinnedResponse> {
  const pinned = await resolvePublic(url.hostname, options.allowLoopback ?? false);
  options.signal.throwIfAborted();
  const client = url.protocol === "https:" ? https : http;
  return new Promise<PinnedResponse>((resolve, reject) => {
    const request = client.request(
      url,
      {
        method: options.method ?? "GET",
        headers: options.headers ?? {},
        agent: false,
        signal: options.signal,
        // The connection goes to the address that was checked, whatever DNS says a moment later.
        lookup: ((_host: string, lookupOptions: { all?: boolean }, callback: (...args: unknown[]) => void) => {
          if (lookupOptions?.all) callback(null, [{ address: pinned.address, family: pinned.family }]);
          else callback(null, pinned.address, pinned.family);
        }) as unknown as typeof import("node:dns").lookup,
      },
      (response) => {
        const onAbort = () => response.destroy(new FetchUrlError("timeout", "The download took too long."));
        options.signal.addEventListener("abort", onAbort, { once: true });
        response.once("close", () => options.signal.removeEventListener("abort", onAbort));
        resolve({ status: response.statusCode ?? 0, headers: response.headers, address: pinned.address, body: response });
      },
    );
    request.once("error", (error) => {
      if (options.signal.aborted) reject(new FetchUrlError("timeout", "The server took too long to answer."));
      else reject(new FetchUrlError("connect_failed", `Could not connect to ${url.host}: ${error.message}`));
    });
    if (options.body !== undefined) request.end(options.body);
    else request.end();
  });
}

export interface FetchUrlOptions {
  maxBytes: number;
  timeoutMs: number;
  maxRedirects?: number;
  allowLoopback?: boolean;
  /** Media type (lower case, no parameters; "" when absent) -> acceptable? Checked before the body is read. */
  acceptContentType?: (mediaType: string) => boolean;
  /** What the refusal says the content should have been, e.g. "audio". */
  expected?: string;
}

export interface FetchedFile {
  bytes: Uint8Array;
  /** The media type the server declared ("" when none). */
  contentType: string;
  /** The URL the bytes finally came from (after redirects). */
  url: string;
  /** A file name from the final URL's path, if it has one. */
  fileName: string;
  redirects: number;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** GETs `input` within the limits; throws FetchUrlError saying what went wrong. */
export async function fetchUrl(input: string, options: FetchUrlOptions): Promise<FetchedFile> {
  const maxRedirects = options.maxRedirects ?? 5;
  const signal = AbortSignal.timeout(options.timeoutMs);
  let url = parseHttpUrl(input);
  for (let redirects = 0; ; redirects++) {
    let response: PinnedResponse;
    try {
      response = await pinnedRequest(url, {
        signal,
        allowLoopback: options.allowLoopback ?? false,
        headers: { accept: "*/*", "accept-encoding": "identity", "user-agent": "gigarouter-fetch/1" },
      });
    } catch (error) {
      if (signal.aborted && !(error instanceof FetchUrlError && error.code !== "timeout")) {
        throw new FetchUrlError("timeout", `The download did not finish within ${Math.round(options.timeoutMs / 1000)} s.`);
      }
      throw error;
    }
    const { status, headers, body } = response;
    if (REDIRECTS.has(status)) {
      body.resume();
      if (redirects >= maxRedirects) throw new FetchUrlError("too_many_redirects", `More than ${maxRedirects} redirects.`);
      const location = headers.location;
      if (!location) throw new FetchUrlError("http_error", `The server answered ${status} without a Location.`, { status });
      url = parseHttpUrl(new URL(location, url).toString());
      continue;
    }
    if (status < 200 || status >= 300) {
      body.resume();
      throw new FetchUrlError("http_error", `The server answered HTTP ${status}.`, { status });
    }
    const contentType = (headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
    if (options.acceptContentType && !options.acceptContentType(contentType)) {
      body.destroy();
      throw new FetchUrlError(
        "unsupported_content_type",
        `The URL serves ${contentType || "content without a type"}, not ${options.expected ?? "the expected kind of file"}.`,
      );
    }
    const declared = Number(headers["content-length"] ?? NaN);
    if (Number.isFinite(declared) && declared > options.maxBytes) {
      body.destroy();
      throw new FetchUrlError("too_large", `The file is ${declared} bytes; the limit is ${options.maxBytes}.`);
    }
    const bytes = await readCapped(body, options.maxBytes, signal, options.timeoutMs);
    const fileName = decodeURIComponent(url.pathname.split("/").pop() ?? "").slice(0, 200);
    return { bytes, contentType, url: url.toString(), fileName, redirects };
  }
}

async function readCapped(body: IncomingMessage, maxBytes: number, signal: AbortSignal, timeoutMs: number): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of body as AsyncIterable<Buffer>) {
      total += chunk.byteLength;
      if (total > maxBytes) {
        body.destroy();
        throw new FetchUrlError("too_large", `The file is larger than the limit of ${maxBytes} bytes.`);
      }
      chunks.push(chunk);
    }
  } catch (error) {
    if (error instanceof FetchUrlError) throw error;
    if (signal.aborted) throw new FetchUrlError("timeout", `The download did not finish within ${Math.round(timeoutMs / 1000)} s.`);
    throw new FetchUrlError("connect_failed", `The download broke off: ${(error as Error).message}`);
  }
  return new Uint8Array(Buffer.concat(chunks, total));
}

/** Media types an audio download may declare. Containers that hold audio count; text, images and JSON do not. */
export function isAudioMediaType(mediaType: string): boolean {
  if (mediaType === "") return true; // undeclared: the decoder decides
  if (mediaType.startsWith("audio/") || mediaType.startsWith("video/")) return true;
  return ["application/ogg", "application/octet-stream", "binary/octet-stream", "application/x-flac"].includes(mediaType);
}
