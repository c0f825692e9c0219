import "server-only";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { NotFoundError } from "@/lib/errors";
import { localDiskStore, type FileStore } from "./store";

/**
 * gigarouter's own file storage: audio that callers upload (to name as `audio_url`) and the audio of
 * every queued job (so a job can run again after a restart without asking the caller for anything).
 *
 * A file is a row in `stored_files` plus its bytes in the store (local disk under DATA_DIR/files).
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

const globalForFiles = globalThis as typeof globalThis & { gigarouterFileStore?: FileStore };

function store(): FileStore {
  globalForFiles.gigarouterFileStore ??= localDiskStore(path.join(env.DATA_DIR, "files"));
  return globalForFiles.gigarouterFileStore;
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

/** Stores bytes and their row; the bytes are written first, so a row always has its bytes. */
export async function saveFile(input: SaveFileInput): Promise<StoredFileView> {
  const id = randomId(16);
  const storageKey = `${id.slice(0, 2)}/${id}`;
  await store().put(storageKey, input.bytes);
  const row = await db.storedFile.create({
    data: {
      id,
      userId: input.userId,
      purpose: input.purpose,
      fileName: cleanFileName(input.fileName),
      contentType: input.contentType || "application/octet-stream",
      sizeBytes: input.bytes.byteLength,
      backend: store().backend,
      storageKey,
      uploadedAt: new Date(),
    },
  });
  return toView(row);
}

/** The file's row and bytes; NotFoundError when there is no such file or its bytes never arrived. */
export async function readStoredFile(id: string, purpose?: FilePurpose): Promise<{ file: StoredFileView; bytes: Uint8Array }> {
  const row = await db.storedFile.findUnique({ where: { id } });
  if (!row || !row.uploadedAt || (purpose && row.purpose !== purpose)) {
    throw new NotFoundError("There is no such file.", { code: "file_not_found" });
  }
  try {
    return { file: toView(row), bytes: await store().get(row.storageKey) };
  } catch (error) {
    throw new NotFoundError("The file's contents are gone.", { code: "file_not_found", cause: error });
  }
}

/** Removes a file's bytes and row (a no-op when it is already gone). */
export async function deleteStoredFile(id: string): Promise<void> {
  const row = await db.storedFile.findUnique({ where: { id } });
  if (!row) return;
  await store().delete(row.storageKey);
  await db.storedFile.deleteMany({ where: { id } });
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
      backend: store().backend,
      storageKey: `${id.slice(0, 2)}/${id}`,
      uploadToken: token,
    },
  });
  return { file: toView(row), uploadUrl: new URL(`/api/files/upload/${token}`, env.PUBLIC_URL).toString() };
}

/** Stores the bytes of an initiated upload. The token works once: after this the URL is dead. */
export async function completeUpload(token: string, bytes: Uint8Array): Promise<StoredFileView> {
  const row = await db.storedFile.findUnique({ where: { uploadToken: token } });
  if (!row || row.uploadedAt) throw new NotFoundError("This upload URL is unknown or was already used.", { code: "upload_not_found" });
  // Only the request that retires the token writes: a concurrent PUT with the same URL finds it gone.
  const uploadedAt = new Date();
  const claimed = await db.storedFile.updateMany({
    where: { id: row.id, uploadToken: token, uploadedAt: null },
    data: { uploadToken: null, uploadedAt, sizeBytes: bytes.byteLength },
  });
  if (claimed.count === 0) throw new NotFoundError("This upload URL was already used.", { code: "upload_not_found" });
  try {
    await store().put(row.storageKey, bytes);
  } catch (error) {
    await db.storedFile.deleteMany({ where: { id: row.id } });
    throw error;
  }
  return toView({ ...row, uploadToken: null, uploadedAt, sizeBytes: bytes.byteLength });
}
