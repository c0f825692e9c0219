import "server-only";

/**
 * The queue engine behind the jobs table, chosen by QUEUE_BACKEND:
 *
 *   embedded (default)  every server runs jobs from the queue_jobs table and the engine in-process (lib/jobs)
 *   pg-boss             web instances enqueue on pg-boss (one queue per model) and wait; `npm run worker`
 *                       processes load their models and run what arrives on those queues
 *
 *   await dispatchJob(job)                          after a queued row is written
 *   inferenceIsRemote()                             true in a pg-boss web instance: use remoteTranscribe/remoteCapabilities
 *   startInferenceWorker(await configuredModels())  scripts/worker.ts
 */
export { dispatchJob } from "./dispatch";
export { inferenceIsRemote, markInferenceWorker, usesPgBoss } from "./role";
export { remoteCapabilities, remoteTranscribe } from "./remote";
export { modelQueue, stopBoss } from "./boss";
