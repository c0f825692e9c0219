import "server-only";
import { authenticateRequest, enforceKeyRateLimit } from "@/lib/api-keys";
import { env } from "@/lib/env";
import { NotFoundError } from "@/lib/errors";
import { isAudioMediaType } from "@/lib/fetch-url";
import { cleanFileName, completeUpload, deleteUpload, initiateUpload, readStoredFile, saveFile, type StoredFileView } from "@/lib/files";
import { formatBytes, mediaType, parseJson, parseMultipart, PayloadTooLargeError, readBodyCapped, UnsupportedMediaTypeError } from "@/lib/openai/body";
import { falErrorResponse } from "./errors";

/**
 * gigarouter's file storage over HTTP (lib/files holds the files):
 *
 *   POST /api/files                       one request: multipart `file`, or the raw bytes with their
 *                                         Content-Type (name in `X-File-Name`) -> {url, ...}
 *   POST /api/files/upload/initiate       fal's storage protocol, step 1: {content_type, file_name}
 *                                         -> {file_url, upload_url}
 *   PUT  /api/files/upload/{token}        step 2: the bytes, to the secret upload_url (no key needed)
 *   GET  /api/files/{id}                  the file, to anyone with the URL
 *   DELETE /api/files/{id}                the uploader's key removes it (bytes and row) -> 204
 *
 * Uploads need an API key, count against its rate limit, are audio only (the storage holds inputs for
 * transcription, not arbitrary files) and at most API_MAX_AUDIO_BYTES. When the file store cannot be
 * reached, uploads and reads answer 503 storage_unavailable and change nothing; a DELETE is taken (204,
 * the file is gone from view at once) and the file sweep removes the bytes once the store is back.
 */

function uploadBody(file: StoredFileView) {
  return { url: file.url, file_url: file.url, file_name: file.fileName, content_type: file.contentType, file_size: file.sizeBytes };
}

function checkAudioType(contentType: string): void {
  if (!isAudioMediaType(contentType)) {
    throw new UnsupportedMediaTypeError(`${contentType} is not audio. gigarouter's storage holds audio for transcription requests (WAV, FLAC, MP3, OGG, WebM, M4A).`, {
      code: "unsupported_file_type",
    });
  }
}

const tooLarge = () => `Files are limited to ${formatBytes(env.API_MAX_AUDIO_BYTES)}.`;

export async function handleUpload(request: Request): Promise<Response> {
  try {
    const key = await authenticateRequest(request);
    await enforceKeyRateLimit(key);
    const type = mediaType(request);
    let bytes: Uint8Array;
    let fileName: string;
    let contentType: string;
    if (type === "multipart/form-data") {
      const body = await readBodyCapped(request, env.API_MAX_AUDIO_BYTES + (1 << 20), tooLarge());
      const form = await parseMultipart(body, request.headers.get("content-type") ?? type);
      const file = form.get("file");
      if (!(file instanceof Blob)) throw new UnsupportedMediaTypeError("Send the file in a multipart field named `file`.", { code: "missing_file", param: "file" });
      bytes = new Uint8Array(await file.arrayBuffer());
      fileName = cleanFileName(file instanceof File ? file.name : null);
      contentType = (file.type || "application/octet-stream").split(";")[0]!.toLowerCase();
      if (bytes.byteLength > env.API_MAX_AUDIO_BYTES) throw new PayloadTooLargeError(tooLarge());
    } else {
      contentType = type || "application/octet-stream";
      checkAudioType(contentType); // before reading: a wrong type is refused without taking the upload
      bytes = await readBodyCapped(request, env.API_MAX_AUDIO_BYTES, tooLarge());
      fileName = cleanFileName(request.headers.get("x-file-name"));
    }
    checkAudioType(contentType);
    if (bytes.byteLength === 0) throw new UnsupportedMediaTypeError("The file is empty.", { code: "empty_file" });
    const file = await saveFile({ userId: key.userId, purpose: "upload", fileName, contentType, bytes });
    return Response.json(uploadBody(file), { status: 201 });
  } catch (error) {
    return falErrorResponse(error);
  }
}

export async function handleInitiateUpload(request: Request): Promise<Response> {
  try {
    const key = await authenticateRequest(request);
    await enforceKeyRateLimit(key);
    const body = parseJson(await readBodyCapped(request, 64 * 1024, "The request body is too large.")) as { content_type?: unknown; file_name?: unknown };
    const contentType = typeof body.content_type === "string" && body.content_type ? body.content_type.split(";")[0]!.trim().toLowerCase() : "application/octet-stream";
    checkAudioType(contentType);
    const upload = await initiateUpload({ userId: key.userId, contentType, fileName: typeof body.file_name === "string" ? body.file_name : "audio" });
    return Response.json({ file_url: upload.file.url, upload_url: upload.uploadUrl });
  } catch (error) {
    return falErrorResponse(error);
  }
}

export async function handleUploadBytes(request: Request, token: string): Promise<Response> {
  try {
    const bytes = await readBodyCapped(request, env.API_MAX_AUDIO_BYTES, tooLarge());
    const file = await completeUpload(token, bytes);
    return Response.json(uploadBody(file));
  } catch (error) {
    return falErrorResponse(error);
  }
}

const validId = (id: string) => /^[A-Za-z0-9_-]{16,64}$/.test(id);

export async function handleDelete(request: Request, id: string): Promise<Response> {
  try {
    const key = await authenticateRequest(request);
    await enforceKeyRateLimit(key);
    if (!validId(id)) throw new NotFoundError("There is no such file.", { code: "file_not_found" });
    await deleteUpload(id, key.userId);
    return new Response(null, { status: 204 });
  } catch (error) {
    return falErrorResponse(error);
  }
}

export async function handleDownload(id: string): Promise<Response> {
  try {
    if (!validId(id)) throw new NotFoundError("There is no such file.", { code: "file_not_found" });
    const { file, bytes } = await readStoredFile(id, "upload");
    return new Response(bytes as Uint8Array<ArrayBuffer>, {
      headers: {
        "content-type": file.contentType,
        "content-length": String(bytes.byteLength),
        "content-disposition": `inline; filename="${file.fileName}"`,
        "cache-control": "private, max-age=86400",
        "x-content-type-options": "nosniff",
      },
    });
  } catch (error) {
    return falErrorResponse(error);
  }
}
