import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";

/**
 * Where stored files' bytes live. One implementation today: a folder on local disk (DATA_DIR/files).
 *
 * An S3-compatible bucket is the intended second backend (same three operations, `backend: "s3"` in
 * the row). It is not written yet: no S3-compatible server can be run on the machines this project is
 * built and tested on, and a backend that was never run against one would be a guess. Until then the
 * interface stays this narrow so adding it touches this file and the factory only.
 */
export interface FileStore {
  readonly backend: "local";
  put(key: string, bytes: Uint8Array): Promise<void>;
  get(key: string): Promise<Uint8Array>;
  delete(key: string): Promise<void>;
}

/** Keys are ours (random ids), never a caller's text; the check is a second line of defence. */
function safeKey(key: string): string {
  if (!/^[A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+)*$/.test(key)) throw new Error(`invalid storage key "${key}"`);
  return key;
}

export function localDiskStore(root: string): FileStore {
  const pathOf = (key: string) => path.join(root, ...safeKey(key).split("/"));
  return {
    backend: "local",
    async put(key, bytes) {
      const target = pathOf(key);
      await mkdir(path.dirname(target), { recursive: true });
      // Written aside and renamed, so a reader never sees half a file (and a crash leaves none).
      const temporary = `${target}.${process.pid}.tmp`;
      await writeFile(temporary, bytes);
      await rename(temporary, target);
    },
    async get(key) {
      return new Uint8Array(await readFile(pathOf(key)));
    },
    async delete(key) {
      await rm(pathOf(key), { force: true });
    },
  };
}
