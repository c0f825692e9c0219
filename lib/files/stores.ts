import "server-only";
import path from "node:path";
import { env } from "@/lib/env";
import { UnavailableError } from "@/lib/errors";
import { databaseStore } from "./db-store";
import { localDiskStore } from "./local-store";
import { s3Store } from "./s3-store";
import { STORAGE_BACKENDS, type FileStore, type StorageBackend } from "./store";

/** The backend new files go to: FILE_STORE, else `db` for a pg-boss cluster and `local` otherwise. */
export function writeBackend(): StorageBackend {
  return env.FILE_STORE ?? (env.QUEUE_BACKEND === "pg-boss" ? "db" : "local");
}

const globalForStores = globalThis as typeof globalThis & { gigarouterFileStores?: Map<StorageBackend, FileStore> };

function create(backend: StorageBackend): FileStore {
  switch (backend) {
    case "local":
      return localDiskStore(path.join(env.DATA_DIR, "files"));
    case "db":
      return databaseStore();
    case "s3": {
      if (!env.S3_BUCKET) {
        // Rows written while FILE_STORE was s3, read after the S3 settings were removed.
        throw new UnavailableError("This file is kept in an S3 bucket, but S3 storage is not configured (S3_BUCKET) on this server.", { code: "storage_unavailable" });
      }
      return s3Store({
        bucket: env.S3_BUCKET,
        region: env.S3_REGION,
        endpoint: env.S3_ENDPOINT,
        credentials: env.S3_ACCESS_KEY_ID && env.S3_SECRET_ACCESS_KEY ? { accessKeyId: env.S3_ACCESS_KEY_ID, secretAccessKey: env.S3_SECRET_ACCESS_KEY } : undefined,
        forcePathStyle: env.S3_FORCE_PATH_STYLE,
        prefix: env.S3_PREFIX,
      });
    }
  }
}

/** The store that holds a row's bytes (its `backend`), made once per process. */
export function storeFor(backend: string): FileStore {
  if (!(STORAGE_BACKENDS as readonly string[]).includes(backend)) {
    throw new UnavailableError(`A stored file names an unknown storage backend "${backend}".`, { code: "storage_unavailable" });
  }
  const stores = (globalForStores.gigarouterFileStores ??= new Map());
  let store = stores.get(backend as StorageBackend);
  if (!store) {
    store = create(backend as StorageBackend);
    stores.set(store.backend, store);
  }
  return store;
}

/** The store new files are written to. */
export function writeStore(): FileStore {
  return storeFor(writeBackend());
}
