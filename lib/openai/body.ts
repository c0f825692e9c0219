import { AppError, ValidationError } from "@/lib/errors";

/**
 * Reading a request body with a size cap, before anything parses it. Next's route handlers impose no
 * limit of their own, and `request.formData()` would buffer any amount, so the bytes are counted as
 * they arrive: a declared Content-Length over the cap is refused at once, and a chunked upload is
 * refused as soon as it passes the cap.
 *
 * A refused body is still drained (up to DRAIN_FACTOR x the cap) before the 413 goes out: HTTP clients,
 * the openai SDK's fetch among them, are still writing the upload, and a server that answers and
 * closes mid-upload makes them report a broken connection (and retry) instead of reading the 413.
 */

const DRAIN_FACTOR = 4;

export class PayloadTooLargeError extends AppError {
  constructor(message: string, options: { param?: string; code?: string } = {}) {
    super(413, "invalid_request_error", message, { code: options.code ?? "file_too_large", param: options.param ?? "file" });
  }
}

export class UnsupportedMediaTypeError extends AppError {
  constructor(message: string, options: { param?: string | null; code?: string } = {}) {
    super(415, "invalid_request_error", message, {
      code: options.code ?? "unsupported_media_type",
      param: options.param === undefined ? null : options.param,
    });
  }
}

/** "25 MiB", "512 KiB", "900 B". */
export function formatBytes(bytes: number): string {
  if (bytes >= 1 << 20) return `${+(bytes / (1 << 20)).toFixed(1)} MiB`;
  if (bytes >= 1 << 10) return `${+(bytes / (1 << 10)).toFixed(1)} KiB`;
  return `${bytes} B`;
}

/** The whole body as bytes, or PayloadTooLargeError once it passes `maxBytes`. */
export async function readBodyCapped(request: Request, maxBytes: number, tooLargeMessage: string): Promise<Uint8Array> {
  const declared = Number(request.headers.get("content-length") ?? NaN);
  const reader = request.body?.getReader();
  if (!reader) return new Uint8Array(0);

  const chunks: Uint8Array[] = [];
  let total = 0;
  let overLimit = Number.isFinite(declared) && declared > maxBytes;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) overLimit = true;
      if (overLimit) {
        chunks.length = 0; // keep reading to drain, keep nothing
        if (total > maxBytes * DRAIN_FACTOR) {
          await reader.cancel().catch(() => undefined);
          break;
        }
        continue;
      }
      chunks.push(value);
    }
  } catch (error) {
    if (overLimit) throw new PayloadTooLargeError(tooLargeMessage);
    throw new ValidationError("The request body could not be read.", { status: 400, code: "invalid_body", cause: error });
  }
  if (overLimit) throw new PayloadTooLargeError(tooLargeMessage);
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/** The media type of the request without parameters, lower case ("multipart/form-data"). */
export function mediaType(request: Request): string {
  return (request.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
}

/** Multipart bytes -> FormData, using the platform's parser on the already-capped bytes. */
export async function parseMultipart(bytes: Uint8Array, contentType: string): Promise<FormData> {
  try {
    return await new Response(bytes as Uint8Array<ArrayBuffer>, { headers: { "content-type": contentType } }).formData();
  } catch (error) {
    throw new ValidationError("The multipart/form-data body could not be parsed.", {
      status: 400,
      code: "invalid_multipart",
      cause: error,
    });
  }
}

export function parseJson(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch (error) {
    throw new ValidationError("The request body must be JSON.", { status: 400, code: "invalid_json", cause: error });
  }
}

/**
 * A base64 `data:` URI -> bytes. Only base64 payloads are accepted: audio in percent-encoding would be
 * three times larger and nobody sends it.
 */
export function decodeDataUri(uri: string, param: string): Uint8Array {
  const match = /^data:([^,;]*)((?:;[^,;=]+=[^,;]*)*);base64,(.*)$/is.exec(uri.trim());
  if (!match) {
    throw new ValidationError(`${param} must be a base64 data URI such as data:audio/wav;base64,UklGR...`, {
      status: 400,
      param,
      code: "invalid_data_uri",
    });
  }
  const payload = match[3]!.replace(/\s+/g, "");
  // Buffer.from skips characters outside the alphabet silently; check them so garbage is not "audio".
  if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(payload)) {
    throw new ValidationError(`${param} is not valid base64.`, { status: 400, param, code: "invalid_data_uri" });
  }
  return new Uint8Array(Buffer.from(payload, "base64"));
}
