import "server-only";
import { createServer, type Server } from "node:http";
import { pingDatabase } from "@/lib/db";
import { engineStatus } from "@/lib/engine";
import { env } from "@/lib/env";
import { pingQueue, publicReason, withinMs } from "./health";

/**
 * `npm run worker`'s health endpoint (WORKER_HEALTH_PORT): a worker has no HTTP API, but an orchestrator
 * still needs to know it is alive and can reach its work. GET (any path) answers 200 when PostgreSQL
 * and pg-boss both answer, else 503; the body names the worker, its models, the engine's provider
 * (with `cpuFallback` when CUDA was asked for and is missing) and what failed.
 */
export function serveWorkerHealth(worker: { id: string; models: string[] }): Promise<Server> {
  const server = createServer((request, response) => {
    void report(worker).then((body) => {
      response.writeHead(body.status === "ok" ? 200 : 503, { "content-type": "application/json", "cache-control": "no-store" });
      response.end(JSON.stringify(body));
    });
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(env.WORKER_HEALTH_PORT, env.WORKER_HEALTH_HOST, () => resolve(server));
  });
}

async function check(work: () => Promise<unknown>): Promise<{ ok: boolean; error?: string }> {
  try {
    await withinMs(work());
    return { ok: true };
  } catch (error) {
    return { ok: false, error: publicReason(error) };
  }
}

async function report(worker: { id: string; models: string[] }) {
  const [database, queue] = await Promise.all([check(pingDatabase), check(pingQueue)]);
  const engine = engineStatus();
  return {
    status: database.ok && queue.ok ? ("ok" as const) : ("error" as const),
    worker: worker.id,
    models: worker.models,
    database,
    queue,
    engine: { requestedProvider: engine.requestedProvider, running: engine.running, queueDepth: engine.queueDepth, models: engine.models },
  };
}
