import "server-only";
import { listModels } from "@/lib/catalog";
import { databaseProvider, pingDatabase } from "@/lib/db";
import { engineStatus, type EngineStatus } from "@/lib/engine";
import type { DatabaseProvider } from "@/lib/db/target";
import { queueHealth, type QueueHealth } from "@/lib/queue/health";

/** What GET /api/health reports: can we reach the database and the queue engine, and what can the engine serve. */
export interface Health {
  status: "ok" | "error";
  database: { ok: boolean; provider: DatabaseProvider; error?: string };
  queue: QueueHealth;
  engine: { liveModels: number; catalogModels: number } & EngineStatus;
}

const DATABASE_TIMEOUT_MS = 3_000;

export async function checkHealth(): Promise<Health> {
  const [database, queue, models] = await Promise.all([checkDatabase(), queueHealth(), listModels()]);
  return {
    // A web instance that cannot reach pg-boss cannot serve inference either: out of the pool with it.
    status: database.ok && queue.ok ? "ok" : "error",
    database,
    queue,
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
