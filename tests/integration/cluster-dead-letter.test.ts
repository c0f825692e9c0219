/**
 * Cluster mode (QUEUE_BACKEND=pg-boss): an inference message whose retries are spent goes to the
 * dead-letter queue (`infer-dead`), and that path gives the caller their money and an answer: the
 * job is failed with a clear 503 `worker_lost`, its hold released (the ledger shows the release and
 * no charge), and its webhook says ERROR.
 *
 * QUEUE_MAX_ATTEMPTS=1 (no pg-boss retry) and a 2 s lease: the worker holding the job is SIGKILLed,
 * its message expires, pg-boss dead-letters it, and another worker's dead-letter handler fails the
 * job. This test process plays the web instance (submits through lib/jobs, sends the webhook).
 * PostgreSQL only; skipped on the SQLite pass of `npm test`.
 */
import { once } from "node:events";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clusterEnv, clusterLib, killAllWorkers, killed, onPostgres, startWorker, until, verifiedByRecipe, wordClip, type ClusterLib } from "./cluster-support";

const settings = clusterEnv({ QUEUE_MAX_ATTEMPTS: "1", QUEUE_LEASE_SECONDS: "2", ALLOW_LOOPBACK_FETCH: "1", WEBHOOK_RETRY_BASE_SECONDS: "0.5" });

const received: { headers: IncomingHttpHeaders; body: string }[] = [];
const receiver = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on("data", (chunk: Buffer) => chunks.push(chunk));
  request.on("end", () => {
    received.push({ headers: request.headers, body: Buffer.concat(chunks).toString("utf8") });
    response.writeHead(200).end("ok");
  });
});

describe.skipIf(!onPostgres)("cluster: the dead-letter path", () => {
  let lib: ClusterLib;

  beforeAll(async () => {
    lib = await clusterLib();
    receiver.listen(0, "127.0.0.1");
    await once(receiver, "listening");
    await lib.senders.startOutboundSenders();
  });

  afterAll(async () => {
    await killAllWorkers();
    receiver.closeAllConnections();
    receiver.close();
    await lib?.queue.stopBoss();
  });

  it("fails a job whose only attempt died with its worker, releases the hold and says so by webhook", { timeout: 150_000 }, async () => {
    const credit = 1_000_000;
    const user = await lib.fixtures.createApiUser({ creditMicroUsd: credit });
    const key = await lib.keys.authenticateRequest(new Request("http://localhost/", { headers: { authorization: `Bearer ${user.key}` } }));
    const model = await lib.catalog.getModel("moonshine-micro");
    if (!model) throw new Error("moonshine-micro is not in the catalog");
    const webhookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/dead`;

    const stuck = await startWorker(settings, { QUEUE_TEST_RUN_DELAY_MS: "60000" });
    const job = await lib.jobs.submitJob({ key, model, body: { audio_url: wordClip() }, mode: "queue", webhookUrl });
    await until(() => lib.jobs.findJob(job.id), (j) => j?.status === "running");
    await killed(stuck.child);
    // A healthy worker: it takes the dead-lettered message (it would run the job itself if pg-boss retried it).
    await startWorker(settings);

    const done = await until(() => lib.jobs.findJob(job.id), (j) => j !== null && lib.jobs.TERMINAL.includes(j.status) && j.chargeState !== "held", 60_000);
    // What the caller reads from the status/result endpoints (fal's error shape).
    expect(done).toMatchObject({ status: "failed", errorStatus: 503, attempts: 1 });
    expect(done!.errorBody).toMatchObject({ code: "worker_lost", detail: expect.stringMatching(/interrupted once by a worker that stopped.*nothing was charged/) });

    // It went through pg-boss's dead-letter queue, not some other path.
    const schema = settings.PGBOSS_SCHEMA;
    const dead = await lib.db.db.$queryRawUnsafe<{ name: string }[]>(
      `SELECT name FROM ${schema}.job WHERE data->>'jobId' = $1 UNION ALL SELECT name FROM ${schema}.archive WHERE data->>'jobId' = $1`,
      job.id,
    );
    expect(dead.map((row) => row.name)).toContain("infer-dead");

    // The ledger: held, then released; nothing charged, nothing still reserved.
    const entries = await lib.db.db.ledgerEntry.findMany({ where: { userId: user.userId } });
    expect(entries.map((e) => e.kind).sort()).toEqual(["grant", "hold", "release"]);
    const wallet = await lib.db.db.creditWallet.findUnique({ where: { userId: user.userId } });
    expect(Number(wallet?.heldMicroUsd)).toBe(0);
    expect(Number(wallet?.availableMicroUsd)).toBe(credit);
    expect(done!.costMicroUsd).toBe(0);

    // The webhook says it failed, signed like every other.
    const [message] = await until(async () => received.filter((r) => r.headers["webhook-id"] === lib.webhooks.deliveryIdFor(job.id)), (list) => list.length > 0, 30_000);
    expect(JSON.parse(message!.body)).toMatchObject({ request_id: job.id, status: "ERROR", error: expect.stringMatching(/interrupted/) });
    expect(verifiedByRecipe(await lib.webhooks.webhookSecret(user.userId), message!.headers, message!.body)).toBe(true);
  });
});
