import "server-only";
import { listModels } from "@/lib/catalog";
import { databaseProvider, pingDatabase } from "@/lib/db";
import { engineStatus, type EngineStatus } from "@/lib/engine";
import type { DatabaseProvider } from "@/lib/db/target";

/** What GET /api/health reports: can we reach the database, and what can the engine serve. */
export interface Health {
  status: "ok" | "error";
  database: { ok: boolean; provider: DatabaseProvider; error?: string };
  engine: { liveModels: number; catalogModels: number } & EngineStatus;
}

const DATABASE_TIMEOUT_MS = 3_000;

export async function checkHealth(): Promise<Health> {
  const [database, models] = await Promise.all([checkDatabase(), listModels()]);
  return {
    status: database.ok ? "ok" : "error",
    database,
    engine: {
      liveModels: models.filter((m) => m.status === "live").length,
      catalogModels: models.length,
      ...engineStatus(),
    },
  };
}

async function checkDatabase(): Promise<Health["database"]> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${DATABASE_TIMEOUT_MS} ms`)), DATABASE_TIMEOUT_MS);
  });
  try {
    await Promise.race([pingDatabase(), timeout]);
    return { ok: true, provider: databaseProvider };
  } catch (error) {
    // The reason, not the connection string: health output is public.
    const reason = error instanceof Error ? error.message.split("\n")[0] : "unreachable";
    return { ok: false, provider: databaseProvider, error: `database unreachable: ${reason}` };
  } finally {
    clearTimeout(timer);
  }
}
