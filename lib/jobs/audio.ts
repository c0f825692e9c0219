import "server-only";
import type { DecodedAudio } from "@/inference";
import type { ModelView } from "@/lib/catalog";
import { decodeAudio, maxAudioSecondsFor } from "@/lib/engine";
import { env } from "@/lib/env";
import { AppError, NotFoundError, toAppError } from "@/lib/errors";
import { fetchUrl, FetchUrlError, isAudioMediaType } from "@/lib/fetch-url";
import { ownFileId, readStoredFile } from "@/lib/files";
import { decodeDataUri, formatBytes } from "@/lib/openai/body";
import { fromEngineError } from "@/lib/openai/errors";
import { fieldError } from "@/lib/queue-api/errors";

/**
 * `audio_url` -> bytes, and bytes -> decoded audio whose length sets the price. Three kinds of URL:
 * a base64 data URI, a URL of our own storage (read from storage, never fetched over HTTP), or any
 * other http(s) URL, fetched with lib/fetch-url's protections. Every refusal is a 422 on `audio_url`.
 */

export interface ReceivedAudio {
  bytes: Uint8Array;
  contentType: string;
  fileName: string;
  source: "data_uri" | "upload" | "url";
}

function fetchRefusal(error: FetchUrlError): AppError {
  switch (error.code) {
    case "address_not_allowed":
      return fieldError("audio_url", error.message, "url_not_allowed", error);
    case "unsupported_scheme":
    case "invalid_url":
    case "credentials_in_url":
      return fieldError("audio_url", error.message, "url_scheme", error);
    case "too_large":
      return fieldError("audio_url", `The audio file is larger than the ${formatBytes(env.API_MAX_AUDIO_BYTES)} limit.`, "file_too_large", error);
    case "unsupported_content_type":
      return fieldError("audio_url", `${error.message} Send an audio file (WAV, FLAC, MP3, OGG, WebM, M4A).`, "unsupported_file_type", error);
    case "timeout":
      return fieldError("audio_url", error.message, "file_download_timeout", error);
    default:
      return fieldError("audio_url", `The audio could not be downloaded: ${error.message}`, "file_download_error", error);
  }
}

export async function receiveAudio(audioUrl: string): Promise<ReceivedAudio> {
  const url = audioUrl.trim();
  if (url.toLowerCase().startsWith("data:")) {
    let bytes: Uint8Array;
    try {
      bytes = decodeDataUri(url, "audio_url");
    } catch (error) {
      throw fieldError("audio_url", toAppError(error).message, "data_uri", error);
    }
    if (bytes.byteLength > env.API_MAX_AUDIO_BYTES) {
      throw fieldError("audio_url", `The audio file is larger than the ${formatBytes(env.API_MAX_AUDIO_BYTES)} limit.`, "file_too_large");
    }
    const contentType = /^data:([^;,]*)/i.exec(url)?.[1]?.toLowerCase() ?? "";
    if (contentType && !isAudioMediaType(contentType)) {
      throw fieldError("audio_url", `The data URI holds ${contentType}, not audio.`, "unsupported_file_type");
    }
    return { bytes, contentType, fileName: "audio", source: "data_uri" };
  }

  const own = ownFileId(url);
  if (own) {
    try {
      const { file, bytes } = await readStoredFile(own, "upload");
      return { bytes, contentType: file.contentType, fileName: file.fileName, source: "upload" };
    } catch (error) {
      // Only a missing file is the caller's mistake; a store that cannot be reached is a 503 to retry.
      if (!(error instanceof NotFoundError)) throw error;
      throw fieldError("audio_url", "There is no uploaded file at this URL.", "file_not_found", error);
    }
  }

  try {
    const file = await fetchUrl(url, {
      maxBytes: env.API_MAX_AUDIO_BYTES,
      timeoutMs: env.FETCH_URL_TIMEOUT_SECONDS * 1000,
      allowLoopback: env.ALLOW_LOOPBACK_FETCH,
      acceptContentType: isAudioMediaType,
      expected: "audio",
    });
    return { bytes: file.bytes, contentType: file.contentType, fileName: file.fileName || "audio", source: "url" };
  } catch (error) {
    if (error instanceof FetchUrlError) throw fetchRefusal(error);
    throw error;
  }
}

/** An engine failure about the input, as a 422 on the field it concerns; other failures unchanged. */
export function inputRefusal(error: unknown): unknown {
  const mapped = fromEngineError(error);
  if (!(mapped instanceof AppError) || mapped.status >= 500 || mapped.status === 404) return mapped;
  const field = mapped.param === "language" ? "language" : "audio_url";
  const type = mapped.code === "unsupported_audio_format" ? "unsupported_file_type" : (mapped.code ?? "value_error");
  return fieldError(field, mapped.message, type, error);
}

/** Decodes the audio (in the engine's decoder workers) to learn its length; 422 when it is not usable audio. */
export async function decodeForPrice(model: ModelView, bytes: Uint8Array): Promise<DecodedAudio> {
  try {
    const maxDurationSeconds = await maxAudioSecondsFor(model);
    return await decodeAudio(bytes, { maxBytes: env.API_MAX_AUDIO_BYTES, ...(maxDurationSeconds ? { maxDurationSeconds } : {}) });
  } catch (error) {
    throw inputRefusal(error);
  }
}
