/**
 * The built site, served by `next start` for tests that talk to it over HTTP the way API users do
 * (the real `openai` client against a running server).
 *
 * - It serves the production build in `.next` (`npm test` builds once, before the Vitest suites; run
 *   `npx next build` yourself when running these files alone). API_TEST_APP_DIR points at another
 *   checkout with its own build, for working beside others who rebuild `.next`.
 * - Same database as the test process (DATABASE_URL), so tests set users, keys and credit up through
 *   lib/ and read the ledger afterwards.
 * - Its own models folder: moonshine-micro's real weights (../shared/models) and, as canary-1b-flash, the
 *   tiny Canary test model in inference/models/canary/fixtures/onnx-asr (random weights, the real
 *   canary-1b-flash contract: translation, timestamps). So exactly those two models are live.
 * - Ports 3400-3419 are the API tests' own; each test file takes a fixed one.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, symlinkSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const repoRoot = path.resolve(import.meta.dirname, "../..");

export const MOONSHINE_ID = "moonshine-ai/moonshine-micro";
export const CANARY_ID = "nvidia/canary-1b-flash";

/** A models folder where moonshine-micro (real) and canary-1b-flash (test fixture) are present. */
export function apiModelsDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "gigarouter-api-models-"));
  const moonshine = path.resolve(repoRoot, "../shared/models/moonshine-micro");
  const canaryFixture = path.join(repoRoot, "inference/models/canary/fixtures/onnx-asr");
  for (const required of [moonshine, canaryFixture]) {
    if (!existsSync(required)) throw new Error(`API tests need ${required}`);
  }
  symlinkSync(moonshine, path.join(dir, "moonshine-micro"));
  symlinkSync(canaryFixture, path.join(dir, "canary-1b-flash"));
  mkdirSync(path.join(dir, "empty"), { recursive: true });
  return dir;
}

export interface ApiServer {
  /** http://localhost:PORT */
  origin: string;
  /** The openai client's baseURL: http://localhost:PORT/v1 */
  baseURL: string;
  /** The server's output so far (printed when it fails to start). */
  output(): string;
  stop(): Promise<void>;
  /** Ends the server at once with SIGKILL, as a crash or an out-of-memory kill would: nothing shuts down. */
  kill(): Promise<void>;
}

export interface StartOptions {
  port: number;
  /** Extra settings for the server (API_RATE_LIMIT_PER_MINUTE, API_MAX_AUDIO_BYTES, ...). */
  env?: Record<string, string>;
}

export async function startApiServer(options: StartOptions): Promise<ApiServer> {
  const appDir = process.env.API_TEST_APP_DIR ? path.resolve(process.env.API_TEST_APP_DIR) : repoRoot;
  if (!existsSync(path.join(appDir, ".next", "BUILD_ID"))) {
    throw new Error(`No production build in ${appDir}/.next: run \`npx next build\` first (npm test does).`);
  }
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error("DATABASE_URL must be set (import tests/integration/support first)");
  const origin = `http://localhost:${options.port}`;
  if (await answers(origin)) throw new Error(`Port ${options.port} is already in use; stop whatever listens there.`);

  const nextBin = path.join(repoRoot, "node_modules", "next", "dist", "bin", "next");
  const child = spawn(process.execPath, [nextBin, "start", "-H", "localhost", "-p", String(options.port)], {
    cwd: appDir,
    env: {
      ...process.env,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      DATABASE_URL: databaseUrl,
      MODELS_DIR: apiModelsDir(),
      // Its own data folder, so models an operator registered here (`npm run models`) stay out of it.
      DATA_DIR: mkdtempSync(path.join(os.tmpdir(), "gigarouter-api-data-")),
      PUBLIC_URL: origin,
      ...options.env,
    },
    // Its own process group, so stop() ends next and anything it started.
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));

  const server: ApiServer = {
    origin,
    baseURL: `${origin}/v1`,
    output: () => output,
    stop: () => stopProcessGroup(child),
    kill: () => killProcessGroup(child),
  };
  try {
    await waitUntilReady(origin, child, 90_000);
  } catch (error) {
    await server.stop();
    throw new Error(`${(error as Error).message}\n--- next start output ---\n${output}`);
  }
  return server;
}

async function answers(origin: string): Promise<boolean> {
  try {
    await fetch(`${origin}/v1/models`, { signal: AbortSignal.timeout(2_000) });
    return true;
  } catch {
    return false;
  }
}

async function waitUntilReady(origin: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`next start exited with code ${child.exitCode}`);
    try {
      const response = await fetch(`${origin}/v1/models`, { signal: AbortSignal.timeout(5_000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`next start did not answer on ${origin} within ${timeoutMs / 1000} s`);
}

async function stopProcessGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  try {
    process.kill(-child.pid, "SIGTERM");
  } catch {
    return;
  }
  const killed = await Promise.race([exited.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 10_000))]);
  if (!killed) {
    try {
      process.kill(-child.pid, "SIGKILL");
    } catch {
      // already gone
    }
    await exited;
  }
}

async function killProcessGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  try {
    process.kill(-child.pid, "SIGKILL");
  } catch {
    return;
  }
  await exited;
}
