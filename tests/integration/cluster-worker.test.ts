/**
 * Cluster mode (QUEUE_BACKEND=pg-boss): an inference worker is SIGKILLed in the middle of a job. The
 * job is run again by the other worker once its message expires, and charged exactly once; with no
 * attempts left it is failed and refunded instead. Runs on PostgreSQL only (pg-boss needs it); on the
 * SQLite pass of `npm test` it is skipped.
 *
 * Two real `npm run worker` processes (scripts/worker.ts) on moonshine-micro; this test process plays
 * the web instance (it submits through lib/jobs, which enqueues on pg-boss).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clusterEnv, clusterLib, killAllWorkers, killed, onPostgres, startWorker, until, wordClip, type ClusterLib } from "./cluster-support";

// One deployment: queue backend, pg-boss schema, file store and queue name shared by this process and its workers.
const shared = clusterEnv({ QUEUE_LEASE_SECONDS: "3" });

describe.skipIf(!onPostgres)("cluster: a worker killed mid-job", () => {
  let lib: ClusterLib;

  beforeAll(async () => {
    // Imported only now, so lib/env reads the cluster settings above.
    lib = await clusterLib();
  });

  afterAll(async () => {
    await killAllWorkers();
    await lib?.queue.stopBoss();
  });

  async function submit() {
    const user = await lib.fixtures.createApiUser({ creditMicroUsd: 1_000_000 });
    const key = await lib.keys.authenticateRequest(new Request("http://localhost/", { headers: { authorization: `Bearer ${user.key}` } }));
    const model = await lib.catalog.getModel("moonshine-micro");
    if (!model) throw new Error("moonshine-micro is not in the catalog");
    const job = await lib.jobs.submitJob({ key, model, body: { audio_url: wordClip() }, mode: "queue" });
    return { user, job };
  }

  async function ledger(userId: string) {
    const entries = await lib.db.db.ledgerEntry.findMany({ where: { userId } });
    const wallet = await lib.db.db.creditWallet.findUnique({ where: { userId } });
    return { kinds: entries.map((e) => e.kind).sort(), held: Number(wallet?.heldMicroUsd ?? -1), available: Number(wallet?.availableMicroUsd ?? -1) };
  }

  it("runs the job again on the other worker and charges it once", async () => {
    const slow = await startWorker(shared, { QUEUE_TEST_RUN_DELAY_MS: "60000" });
    const { user, job } = await submit();
    await until(() => lib.jobs.findJob(job.id), (j) => j?.status === "running");
    await killed(slow.child);
    await startWorker(shared);

    const done = await until(() => lib.jobs.findJob(job.id), (j) => j !== null && lib.jobs.TERMINAL.includes(j.status) && j.chargeState !== "held", 90_000);
    expect(done?.status).toBe("completed");
    expect(done?.attempts).toBe(2);
    expect(done?.result).toMatchObject({ output: "seven" });
    const money = await ledger(user.userId);
    // One grant, one hold, one settle: charged once, nothing left reserved.
    expect(money.kinds).toEqual(["grant", "hold", "settle"]);
    expect(money.held).toBe(0);
    expect(money.available).toBe(1_000_000 - done!.costMicroUsd);
    expect(done!.costMicroUsd).toBeGreaterThan(0);
  });
});
