import "server-only";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { env } from "@/lib/env";
import { PrismaClient as PostgresClient } from "@/prisma/generated/postgresql/client";
import { PrismaClient as SqliteClient } from "@/prisma/generated/sqlite/client";
import { databaseTarget, ensureSqliteFolder, type DatabaseProvider } from "./db/target";

/**
 * The one database client, chosen by DATABASE_URL: SQLite (a file, the default) or PostgreSQL.
 * Both generated clients come from the same models (prisma/models.prisma), so the SQLite client's
 * type stands for both; code written against it uses only what both databases support.
 * Only lib/ modules import this, and they return domain values, never rows.
 */
export type Db = SqliteClient;

interface DbHandle {
  db: Db;
  provider: DatabaseProvider;
}

function connect(databaseUrl: string): DbHandle {
  // Relative SQLite paths are resolved against the working directory, which is the repo root for
  // every npm script, `next start` and vitest.
  const target = databaseTarget(databaseUrl, process.cwd());
  if (target.provider === "sqlite") {
    ensureSqliteFolder(target);
    return { db: new SqliteClient({ adapter: new PrismaBetterSQLite3({ url: target.url }) }), provider: "sqlite" };
  }
  // Without a connect timeout, pg waits forever on an unreachable host, and so would /api/health.
  const adapter = new PrismaPg({ connectionString: target.url, connectionTimeoutMillis: 5_000 });
  return { db: new PostgresClient({ adapter }) as unknown as Db, provider: "postgresql" };
}

// One client per process and URL: Next's dev server re-evaluates modules on every edit, and each new
// client would open its own pool.
const globalForDb = globalThis as typeof globalThis & { gigarouterDb?: Map<string, DbHandle> };
const clients = (globalForDb.gigarouterDb ??= new Map());
const handle = clients.get(env.DATABASE_URL) ?? connect(env.DATABASE_URL);
clients.set(env.DATABASE_URL, handle);

export const db: Db = handle.db;
export const databaseProvider: DatabaseProvider = handle.provider;

/** Round-trips one query; throws when the database cannot be reached. */
export async function pingDatabase(): Promise<void> {
  await db.$queryRaw`SELECT 1`;
}
