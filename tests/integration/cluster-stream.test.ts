/**
 * Cluster mode (QUEUE_BACKEND=pg-boss): a streaming run (POST /run/<model>/stream) whose job runs in an
 * inference worker process still streams partial outputs while the model decodes, then the final
 * output from the job row. Runs on PostgreSQL only (pg-boss needs it); skipped on the SQLite pass.
 *
 * One real `npm run worker` process (scripts/worker.ts) serving Nemotron's same-contract test model
 * (inference/models/nemotron/fixtures: random weights, the real streaming loop); this test process plays
 * the web instance, calling the run handler the route calls.
 */
import { mkdtempSync, readFileSync, symlinkSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clusterEnv, killAllWorkers, onPostgres, root, startWorker } from "./cluster-support";

const NEMOTRON = "nvidia/nemotron-asr-multilingual";

// One deployment, shared by this process (the web instance) and its worker.
const modelsDir = mkdtempSync(path.join(os.tmpdir(), "gigarouter-cluster-stream-models-"));
symlinkSync(path.join(root, "inference/models/nemotron/fixtures/model"), path.join(modelsDir, "nemotron-asr-multilingual"));
const shared = clusterEnv({ MODELS_DIR: modelsDir, QUEUE_LEASE_SECONDS: "10", WORKER_MODELS: NEMOTRON });

interface SseEvent {
  event: string | null;
  data: Record<string, unknown>;
}

/** Every event of an SSE body, in order; `onEvent` sees each as it arrives. */
async function readEvents(body: ReadableStream<Uint8Array>, onEvent: (event: SseEvent) => Promise<void> = async () => undefined): Promise<SseEvent[]> {
  const events: SseEvent[] = [];
  const decoder = new TextDecoder();
  let buffer = "";
  const reader = body.getReader();
  for (let next = await reader.read(); !next.done; next = await reader.read()) {
    buffer += decoder.decode(next.value, { stream: true });
    let end: number;
    while ((end = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const lines = block.split("\n");
      const data = lines.find((l) => l.startsWith("data: "))?.slice("data: ".length);
      if (data === undefined) continue; // a comment (keep-alive)
      const event = { event: lines.find((l) => l.startsWith("event: "))?.slice("event: ".length) ?? null, data: JSON.parse(data) as Record<string, unknown> };
      events.push(event);
      await onEvent(event);
    }
  }
  return events;
}

describe.skipIf(!onPostgres)("cluster: a streaming run through a worker", () => {
  let lib: {
    handlers: typeof import("@/lib/queue-api/handlers");
    fixtures: typeof import("@/tests/support/api-fixtures");
    jobs: typeof import("@/lib/jobs");
    db: typeof import("@/lib/db");
    queue: typeof import("@/lib/queue");
    events: typeof import("@/lib/jobs/events");
    partials: typeof import("@/lib/queue/partials");
  };

  beforeAll(async () => {
    // Imported only now, so lib/env reads the cluster settings above.
    lib = {
      handlers: await import("@/lib/queue-api/handlers"),
      fixtures: await import("@/tests/support/api-fixtures"),
      jobs: await import("@/lib/jobs"),
      db: await import("@/lib/db"),
      queue: await import("@/lib/queue"),
      events: await import("@/lib/jobs/events"),
      partials: await import("@/lib/queue/partials"),
    };
    await startWorker(shared);
  });

  afterAll(async () => {
    await killAllWorkers();
    await lib?.partials.stopJobNotices();
    await lib?.queue.stopBoss();
  });

  async function streamingRun(): Promise<Response> {
    const user = await lib.fixtures.createApiUser({ creditMicroUsd: 1_000_000 });
    const speech = readFileSync(path.resolve(root, "../shared/fixtures/audio/beckett.wav"));
    const request = new Request(`http://localhost/run/${NEMOTRON}/stream`, {
      method: "POST",
      headers: { authorization: `Bearer ${user.key}`, "content-type": "application/json" },
      body: JSON.stringify({ audio_url: `data:audio/wav;base64,${speech.toString("base64")}`, acceleration: "full", language: "auto" }),
    });
    return lib.handlers.handleRun(request, [...NEMOTRON.split("/"), "stream"]);
  }

  it("sends the worker's partial outputs, in order, before the final output", async () => {
    const response = await streamingRun();
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/event-stream");
    const requestId = response.headers.get("x-fal-request-id")!;
    // The worker's state changes reach this process's job events as notices (status streams hear them at once).
    let changes = 0;
    const stopCounting = lib.events.onJobEvent(requestId, (event) => {
      if (event.type === "changed") changes++;
    });

    const events = await readEvents(response.body!);
    stopCounting();
    expect(changes).toBeGreaterThan(0);
    const partials = events.slice(0, -1);
    const final = events.at(-1)!;
    expect(final.event).toBeNull();
    expect(final.data.partial).toBe(false);

    // The job ran in the worker, not here, and its final output is the job row's.
    const job = await lib.jobs.findJob(requestId);
    expect(job?.status).toBe("completed");
    expect(final.data).toEqual(job?.result);

    expect(partials.length).toBeGreaterThanOrEqual(2);
    for (const partial of partials) expect(partial.data.partial).toBe(true);
    // RNNT only appends: in the order produced, each partial extends the one before, and the final the last.
    const texts = partials.map((p) => String(p.data.output));
    texts.slice(1).forEach((text, i) => expect(text.startsWith(texts[i]!)).toBe(true));
    expect(String(final.data.output).startsWith(texts.at(-1)!)).toBe(true);

    // The stream cleaned up after itself.
    expect(await lib.db.db.queueJobPartial.count({ where: { jobId: requestId } })).toBe(0);
  });

  it("keeps streaming partials while the model works after the notice connection was cut", async () => {
    const response = await streamingRun();
    const requestId = response.headers.get("x-fal-request-id")!;
    let cut = false;
    const statusAfterCut: string[] = [];
    const events = await readEvents(response.body!, async (event) => {
      if (event.data.partial !== true) return;
      if (!cut) {
        // The web process's LISTEN connection is dropped by the server, as a database restart or a proxy would.
        const ended = await lib.db.db.$queryRaw<{ ok: boolean }[]>`SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE application_name = 'gigarouter-job-notices' AND pid <> pg_backend_pid()`;
        expect(ended.length).toBeGreaterThan(0);
        cut = true;
      } else {
        statusAfterCut.push((await lib.jobs.findJob(requestId))!.status);
      }
    });
    // Partials still came after the cut while the job was running (the listener came back and re-read
    // the rows), not only all at once after it ended; then the final output.
    expect(statusAfterCut).toContain("running");
    const partials = events.slice(0, -1).map((e) => String(e.data.output));
    partials.slice(1).forEach((text, i) => expect(text.startsWith(partials[i]!)).toBe(true));
    expect(events.at(-1)!.data).toEqual((await lib.jobs.findJob(requestId))?.result);
  });
});
