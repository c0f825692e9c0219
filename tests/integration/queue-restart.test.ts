/**
 * Jobs survive the server: it is killed (SIGKILL: no shutdown code runs) while a job runs and another
 * waits, and started again on the same database and file store. The waiting job runs; the running one
 * is recovered once its lease runs out and either runs again (attempts left) or is failed and refunded
 * (none left). Either way it is charged at most once, and nothing is lost.
 *
 * QUEUE_TEST_RUN_DELAY_MS holds a claimed job before the engine runs, so the kill lands mid-job.
 */
import "./support";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getBalance } from "@/lib/credits";
import { findJob } from "@/lib/jobs";
import { createApiUser, ledgerOf, spokenWord, type ApiUser } from "@/tests/support/api-fixtures";
import { MOONSHINE_ID, startApiServer, type ApiServer } from "@/tests/support/api-server";
import { dataUri, jobInState, waitFor } from "./queue-support";

const PORT = 3503;
let server: ApiServer | undefined;
let user: ApiUser;
const CREDIT = 1_000_000;
// The same queue and file store across restarts, as one deployment has.
const shared = { QUEUE_NAME: `queue-restart-${randomBytes(4).toString("hex")}`, DATA_DIR: mkdtempSync(path.join(os.tmpdir(), "gigarouter-restart-")), QUEUE_LEASE_SECONDS: "2" };

async function boot(env: Record<string, string>): Promise<ApiServer> {
  server = await startApiServer({ port: PORT, env: { ...shared, ...env } });
  return server;
}

beforeAll(async () => {
  user = await createApiUser({ creditMicroUsd: CREDIT });
});

afterAll(async () => {
  await server?.stop();
});

async function submit(origin: string, word: string): Promise<string> {
  const response = await fetch(`${origin}/queue/${MOONSHINE_ID}`, {
    method: "POST",
    headers: { authorization: `Key ${user.key}`, "content-type": "application/json" },
    body: JSON.stringify({ audio_url: dataUri(spokenWord(word)) }),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { request_id: string }).request_id;
}

async function kindsFor(requestId: string): Promise<string[]> {
  return (await ledgerOf(user.userId)).filter((e) => e.reference === requestId).map((e) => e.kind);
}

async function result(origin: string, requestId: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${origin}/queue/${MOONSHINE_ID}/requests/${requestId}`, { headers: { authorization: `Key ${user.key}` } });
  return { status: response.status, body: await response.json() };
}

describe("a server killed in the middle of a job", () => {
  it("runs the interrupted job again after the restart, and the one that was waiting; each charged once", async () => {
    const first = await boot({ QUEUE_CONCURRENCY: "1", QUEUE_TEST_RUN_DELAY_MS: "120000", QUEUE_MAX_ATTEMPTS: "2" });
    const interrupted = await submit(first.origin, "seven");
    await jobInState(interrupted, ["running"]);
    const waiting = await submit(first.origin, "nine");
    expect((await findJob(waiting))?.status).toBe("queued");

    await first.kill();
    expect(await findJob(interrupted)).toMatchObject({ status: "running", attempts: 1 });
    expect(await kindsFor(interrupted)).toEqual(["hold"]);

    const second = await boot({ QUEUE_MAX_ATTEMPTS: "2" });
    await jobInState(interrupted, ["completed", "failed"]);
    await jobInState(waiting, ["completed", "failed"]);
    expect(await result(second.origin, interrupted)).toEqual({ status: 200, body: { output: "seven", partial: false } });
    expect(await result(second.origin, waiting)).toEqual({ status: 200, body: { output: "nine", partial: false } });

    const job = await findJob(interrupted);
    expect(job?.attempts).toBe(2);
    const logs = await fetch(`${second.origin}/queue/${MOONSHINE_ID}/requests/${interrupted}/status?logs=1`, { headers: { authorization: `Key ${user.key}` } });
    const messages = ((await logs.json()) as { logs: { message: string }[] }).logs.map((l) => l.message).join("\n");
    expect(messages).toMatch(/stopped; queued again/);

    for (const id of [interrupted, waiting]) {
      await waitFor(
        () => kindsFor(id),
        (kinds) => kinds.length === 2,
      );
      expect(await kindsFor(id)).toEqual(["hold", "settle"]);
    }
    const balance = await waitFor(
      () => getBalance(user.userId),
      (b) => b.heldMicroUsd === 0,
    );
    expect(balance.availableMicroUsd).toBe(CREDIT - 2 * 17);
    await second.stop();
  });

  it("fails and refunds a job that has no attempts left, and says so", async () => {
    const before = await getBalance(user.userId);
    const third = await boot({ QUEUE_TEST_RUN_DELAY_MS: "120000", QUEUE_MAX_ATTEMPTS: "1" });
    const interrupted = await submit(third.origin, "seven");
    await jobInState(interrupted, ["running"]);
    await third.kill();

    const fourth = await boot({ QUEUE_MAX_ATTEMPTS: "1" });
    await jobInState(interrupted, ["failed", "completed"]);
    const status = await fetch(`${fourth.origin}/queue/${MOONSHINE_ID}/requests/${interrupted}/status`, { headers: { authorization: `Key ${user.key}` } });
    expect(await status.json()).toMatchObject({ status: "COMPLETED", error_type: "worker_lost" });
    const answer = await result(fourth.origin, interrupted);
    expect(answer.status).toBe(503);
    expect((answer.body as { detail: string }).detail).toMatch(/nothing was charged/);

    await waitFor(
      () => kindsFor(interrupted),
      (kinds) => kinds.length === 2,
    );
    expect(await kindsFor(interrupted)).toEqual(["hold", "release"]);
    expect(await getBalance(user.userId)).toEqual(before);
  });
});
