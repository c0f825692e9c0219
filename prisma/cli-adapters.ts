/**
 * Driver adapters for the Prisma CLI only (migrate, diff, deploy), never for the app. Prisma 6.19's
 * JS schema engine talks to the database through the same adapters the app uses, and three bugs in
 * them break migrations; each wrapper below mends one without touching the runtime path.
 *
 * 1. SQLite: the shadow-database replay sends a whole migration file (many statements, no parameters)
 *    through `executeRaw`, and better-sqlite3's `prepare` runs only its first statement (P3006 later).
 *    Parameterless multi-statement SQL goes to `executeScript` instead.
 * 2. PostgreSQL: adapter-pg cannot map catalog columns typed `name` / `"char"` (prisma/orm#27403),
 *    which the engine's introspection queries return. The pg client relabels them as text, which is
 *    exactly how pg already parsed their values.
 * 3. PostgreSQL: adapter-pg's shadow database reuses `connectionString`, which overrides the database
 *    it meant to switch to, so the "shadow" is the main database; and it drops the shadow database
 *    while its pool still holds connections. We create, connect to and drop the shadow ourselves.
 */
import { randomUUID } from "node:crypto";
import type {
  SqlDriverAdapter,
  SqlMigrationAwareDriverAdapterFactory,
  SqlQuery,
} from "@prisma/driver-adapter-utils";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import type { DatabaseTarget } from "../lib/db/target";

export function cliAdapter(target: DatabaseTarget): SqlMigrationAwareDriverAdapterFactory {
  return target.provider === "sqlite" ? sqliteCliAdapter(target.url) : postgresCliAdapter(target.url);
}

// --- SQLite ----------------------------------------------------------------------------------------

function sqliteCliAdapter(url: string): SqlMigrationAwareDriverAdapterFactory {
  const base = new PrismaBetterSQLite3({ url });
  return {
    provider: base.provider,
    adapterName: base.adapterName,
    connect: async () => runScriptsWhole(await base.connect()),
    connectToShadowDb: async () => runScriptsWhole(await base.connectToShadowDb()),
  };
}

/** True when `sql` holds more than one statement: a `;` followed by anything but blanks and comments. */
export function isMultiStatement(sql: string): boolean {
  const withoutComments = sql.replace(/--[^\n]*/g, "").replace(/\/\*[\s\S]*?\*\//g, "");
  const statements = withoutComments.split(";").filter((part) => part.trim() !== "");
  return statements.length > 1;
}

function runScriptsWhole(adapter: SqlDriverAdapter): SqlDriverAdapter {
  const executeRaw = adapter.executeRaw.bind(adapter);
  adapter.executeRaw = async (query: SqlQuery) => {
    if (query.args.length === 0 && isMultiStatement(query.sql)) {
      await adapter.executeScript(query.sql);
      return 0;
    }
    return executeRaw(query);
  };
  return adapter;
}

// --- PostgreSQL ------------------------------------------------------------------------------------

const PG_TEXT = 25;
const PG_TEXT_ARRAY = 1009;
/** Catalog types adapter-pg rejects, mapped to the text types it accepts. */
const relabelled = new Map<number, number>([
  [18, PG_TEXT], // "char"
  [19, PG_TEXT], // name
  [1003, PG_TEXT_ARRAY], // name[]
]);

function relabelFields<T>(result: T): T {
  const fields = (result as { fields?: { dataTypeID: number }[] } | undefined)?.fields;
  for (const field of fields ?? []) field.dataTypeID = relabelled.get(field.dataTypeID) ?? field.dataTypeID;
  return result;
}

/** A pg client whose query results never carry `name` / `"char"` column types (bug 2 above). */
class CatalogTextClient extends pg.Client {
  // pg's `query` has many overloads (promise, callback, submittable); this forwards all of them.
  override query(...args: unknown[]): never {
    const forward = super.query as (...a: unknown[]) => unknown;
    const last = args.at(-1);
    if (typeof last === "function") {
      const callback = last as (err: unknown, res: unknown) => void;
      return forward.apply(this, [
        ...args.slice(0, -1),
        (err: unknown, res: unknown) => callback(err, err ? res : relabelFields(res)),
      ]) as never;
    }
    const result = forward.apply(this, args);
    return (result instanceof Promise ? result.then(relabelFields) : result) as never;
  }
}

function pgFactory(url: string): PrismaPg {
  return new PrismaPg(new pg.Pool({ connectionString: url, Client: CatalogTextClient }), {
    disposeExternalPool: true,
  });
}

function postgresCliAdapter(url: string): SqlMigrationAwareDriverAdapterFactory {
  const base = pgFactory(url);
  return {
    provider: base.provider,
    adapterName: base.adapterName,
    connect: () => base.connect(),
    async connectToShadowDb() {
      const admin = await pgFactory(url).connect();
      const name = `prisma_shadow_${randomUUID().replaceAll("-", "")}`;
      await admin.executeScript(`CREATE DATABASE "${name}"`);
      const shadowUrl = new URL(url);
      shadowUrl.pathname = `/${name}`;
      const shadow = await pgFactory(shadowUrl.toString()).connect();
      const disposeShadow = shadow.dispose.bind(shadow);
      // Close the shadow's own pool first: PostgreSQL refuses to drop a database that has sessions.
      shadow.dispose = async () => {
        await disposeShadow();
        try {
          await admin.executeScript(`DROP DATABASE IF EXISTS "${name}"`);
        } finally {
          await admin.dispose();
        }
      };
      return shadow;
    },
  };
}
