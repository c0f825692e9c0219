import { mkdirSync } from "node:fs";
import path from "node:path";

/**
 * Which database a `DATABASE_URL` points at. Shared by the app (`lib/db`), the Prisma CLI config and
 * the scripts, so all three agree on the provider and on where a relative SQLite path lands.
 * Deliberately free of `server-only` and of `lib/env`: the Prisma CLI and tsx scripts load it too.
 */
export type DatabaseTarget =
  | { provider: "sqlite"; /** Absolute path of the database file. */ file: string; url: string }
  | { provider: "postgresql"; url: string };

export type DatabaseProvider = DatabaseTarget["provider"];

export const DEFAULT_DATABASE_URL = "file:./data/gigarouter.db";

/** `file:` URLs are SQLite; `postgres://` and `postgresql://` are PostgreSQL; nothing else is accepted. */
export function databaseTarget(databaseUrl: string, root: string): DatabaseTarget {
  if (databaseUrl.startsWith("file:")) {
    // Strip "file:" and any "//" so both file:./x.db and file:///abs/x.db work; drop query options.
    const raw = databaseUrl.slice("file:".length).replace(/^\/\/(?=\/)/, "").split("?")[0] ?? "";
    if (raw === "") throw new Error(`DATABASE_URL "${databaseUrl}" names no file`);
    const file = path.resolve(root, raw);
    return { provider: "sqlite", file, url: `file:${file}` };
  }
  if (/^postgres(ql)?:\/\//.test(databaseUrl)) return { provider: "postgresql", url: databaseUrl };
  throw new Error(
    `DATABASE_URL must start with file: (SQLite) or postgresql:// (PostgreSQL); got "${databaseUrl.split(":")[0]}:…"`,
  );
}

/** better-sqlite3 creates the file but not its folder; the default ./data is not in git. */
export function ensureSqliteFolder(target: DatabaseTarget): void {
  if (target.provider === "sqlite") mkdirSync(path.dirname(target.file), { recursive: true });
}
