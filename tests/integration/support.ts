/**
 * Shared set-up for integration tests. Import it FIRST in a test file: it sets the environment that
 * lib/env reads when it is first imported.
 *
 * - Database: whatever DATABASE_URL names (scripts/test.sh runs the suite once on a fresh SQLite file
 *   and once on a fresh PostgreSQL database, both migrated and seeded). Without DATABASE_URL a
 *   temporary SQLite file is migrated and seeded here, so a developer's own database is never used.
 * - Models: a temporary models folder where only moonshine-micro has its weights file (empty: status
 *   only checks presence), so exactly one model is live wherever the repo is checked out.
 */
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll } from "vitest";

export const LIVE_MODEL_ID = "moonshine-ai/moonshine-micro";

const temporary: string[] = [];
afterAll(() => {
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
});

const modelsDir = mkdtempSync(path.join(os.tmpdir(), "gigarouter-models-"));
temporary.push(modelsDir);
mkdirSync(path.join(modelsDir, "moonshine-micro"));
writeFileSync(path.join(modelsDir, "moonshine-micro", "spelling_cnn_mel.shrunk.onnx"), "");
process.env.MODELS_DIR = modelsDir;

if (!process.env.DATABASE_URL) {
  const dbDir = mkdtempSync(path.join(os.tmpdir(), "gigarouter-db-"));
  temporary.push(dbDir);
  const file = path.join(dbDir, "test.db");
  const env = { ...process.env, DATABASE_URL: `file:${file}` };
  execFileSync("npx", ["prisma", "migrate", "deploy"], { env, stdio: "ignore" });
  execFileSync("npm", ["run", "--silent", "db:seed"], { env, stdio: "ignore" });
  process.env.DATABASE_URL = env.DATABASE_URL;
}

export const expectedProvider = process.env.DATABASE_URL.startsWith("file:") ? "sqlite" : "postgresql";

/** A distinct client address per test, so each test has its own rate-limit budget. */
export function newClientIp(): string {
  const [a, b, c] = randomBytes(3);
  return `10.${a}.${b}.${c}`;
}

/** Unique per call and per run, so tests never depend on rows other runs left behind. */
export function unique(prefix: string): string {
  return `${prefix}-${randomBytes(5).toString("hex")}`;
}

export function jsonRequest(url: string, body: unknown, ip: string, method = "POST"): Request {
  return new Request(`http://localhost${url}`, {
    method,
    headers: { "content-type": "application/json", "x-forwarded-for": ip },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

export interface ErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}
