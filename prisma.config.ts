/**
 * Prisma CLI configuration. Prisma 6.19 runs offline only through its JS schema engine
 * (`engine: "js"`), which needs a driver adapter; the provider, schema file and migration folder all
 * follow DATABASE_URL, read the same way as the app reads it (Next's .env files included).
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import nextEnv from "@next/env";
import { defineConfig } from "prisma/config";
import { cliAdapter } from "./prisma/cli-adapters";
import { DEFAULT_DATABASE_URL, databaseTarget, ensureSqliteFolder } from "./lib/db/target";

const root = path.dirname(fileURLToPath(import.meta.url));
nextEnv.loadEnvConfig(root, process.env.NODE_ENV !== "production", { info: () => {}, error: console.error });

// Tooling reads DATABASE_URL directly: lib/env is server-only and cannot load here.
const target = databaseTarget(process.env.DATABASE_URL || DEFAULT_DATABASE_URL, root);
ensureSqliteFolder(target);

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join(root, "prisma", target.provider, "schema.prisma"),
  migrations: {
    path: path.join(root, "prisma", target.provider, "migrations"),
    seed: "npm run --silent db:seed",
  },
  adapter: async () => cliAdapter(target),
});
