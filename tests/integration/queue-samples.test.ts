/**
 * The model page's code samples (lib/queue-api/samples.ts) work as printed: each is written to a
 * folder next to a speech.wav, run with the interpreter it is written for (bash + curl + jq, python3,
 * node with @fal-ai/client installed), against a live server, and must print the transcript.
 */
import "./support";
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findModel } from "@/lib/catalog";
import { queueSamples, type QueueSample } from "@/lib/queue-api/samples";
import { createApiUser, spokenWord, type ApiUser } from "@/tests/support/api-fixtures";
import { MOONSHINE_ID, startApiServer, type ApiServer } from "@/tests/support/api-server";

const run = promisify(execFile);
const repoRoot = path.resolve(import.meta.dirname, "../..");

let server: ApiServer;
let user: ApiUser;
let folder: string;
let samples: QueueSample[];

beforeAll(async () => {
  server = await startApiServer({ port: 3506, env: { QUEUE_NAME: `samples-${randomBytes(4).toString("hex")}` } });
  user = await createApiUser({ creditMicroUsd: 1_000_000 });
  folder = mkdtempSync(path.join(os.tmpdir(), "gigarouter-samples-"));
  writeFileSync(path.join(folder, "speech.wav"), spokenWord("seven"));
  // As if the reader had run `npm install @fal-ai/client` in their project.
  symlinkSync(path.join(repoRoot, "node_modules"), path.join(folder, "node_modules"));
  samples = queueSamples(findModel(MOONSHINE_ID)!, server.origin);
});

afterAll(async () => {
  await server?.stop();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

async function runSample(label: string): Promise<string> {
  const sample = samples.find((s) => s.label === label);
  if (!sample) throw new Error(`no sample "${label}"`);
  const file = path.join(folder, { js: "sample.mjs", python: "sample.py", bash: "sample.sh" }[sample.language]);
  writeFileSync(file, sample.code);
  const command = { js: process.execPath, python: "python3", bash: "bash" }[sample.language];
  const { stdout } = await run(command, [file], { cwd: folder, env: { ...process.env, GIGAROUTER_KEY: user.key }, timeout: 60_000 });
  return stdout;
}

describe("the model page's queue API samples", () => {
  it("curl: upload, submit, wait, result", async () => {
    const output = await runSample("curl");
    expect(JSON.parse(output.trim().split("\n").at(-1)!)).toEqual({ output: "seven", partial: false });
  });

  it("curl: streaming run", async () => {
    const output = await runSample("curl (stream)");
    expect(output).toContain('data: {"output":"seven","partial":true}');
    expect(output.trim().endsWith('data: {"output":"seven","partial":false}')).toBe(true);
  });

  it("Python (standard library only)", async () => {
    const output = await runSample("Python");
    expect(output).toMatch(/queue position \d+/);
    expect(output.trim().split("\n").at(-1)).toBe("{'output': 'seven', 'partial': False}");
  });

  it("JavaScript with fal's client: upload, subscribe with logs, stream", async () => {
    const output = await runSample("JavaScript (@fal-ai/client)");
    expect(output).toContain("{ output: 'seven', partial: false }");
    expect(output).toContain("{ output: 'seven', partial: true }");
  });

  it("JavaScript with plain fetch", async () => {
    const output = await runSample("JavaScript (fetch)");
    expect(output.trim().split("\n").at(-1)).toBe("{ output: 'seven', partial: false }");
  });
});
