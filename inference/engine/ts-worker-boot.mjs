// Starts the engine worker from TypeScript sources (vitest, tsx scripts), where no bundler has compiled
// worker.ts: registers tsx's loader in this thread, then imports the real entry. Never used by the built
// Next server, whose bundler compiles worker.ts itself. The specifiers come from workerData so a bundler
// that follows this file finds nothing to resolve.
import { workerData } from "node:worker_threads";

const { register } = await import(/* webpackIgnore: true */ /* turbopackIgnore: true */ workerData.bootLoader);
register();
await import(/* webpackIgnore: true */ /* turbopackIgnore: true */ workerData.bootEntry);
