import { mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { UnavailableError } from "@/lib/errors";
import { MissingBytesError, safeKey, type FileStore } from "./store";

/** Bytes as files under `root` (DATA_DIR/files): right for one machine, wrong for a cluster. */
export function localDiskStore(root: string): FileStore {
  const pathOf = (key: string) => path.join(root, ...safeKey(key).split("/"));
  const unavailable = (error: unknown) => new UnavailableError("File storage (local disk) failed; try again shortly.", { code: "storage_unavailable", cause: error });
  return {
    backend: "local",
    async put(key, bytes) {
      const target = pathOf(key);
      // Written aside and renamed, so a reader never sees half a file (a crash leaves only the aside, which delete removes).
      const temporary = `${target}.${process.pid}.tmp`;
      try {
        await mkdir(path.dirname(target), { recursive: true });
        await writeFile(temporary, bytes);
        await rename(temporary, target);
      } catch (error) {
        await rm(temporary, { force: true }).catch(() => undefined);
        throw unavailable(error);
      }
    },
    async get(key) {
      try {
        return new Uint8Array(await readFile(pathOf(key)));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") throw new MissingBytesError(key, { cause: error });
        throw unavailable(error);
      }
    },
    async delete(key) {
      const target = pathOf(key);
      try {
        await rm(target, { force: true });
        // Half-written copies that a crash left beside it (`<name>.<pid>.tmp`).
        const folder = path.dirname(target);
        const aside = new RegExp(`^${path.basename(target)}\\.\\d+\\.tmp$`);
        const names = await readdir(folder).catch((error: NodeJS.ErrnoException) => {
          if (error.code === "ENOENT") return [];
          throw error;
        });
        for (const name of names) if (aside.test(name)) await rm(path.join(folder, name), { force: true });
      } catch (error) {
        throw unavailable(error);
      }
    },
  };
}
