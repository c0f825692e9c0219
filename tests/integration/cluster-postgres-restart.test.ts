/**
 * Cluster mode (QUEUE_BACKEND=pg-boss): PostgreSQL is stopped in the middle of steady API traffic and
 * started again. While it is down, API calls answer 503 with a clear OpenAI- or fal-style error (not
 * 500, not a hang), and /api/health and the worker's health endpoint report the database down; once it
 * is back, the same web server and worker serve again with no restart; the ledger shows every request
 * charged at most once, and exactly the ones the clients saw succeed (a call cut off mid-way by the stop
 * answers 503 and may keep its hold open, never charged; see "The books" below).
 *
 * It needs a PostgreSQL of its own to stop (scripts/cluster.sh pg-start / pg-stop: Debian's binaries,
 * loopback, a temporary folder), a production build (`next start`, as tests/support/api-server.ts
 * serves it) and one real `npm run worker`. Runs on the PostgreSQL pass of `npm test`; skipped on SQLite.
 */
import { execFile, execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clusterEnv, killAllWorkers, onPostgres, root, startWorker, until, type WorkerProcess } from "./cluster-support";

const run = promisify(execFile);
const WEB_PORT = 3927;
const WORKER_HEALTH_PORT = 3928;
let runDir = "";

/** Not blocking: the clients keep sending (and timing their answers) while PostgreSQL stops and starts. */
async function cluster(command: "pg-start" | "pg-stop"): Promise<string> {
  runDir ||= mkdtempSync(path.join(os.tmpdir(), "gigarouter-pg-restart-"));
  const env = { ...process.env, CLUSTER_DIR: runDir, CLUSTER_PG_PORT: "55470" };
  const { stdout } = await run("bash", [path.join(root, "scripts/cluster.sh"), command], { cwd: root, env, encoding: "utf8" });
  return stdout.trim().split("\n").at(-1) ?? "";
}

interface Outcome {
  status: number | "timeout" | "network";
  requestId: string | null;
  body: { text?: string; error?: { message: string; type: string; code: string | null } } | null;
  at: number;
}

describe.skipIf(!onPostgres)("cluster: PostgreSQL restarted under load", () => {
  let settings: Record<string, string>;
  let lib: {
    fixtures: typeof import("@/tests/support/api-fixtures");
    server: typeof import("@/tests/support/api-server");
    db: typeof import("@/lib/db");
    queue: typeof import("@/lib/queue");
    metering: typeof import("@/lib/metering");
  };
  let server: Awaited<ReturnType<typeof import("@/tests/support/api-server").startApiServer>> | undefined;
  let worker: WorkerProcess;

  beforeAll(async () => {
    // This file's own database server, migrated and seeded; this process and its children use it.
    const url = await cluster("pg-start");
    expect(url).toMatch(/^postgresql:\/\//);
    const env = { ...process.env, DATABASE_URL: url };
    execFileSync("npx", ["prisma", "migrate", "deploy"], { cwd: root, env, stdio: "ignore" });
    execFileSync("npm", ["run", "--silent", "db:seed"], { cwd: root, env, stdio: "ignore" });
    process.env.DATABASE_URL = url;
    // A web instance gives a worker up to this long on a /v1 call before its 503.
    settings = clusterEnv({ QUEUE_REMOTE_TIMEOUT_SECONDS: "20", QUEUE_LEASE_SECONDS: "5" });
    lib = {
      fixtures: await import("@/tests/support/api-fixtures"),
      server: await import("@/tests/support/api-server"),
      db: await import("@/lib/db"),
      queue: await import("@/lib/queue"),
      metering: await import("@/lib/metering"),
    };
    worker = await startWorker(settings, { WORKER_HEALTH_PORT: String(WORKER_HEALTH_PORT) });
    server = await lib.server.startApiServer({ port: WEB_PORT, env: settings });
  });

  afterAll(async () => {
    await server?.stop();
    await killAllWorkers();
    await lib?.queue.stopBoss();
    await lib?.db.db.$disconnect().catch(() => undefined);
    if (!runDir) return;
    try {
      await cluster("pg-stop");
    } finally {
      rmSync(runDir, { recursive: true, force: true });
    }
  });

  it("answers 503 while it is down, reports it in /api/health, serves again after, and charges once", { timeout: 240_000 }, async () => {
    const user = await lib.fixtures.createApiUser({ creditMicroUsd: 1_000_000 });
    const clip = lib.fixtures.spokenWord("seven");
    const origin = server!.origin;

    async function transcribe(): Promise<Outcome> {
      const form = new FormData();
      form.append("file", new Blob([new Uint8Array(clip)], { type: "audio/wav" }), "seven.wav");
      form.append("model", "moonshine-micro");
      try {
        const response = await fetch(`${origin}/v1/audio/transcriptions`, {
          method: "POST",
          headers: { authorization: `Bearer ${user.key}` },
          body: form,
          // Longer than any answer may take (the web instance's worker wait is 20 s): past it, the server hung.
          signal: AbortSignal.timeout(40_000),
        });
        const text = await response.text();
        let body: Outcome["body"] = null;
        try {
          body = JSON.parse(text) as Outcome["body"];
        } catch {
          body = null;
        }
        return { status: response.status, requestId: response.headers.get("x-request-id"), body, at: Date.now() };
      } catch (error) {
        return { status: (error as Error).name === "TimeoutError" ? "timeout" : "network", requestId: null, body: null, at: Date.now() };
      }
    }

    type HealthBody = { status: string; database: { ok: boolean }; queue: { backend: string; ok: boolean; sending?: boolean } };
    async function health(): Promise<{ status: number; body: HealthBody }> {
      const response = await fetch(`${origin}/api/health`, { signal: AbortSignal.timeout(15_000) });
      return { status: response.status, body: (await response.json()) as HealthBody };
    }

    async function submitToQueue(): Promise<{ status: number; body: Record<string, unknown> }> {
      const response = await fetch(`${origin}/queue/${lib.server.MOONSHINE_ID}`, {
        method: "POST",
        headers: { authorization: `Key ${user.key}`, "content-type": "application/json" },
        body: JSON.stringify({ audio_url: `data:audio/wav;base64,${clip.toString("base64")}` }),
        signal: AbortSignal.timeout(40_000),
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    }

    async function workerHealth(): Promise<{ status: number; body: { status: string; database: { ok: boolean }; queue: { ok: boolean }; models: string[] } }> {
      const response = await fetch(`http://127.0.0.1:${WORKER_HEALTH_PORT}/health`, { signal: AbortSignal.timeout(15_000) });
      return { status: response.status, body: (await response.json()) as never };
    }

    // Warm: the web instance has asked a worker for the model's limits, and both answer.
    const outcomes: Outcome[] = [await transcribe()];
    expect(outcomes[0]!.status).toBe(200);
    // The web instance sends this deployment's webhooks and email (lib/queue/senders.ts).
    expect(await health()).toMatchObject({ status: 200, body: { queue: { backend: "pg-boss", ok: true, sending: true } } });
    expect(await workerHealth()).toMatchObject({ status: 200, body: { status: "ok", models: [lib.server.MOONSHINE_ID] } });

    // Steady traffic from three clients for the whole drill.
    let running = true;
    const clients = Array.from({ length: 3 }, async () => {
      while (running) outcomes.push(await transcribe());
    });

    await until(async () => outcomes.filter((o) => o.status === 200).length, (n) => n >= 6, 60_000);
    const stoppedAt = Date.now();
    await cluster("pg-stop");

    // Down: new calls fail fast and cleanly; the health check says why.
    const during = await until(async () => outcomes.filter((o) => o.at > stoppedAt && o.status === 503), (list) => list.length >= 5, 60_000);
    const down = await health();
    expect(down.status).toBe(503);
    expect(down.body).toMatchObject({ status: "error", database: { ok: false }, queue: { ok: false } });
    expect(await workerHealth()).toMatchObject({ status: 503, body: { status: "error", database: { ok: false }, queue: { ok: false } } });
    for (const outcome of during) {
      expect(outcome.body?.error).toMatchObject({ type: "service_unavailable", code: expect.stringMatching(/^(database_unavailable|queue_unavailable)$/) });
      expect(outcome.body?.error?.message).toMatch(/try again/i);
    }
    // The queue API answers in fal's shape.
    const falDown = await submitToQueue();
    expect(falDown.status).toBe(503);
    expect(falDown.body).toMatchObject({ code: "database_unavailable", detail: expect.stringMatching(/try again/i) });
    await new Promise((r) => setTimeout(r, 3_000));

    const restartedAt = Date.now();
    await cluster("pg-start");
    // Back: the same server and worker (neither restarted) serve again by themselves.
    await until(async () => outcomes.filter((o) => o.at > restartedAt && o.status === 200).length, (n) => n >= 6, 90_000);
    expect(await health()).toMatchObject({ status: 200, body: { status: "ok", database: { ok: true }, queue: { ok: true, sending: true } } });
    expect(await workerHealth()).toMatchObject({ status: 200, body: { status: "ok" } });
    // A queued job goes through pg-boss to the worker again.
    const falUp = await submitToQueue();
    expect(falUp.status).toBe(200);
    const requestId = String(falUp.body.request_id);
    const job = await until(() => lib.db.db.queueJob.findUnique({ where: { id: requestId } }), (row) => row?.status === "completed" && row.chargeState !== "held", 60_000);
    expect(job?.attempts).toBe(1);
    running = false;
    await Promise.all(clients);
    expect(worker.child.exitCode).toBeNull();
    expect(worker.child.signalCode).toBeNull();

    // Nothing was a 500, a hang or a dropped connection: every answer was a success or a clean 503.
    const statuses = new Set(outcomes.map((o) => o.status));
    expect([...statuses].filter((s) => s !== 200 && s !== 503)).toEqual([]);

    // The books. A /v1 call cut off between its hold and its hand-off to a worker answered 503 but could
    // not release its hold while the database was away. The charge sweep (every web instance runs it on a
    // timer; `npm run admin -- sweep` by hand) gives those back: the ones with a "running" request-log
    // row, and the ones cut off between placing the hold and writing that row, found by the request id
    // their hold carries.
    await new Promise((r) => setTimeout(r, 2_000));
    const before = await lib.db.db.ledgerEntry.findMany({ where: { userId: user.userId } });
    const openHolds = before.filter((e) => e.kind === "hold" && !before.some((c) => c.closesHoldId === e.id));
    for (const hold of openHolds) expect(outcomes.find((o) => o.requestId === hold.reference)?.status, hold.reference ?? "").toBe(503);
    const cutOff = (await lib.db.db.apiRequest.findMany({ where: { userId: user.userId, status: 0 }, select: { id: true } })).map((row) => row.id);
    for (const id of cutOff) expect(outcomes.find((o) => o.requestId === id)?.status, id).toBe(503);
    const rowless = openHolds.filter((hold) => !cutOff.includes(hold.reference ?? ""));
    expect(await lib.metering.sweepAbandonedCharges(new Date(Date.now() + 1_000))).toEqual({ requests: cutOff.length, rowlessHolds: rowless.length });
    expect(Number((await lib.db.db.creditWallet.findUnique({ where: { userId: user.userId } }))?.heldMicroUsd)).toBe(0);

    // A request is settled only if its client saw 200, exactly once; every other hold is released once.
    const entries = await lib.db.db.ledgerEntry.findMany({ where: { userId: user.userId } });
    const settled = entries.filter((e) => e.kind === "settle").map((e) => e.reference);
    // The /v1 calls that succeeded and the queued job: nothing else may have been charged.
    const succeeded = [...outcomes.filter((o) => o.status === 200).map((o) => o.requestId), requestId];
    expect(new Set(settled).size).toBe(settled.length);
    expect([...settled].sort()).toEqual([...succeeded].sort());
    const holds = entries.filter((e) => e.kind === "hold").length;
    const closed = entries.filter((e) => e.kind === "settle" || e.kind === "release").length;
    expect(closed).toBe(holds);
    const wallet = await lib.db.db.creditWallet.findUnique({ where: { userId: user.userId } });
    const sum = entries.reduce((total, e) => total + Number(e.amountMicroUsd), 0);
    expect(Number(wallet?.availableMicroUsd)).toBe(sum);
  });
});
