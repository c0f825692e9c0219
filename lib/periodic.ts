import "server-only";

const globalForTasks = globalThis as typeof globalThis & { gigarouterPeriodicTasks?: Map<string, NodeJS.Timeout> };
const timers = (globalForTasks.gigarouterPeriodicTasks ??= new Map<string, NodeJS.Timeout>());

/**
 * Runs `task` now and then every `intervalSeconds` in this process, once per label however often it is
 * started (Next may load a module twice). A failing round is logged under `label` and the next one tries
 * again: these are sweeps that catch up with what a crash or an outage left behind, so the first round
 * runs at start (a server restarted after a crash). The timer never keeps the process alive.
 */
export function startPeriodicTask(label: string, intervalSeconds: number, task: () => Promise<void>): void {
  if (timers.has(label)) return;
  const run = async () => {
    try {
      await task();
    } catch (error) {
      // The database (or a store) is away: the next round tries again.
      console.error(`${label} sweep failed:`, error instanceof Error ? error.message : error);
    }
  };
  const timer = setInterval(() => void run(), intervalSeconds * 1000);
  timer.unref();
  timers.set(label, timer);
  void run();
}
