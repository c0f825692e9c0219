import "server-only";
import { randomBytes } from "node:crypto";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { NotFoundError } from "@/lib/errors";
import { removeClaimed } from "./removal";
import { MissingBytesError } from "./store";
import { storeFor, writeBackend, writeStore } from "./stores";

export { startFileSweep, sweepFiles, type FileSweepOptions, type FileSweepResult } from "./sweep";

/**
 * gigarouter's own file storage: audio that callers upload (to name as `audio_url`) and the audio of
 * every queued job (so a job can run again after a restart without asking the caller for anything).
 *
 * A file is a row in `stored_files` plus its bytes in a store (lib/files/stores: local disk, the
 * database or an S3 bucket, chosen by FILE_STORE). The row names its store, so files written before a
 * change of FILE_STORE are still read from, and deleted in, the store that has them.
 * Uploads are served at `<PUBLIC_URL>/api/files/<id>` to anyone who has the URL: the id is 128 random
 * bits, so the URL is the capability (as with fal's storage URLs). Job audio is never served.
 */

export type FilePurpose = "upload" | "job-audio";

export interface StoredFileView {
  id: string;
  purpose: FilePurpose;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  /** Public URL for uploads; null for job audio. */
  url: string | null;
  createdAt: Date;
}

function randomId(bytes: number): string {
  return randomBytes(bytes).toString("base64url");
}

/** The path an upload is served at. */
export function fileUrl(id: string): string {
  return new URL(`/api/files/${id}`, env.PUBLIC_URL).toString();
}

/**
 * The id of one of our own uploads when `url` is a URL we handed out (same origin as PUBLIC_URL,
 * path /api/files/<id>), else null. Such URLs are read from storage directly, never fetched over HTTP.
 */
export function ownFileId(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.origin !== new URL(env.PUBLIC_URL).origin) return null;
  const match = /^\/api\/files\/([A-Za-z0-9_-]{16,64})\/?$/.exec(parsed.pathname);
  return match ? match[1]! : null;
}

/** A safe display name: no path, no control characters, at most 200 characters. */
export function cleanFileName(name: string | null | undefined, fallback = "audio"): string {
  const base = (name ?? "").split(/[\\/]/).pop() ?? "";
  const cleaned = base.replace(/[\u0000-\u001f\u007f"]/g, "").trim().slice(0, 200);
  return cleaned || fallback;
}

type StoredFileRow = NonNullable<Awaited<ReturnType<typeof db.storedFile.findUnique>>>;

function toView(row: StoredFileRow): StoredFileView {
  const purpose: FilePurpose = row.purpose === "upload" ? "upload" : "job-audio";
  return {
    id: row.id,
    purpose,
    fileName: row.fileName,
    contentType: row.contentType,
    sizeBytes: row.sizeBytes,
    url: purpose === "upload" ? fileUrl(row.id) : null,
    createdAt: row.createdAt,
  };
}

export interface SaveFileInput {
  userId: string | null;
  purpose: FilePurpose;
  fileName: string;
  contentType: string;
  bytes: Uint8Array;
}

/**
 * Stores bytes and their row. The bytes are written first, so a row always has its bytes; a store
 * that fails (UnavailableError, 503) leaves no row, and a row that cannot be written takes its bytes away.
 */
export async function saveFile(input: SaveFileInput): Promise<StoredFileView> {
  const id = randomId(16);
  const storageKey = `${id.slice(0, 2)}/${id}`;
  const store = writeStore();
  await store.put(storageKey, input.bytes);
  try {
    const row = await db.storedFile.create({
      data: {
        id,
        userId: input.userId,
        purpose: input.purpose,
        fileName: cleanFileName(input.fileName),
        contentType: input.contentType || "application/octet-stream",
        sizeBytes: input.bytes.byteLength,
        backend: store.backend,
        storageKey,
        uploadedAt: new Date(),
      },
    });
    return toView(row);
  } catch (error) {
    await store.delete(storageKey).catch(() => undefined);
    throw error;
  }
}

/**
 * The file's row and bytes, from the store its row names. NotFoundError when there is no such file or
 * its bytes never arrived; UnavailableError (503, retryable) when that store cannot be reached.
 */
export async function readStoredFile(id: string, purpose?: FilePurpose): Promise<{ file: StoredFileView; bytes: Uint8Array }> {
  const row = await db.storedFile.findUnique({ where: { id } });
  if (!row || !row.uploadedAt || row.deleteRequestedAt || (purpose && row.purpose !== purpose)) {
    throw new NotFoundError("There is no such file.", { code: "file_not_found" });
  }
  try {
    return { file: toView(row), bytes: await storeFor(row.backend).get(row.storageKey) };
  } catch (error) {
    if (error instanceof MissingBytesError) throw new NotFoundError("The file's contents are gone.", { code: "file_not_found", cause: error });
    throw error;
  }
}

/** `deleted`: bytes and row are gone. `deferred`: the file is hidden and the file sweep removes it once its store answers. */
export type DeleteOutcome = "deleted" | "deferred";

/**
 * Deletes a file (a no-op when it is already gone or being deleted). It is first marked in the
 * database, which hides it at once; then its bytes and row are removed. When the store cannot be
 * reached the mark stays and the file sweep (./sweep.ts) retries until the store answers, so a delete
 * is never lost to an outage. Throws only when the mark itself cannot be written (the database is
 * down): then nothing changed.
 */
export async function deleteStoredFile(id: string): Promise<DeleteOutcome> {
  const row = await db.storedFile.findUnique({ where: { id } });
  if (!row) return "deleted";
  const claimedAt = new Date();
  // Retiring a pending upload's token too: its PUT URL dies with the file.
  const marked = await db.storedFile.updateMany({ where: { id, deleteRequestedAt: null }, data: { deleteRequestedAt: claimedAt, uploadToken: null } });
  if (marked.count === 0) return "deleted";
  try {
    await removeClaimed({ id, backend: row.backend, storageKey: row.storageKey, claimedAt });
    return "deleted";
  } catch (error) {
    console.warn(`[files] ${id}: bytes not deleted yet, the file sweep retries:`, error instanceof Error ? error.message : error);
    return "deferred";
  }
}

/**
 * Deletes one of `userId`'s uploads; NotFoundError for anyone else's file (its existence is not told)
 * and for one already deleted. To its owner a deferred delete is done: the file is no longer served.
 */
export async function deleteUpload(id: string, userId: string): Promise<DeleteOutcome> {
  const row = await db.storedFile.findUnique({ where: { id } });
  if (!row || row.purpose !== "upload" || row.userId !== userId || row.deleteRequestedAt) {
    throw new NotFoundError("There is no such file.", { code: "file_not_found" });
  }
  return deleteStoredFile(id);
}

// --- fal's two-step upload: initiate (authenticated) -> PUT the bytes to a secret URL ---------------

export interface InitiatedUpload {
  file: StoredFileView;
  /** Where to PUT the bytes; the token in it is the only credential that request needs. */
  uploadUrl: string;
}

export async function initiateUpload(input: { userId: string; fileName: string; contentType: string }): Promise<InitiatedUpload> {
  const id = randomId(16);
  const token = randomId(32);
  const row = await db.storedFile.create({
    data: {
      id,
      userId: input.userId,
      purpose: "upload",
      fileName: cleanFileName(input.fileName),
      contentType: input.contentType || "application/octet-stream",
      backend: writeBackend(),
      storageKey: `${id.slice(0, 2)}/${id}`,
      uploadToken: token,
    },
  });
  return { file: toView(row), uploadUrl: new URL(`/api/files/upload/${token}`, env.PUBLIC_URL).toString() };
}

/**
 * Stores the bytes of an initiated upload, in the store named when it was initiated. The token works
 * once: after this the URL is dead. When the store fails, the token is given back, so the same URL
 * can be retried, and the file stays unserved (404) until its bytes arrive. An upload still without
 * its bytes after FILE_SWEEP_PENDING_HOURS is removed by the file sweep, and its URL with it.
 */
export async function completeUpload(token: string, bytes: Uint8Array): Promise<StoredFileView> {
  const row = await db.storedFile.findUnique({ where: { uploadToken: token } });
  if (!row || row.uploadedAt || row.deleteRequestedAt) throw new NotFoundError("This upload URL is unknown or was already used.", { code: "upload_not_found" });
  // Only the request that retires the token writes: a concurrent PUT with the same URL finds it gone.
  // The row stays pending (no uploadedAt) until the bytes are stored, so a PUT cut off by a crash
  // leaves an abandoned upload for the sweep, not a row that claims bytes it never got.
  const pending = { id: row.id, uploadedAt: null, deleteRequestedAt: null };
  const claimed = await db.storedFile.updateMany({ where: { ...pending, uploadToken: token }, data: { uploadToken: null } });
  if (claimed.count === 0) throw new NotFoundError("This upload URL was already used.", { code: "upload_not_found" });
  try {
    await storeFor(row.backend).put(row.storageKey, bytes);
  } catch (error) {
    await db.storedFile.updateMany({ where: { ...pending, uploadToken: null }, data: { uploadToken: token } }).catch(() => undefined);
    throw error;
  }
  const uploadedAt = new Date();
  const done = await db.storedFile.updateMany({ where: pending, data: { uploadedAt, sizeBytes: bytes.byteLength } });
  if (done.count === 0) {
    // Deleted (by its owner, or the sweep) while the bytes were on their way: they must not stay behind.
    await storeFor(row.backend).delete(row.storageKey).catch(() => undefined);
    throw new NotFoundError("This file was deleted while it was being uploaded.", { code: "upload_not_found" });
  }
  return toView({ ...row, uploadToken: null, uploadedAt, sizeBytes: bytes.byteLength });
}
