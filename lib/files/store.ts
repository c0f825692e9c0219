/**
 * Where stored files' bytes live. A backend does three things with keys that are ours (random ids,
 * never a caller's text); which backend holds a file is written on its row, so every read and delete
 * goes to the store that has the bytes, whatever FILE_STORE says today.
 *
 *   local  a folder on this machine's disk (DATA_DIR/files): one process, or processes sharing a disk
 *   db     a table in the database: every process that shares the database, no extra service
 *   s3     an S3-compatible bucket (AWS S3, MinIO, R2, ...): large volumes, many processes
 */
export type StorageBackend = "local" | "db" | "s3";

export const STORAGE_BACKENDS: readonly StorageBackend[] = ["local", "db", "s3"];

export interface FileStore {
  readonly backend: StorageBackend;
  /** Writes all the bytes or none: a reader never sees part of a file. */
  put(key: string, bytes: Uint8Array): Promise<void>;
  /** The bytes; MissingBytesError when the key holds nothing, UnavailableError when the store cannot be reached. */
  get(key: string): Promise<Uint8Array>;
  /** Removes the bytes; a key that holds nothing is not an error. */
  delete(key: string): Promise<void>;
}

/** The store was reached and holds nothing under this key (as opposed to: the store is down). */
export class MissingBytesError extends Error {
  constructor(key: string, options?: { cause?: unknown }) {
    super(`no bytes stored under "${key}"`, options);
    this.name = "MissingBytesError";
  }
}

/** Keys are ours (random ids), never a caller's text; the check is a second line of defence. */
export function safeKey(key: string): string {
  if (!/^[A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+)*$/.test(key)) throw new Error(`invalid storage key "${key}"`);
  return key;
}
