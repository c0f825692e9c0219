/**
 * Shared by the cluster fault tests (QUEUE_BACKEND=pg-boss, PostgreSQL only): one deployment's
 * settings, real `npm run worker` processes, a receiver's signature check, polling and the ledger.
 * Imports nothing from lib/ at load time, so a test file can set the environment first and import
 * lib/ afterwards (lib/env reads it once).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import type { IncomingHttpHeaders } from "node:http";
import os from "node:os";
import path from "node:path";

export const root = path.resolve(import.meta.dirname, "../..");
export const onPostgres = /^postgres(ql)?:\/\//.test(process.env.DATABASE_URL ?? "");

/** One deployment: queue backend, its own pg-boss schema, file store and queue name; set in this process too. */
export type ClusterSettings = Record<string, string> & { QUEUE_BACKEND: string; PGBOSS_SCHEMA: string; QUEUE_NAME: string; DATA_DIR: string };

export function clusterEnv(extra: Record<string, string> = {}): ClusterSettings {
  const settings = {
    QUEUE_BACKEND: "pg-boss",
    PGBOSS_SCHEMA: `pgboss_test_${randomBytes(4).toString("hex")}`,
    QUEUE_NAME: `cluster-${randomBytes(4).toString("hex")}`,
    DATA_DIR: mkdtempSync(path.join(os.tmpdir(), "gigarouter-cluster-")),
    ENGINE_WORKERS: "1",
    WORKER_MODELS: "moonshine-micro",
    ...extra,
  };
  Object.assign(process.env, settings);
  return settings;
}

export interface WorkerProcess {
  child: ChildProcess;
  /** Everything it printed so far. */
  output(): string;
}

const started: ChildProcess[] = [];

/** A real `npm run worker` (scripts/worker.ts), resolved once it says it is serving. */
export function startWorker(settings: Record<string, string>, extra: Record<string, string> = {}): Promise<WorkerProcess> {
  const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "scripts/worker.ts"], {
    cwd: root,
    env: { ...process.env, ...settings, ...extra },
    stdio: ["ignore", "pipe", "pipe"],
  });
  started.push(child);
  let output = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker did not start:\n${output}`)), 90_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("serving")) {
        clearTimeout(timer);
        resolve({ child, output: () => output });
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.on("exit", (code) => reject(new Error(`worker exited (${code}):\n${output}`)));
  });
}

/** SIGKILL, as a crash or an out-of-memory kill would end it. */
export function killed(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.kill("SIGKILL");
  });
}

/** Every worker this file started, ended. */
export async function killAllWorkers(): Promise<void> {
  await Promise.all(started.map(killed));
}

/**
 * The modules the cluster tests drive, imported only when called: a test file sets the cluster's
 * environment first, and lib/env reads it once, at the first import.
 */
export async function clusterLib() {
  return {
    jobs: await import("@/lib/jobs"),
    fixtures: await import("@/tests/support/api-fixtures"),
    keys: await import("@/lib/api-keys"),
    catalog: await import("@/lib/catalog"),
    db: await import("@/lib/db"),
    queue: await import("@/lib/queue"),
    senders: await import("@/lib/queue/senders"),
    webhooks: await import("@/lib/webhooks"),
  };
}

export type ClusterLib = Awaited<ReturnType<typeof clusterLib>>;

/** A one-second spoken word from the shared fixtures, as a data URI. */
export function wordClip(word = "seven"): string {
  const folder = path.resolve(root, "../shared/fixtures/audio/alphanumeric", word);
  const file = readdirSync(folder).filter((f) => f.endsWith(".wav")).sort()[0] ?? "";
  return `data:audio/wav;base64,${readFileSync(path.join(folder, file)).toString("base64")}`;
}

/** Polls `read` every 200 ms until `done` holds. */
export async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out; last value: ${JSON.stringify(value, (_, v: unknown) => (typeof v === "bigint" ? v.toString() : v))}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The Standard Webhooks check a receiver runs, written out from the README's recipe (not the server's code). */
export function verifiedByRecipe(secret: string, headers: IncomingHttpHeaders, body: string, now = Date.now()): boolean {
  const id = String(headers["webhook-id"]);
  const timestamp = String(headers["webhook-timestamp"]);
  if (Math.abs(now / 1000 - Number(timestamp)) > 300) return false;
  const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
  const expected = Buffer.from(`v1,${createHmac("sha256", key).update(`${id}.${timestamp}.${body}`).digest("base64")}`);
  return String(headers["webhook-signature"])
    .split(" ")
    .some((s) => Buffer.from(s).length === expected.length && timingSafeEqual(Buffer.from(s), expected));
}
