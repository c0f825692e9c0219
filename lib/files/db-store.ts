import "server-only";
import { db } from "@/lib/db";
import { MissingBytesError, safeKey, type FileStore } from "./store";

/**
 * Bytes in the `stored_file_blobs` table: every web instance and worker that shares the database
 * shares the files, with no disk or bucket to run. Files are at most API_MAX_AUDIO_BYTES (25 MiB by
 * default), well inside what a SQLite BLOB or a PostgreSQL bytea holds. A database that is down
 * surfaces as lib/errors' database_unavailable (503).
 */
export function databaseStore(): FileStore {
  return {
    backend: "db",
    async put(key, bytes) {
      // An upsert, so a retried write after a lost answer is harmless.
      const data = new Uint8Array(bytes) as Uint8Array<ArrayBuffer>;
      await db.storedFileBlob.upsert({ where: { key: safeKey(key) }, create: { key, bytes: data }, update: { bytes: data } });
    },
    async get(key) {
      const row = await db.storedFileBlob.findUnique({ where: { key: safeKey(key) } });
      if (!row) throw new MissingBytesError(key);
      return new Uint8Array(row.bytes);
    },
    async delete(key) {
      await db.storedFileBlob.deleteMany({ where: { key: safeKey(key) } });
    },
  };
}
