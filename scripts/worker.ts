/**
 * `npm run worker`: an inference worker for a cluster (QUEUE_BACKEND=pg-boss, DATABASE_URL=postgresql://…).
 * Loads the models named by WORKER_MODELS (comma-separated ids or short names, or `all` live models)
 * with the engine's provider (ENGINE_PROVIDER=cuda on a GPU box) and takes jobs only from their queues.
 * WORKER_HEALTH_PORT: also serves GET /health (lib/queue/worker-health.ts) for an orchestrator's probes.
 * SIGTERM/SIGINT: stops taking work, lets running jobs finish (up to 30 s), exits.
 */
import { env } from "@/lib/env";
import { markInferenceWorker, stopBoss } from "@/lib/queue";
import { configuredModels, startInferenceWorker } from "@/lib/queue/worker";
import { serveWorkerHealth } from "@/lib/queue/worker-health";

// pg-boss marks a handled message complete without awaiting it, so when PostgreSQL goes away at that
// moment the failure surfaces here, not at a call site. The message then simply expires and is run
// again (its row guards against a second charge), so the worker logs it and keeps serving rather than
// dying with every other job it holds, as Node's default would have it. (Next's server does the same.)
process.on("unhandledRejection", (reason: unknown) => {
  console.error("[worker] unhandled rejection (still serving):", reason instanceof Error ? reason.message : reason);
});

async function main(): Promise<void> {
  if (env.QUEUE_BACKEND !== "pg-boss") {
    console.error("npm run worker needs QUEUE_BACKEND=pg-boss (and a postgresql:// DATABASE_URL); the embedded queue runs inside the web server.");
    process.exit(2);
  }
  markInferenceWorker();
  const models = await configuredModels();
  if (models.length === 0) {
    console.error("npm run worker: no live model to serve (WORKER_MODELS, MODELS_DIR).");
    process.exit(2);
  }
  const worker = await startInferenceWorker(models);
  const health = env.WORKER_HEALTH_PORT === undefined ? null : await serveWorkerHealth(worker);
  console.log(
    `[worker] ${worker.id} serving ${models.join(", ")} (provider ${env.ENGINE_PROVIDER}, ${env.WORKER_CONCURRENCY} at once per model)` +
      (health ? `; health on http://${env.WORKER_HEALTH_HOST}:${env.WORKER_HEALTH_PORT}/health` : ""),
  );

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`[worker] ${signal}: finishing running jobs, then exiting`);
    const force = setTimeout(() => process.exit(1), 30_000);
    force.unref();
    health?.close();
    void worker
      .stop()
      .then(() => stopBoss())
      .finally(() => process.exit(0));
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}

main().catch((error: unknown) => {
  console.error("[worker] could not start:", error);
  process.exit(1);
});
