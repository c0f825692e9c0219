/**
 * The file sweep (lib/files/sweep.ts): storage nobody deletes by hand. Two-step uploads whose bytes
 * never came go once FILE_SWEEP_PENDING_HOURS old; deletes that failed while the store was down (an
 * owner's DELETE, a job's audio once the job ended) are retried until the store is back; job audio an
 * unfinished job needs is never touched; two instances sweeping at once each remove a file at most once.
 *
 * The files live in a local S3 server (s3rver, ports 3950-3959) that is stopped and started under them.
 * Every sweep called here is scoped to this file's own account: other test files share the database.
 * The last test starts a built web instance (tests/support/api-server) to see the sweep run at boot.
 */
import "./support";
import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startApiServer } from "@/tests/support/api-server";
import { startS3StandIn } from "@/tests/support/s3-standin";

const PREFIX = `sweep-${randomBytes(4).toString("hex")}/`;
const bucket = await startS3StandIn({ port: 3950 });
// Set before lib/env is first loaded (the lib modules below are imported after this).
Object.assign(process.env, bucket.appEnv(PREFIX), {
  // This process's worker takes nothing: the jobs below must stay as each test leaves them.
  QUEUE_NAME: `files-sweep-${randomBytes(4).toString("hex")}`,
  QUEUE_CONCURRENCY: "0",
});
const { db } = await import("@/lib/db");
const { completeUpload, deleteUpload, initiateUpload, readStoredFile, saveFile, sweepFiles } = await import("@/lib/files");
const { storeFor } = await import("@/lib/files/stores");
const { cancelJob } = await import("@/lib/jobs");
const { insertJob } = await import("@/lib/jobs/store");
const { createApiUser } = await import("@/tests/support/api-fixtures");
const { waitFor } = await import("./queue-support");

const HOUR = 3_600_000;
/** A queue no worker serves, so a job put there stays queued. */
const IDLE_QUEUE = `files-sweep-idle-${randomBytes(4).toString("hex")}`;

let userId: string;

beforeAll(async () => {
  userId = (await createApiUser()).userId;
});

afterAll(async () => {
  await bucket.close();
});

/** The sweep as a web instance runs it, this account only; `later` lets a claim window (1 min) pass. */
const sweep = (laterMs = 0) => sweepFiles({ userId, at: new Date(Date.now() + laterMs) });
const objectKey = (id: string) => `${PREFIX}${id.slice(0, 2)}/${id}`;
const rowOf = (id: string) => db.storedFile.findUnique({ where: { id } });
const backdate = (id: string, ms: number) => db.storedFile.update({ where: { id }, data: { createdAt: new Date(Date.now() - ms) } });
const tokenOf = (uploadUrl: string) => new URL(uploadUrl).pathname.split("/").pop()!;

async function jobAudio(bytes = randomBytes(64)) {
  return saveFile({ userId, purpose: "job-audio", fileName: "audio.wav", contentType: "audio/wav", bytes });
}

async function queuedJob(audioFileId: string) {
  return insertJob({
    id: randomUUID(),
    queue: IDLE_QUEUE,
    userId,
    apiKeyId: null,
    modelId: "moonshine-ai/moonshine-micro",
    mode: "queue",
    input: { audio_url: "test", language: "en", acceleration: "regular" },
    audioFileId,
    audioSeconds: 1,
    heldMicroUsd: 0,
    holdId: null,
    webhookUrl: null,
  });
}

async function withBucketStopped<T>(action: () => Promise<T>): Promise<T> {
  await bucket.stop();
  try {
    return await action();
  } finally {
    await bucket.start();
  }
}

describe("two-step uploads whose bytes never came", () => {
  it("removes one older than FILE_SWEEP_PENDING_HOURS (row, half-written bytes, URL) and keeps a fresh one", async () => {
    const stale = await initiateUpload({ userId, fileName: "stale.wav", contentType: "audio/wav" });
    const cutOff = await initiateUpload({ userId, fileName: "cut-off.wav", contentType: "audio/wav" });
    const fresh = await initiateUpload({ userId, fileName: "fresh.wav", contentType: "audio/wav" });
    await backdate(stale.file.id, 25 * HOUR);
    // A PUT that a crash cut off: its token retired and bytes in the bucket, but never marked uploaded.
    await storeFor("s3").put(`${cutOff.file.id.slice(0, 2)}/${cutOff.file.id}`, randomBytes(32));
    await db.storedFile.update({ where: { id: cutOff.file.id }, data: { uploadToken: null, createdAt: new Date(Date.now() - 25 * HOUR) } });
    expect(await bucket.readObject(objectKey(cutOff.file.id))).not.toBeNull();

    expect(await sweep()).toMatchObject({ abandonedUploads: 2, removed: 2, failed: 0 });

    expect(await rowOf(stale.file.id)).toBeNull();
    expect(await rowOf(cutOff.file.id)).toBeNull();
    expect(await bucket.readObject(objectKey(cutOff.file.id))).toBeNull();
    await expect(completeUpload(tokenOf(stale.uploadUrl), randomBytes(16))).rejects.toMatchObject({ status: 404, code: "upload_not_found" });

    // The fresh one is untouched: its URL still takes the bytes, and the file is then served.
    const bytes = randomBytes(48);
    await completeUpload(tokenOf(fresh.uploadUrl), bytes);
    expect(Buffer.from((await readStoredFile(fresh.file.id, "upload")).bytes).equals(bytes)).toBe(true);
  });
});

describe("deletes that failed while the bucket was down", () => {
  it("retries a job's audio delete (the job was cancelled during the outage) and succeeds once the bucket is back", async () => {
    const audio = await jobAudio();
    const job = await queuedJob(audio.id);
    expect(await bucket.readObject(objectKey(audio.id))).not.toBeNull();

    await withBucketStopped(async () => {
      expect(await cancelJob(job)).toBe("cancelled"); // its finish deletes the audio, which fails now
      expect((await rowOf(audio.id))?.deleteRequestedAt).toBeInstanceOf(Date);
      // Still down: the sweep fails quietly and keeps the mark for the next round.
      expect(await sweep(2 * 60_000)).toMatchObject({ retried: 1, removed: 0, failed: 1 });
    });
    expect(await bucket.readObject(objectKey(audio.id))).not.toBeNull(); // the failed delete left it there
    expect(await rowOf(audio.id)).not.toBeNull();

    expect(await sweep(4 * 60_000)).toMatchObject({ retried: 1, removed: 1, failed: 0 });
    expect(await bucket.readObject(objectKey(audio.id))).toBeNull();
    expect(await rowOf(audio.id)).toBeNull();
  });

  it("hides an upload its owner deleted during the outage at once, and removes its bytes after", async () => {
    const upload = await saveFile({ userId, purpose: "upload", fileName: "mine.wav", contentType: "audio/wav", bytes: randomBytes(64) });

    expect(await withBucketStopped(() => deleteUpload(upload.id, userId))).toBe("deferred");
    await expect(readStoredFile(upload.id)).rejects.toMatchObject({ status: 404 });
    await expect(deleteUpload(upload.id, userId)).rejects.toMatchObject({ status: 404 });
    expect(await bucket.readObject(objectKey(upload.id))).not.toBeNull();

    expect(await sweep(2 * 60_000)).toMatchObject({ removed: 1, failed: 0 });
    expect(await bucket.readObject(objectKey(upload.id))).toBeNull();
    expect(await rowOf(upload.id)).toBeNull();
  });
});

describe("job audio", () => {
  it("keeps the audio a queued job still needs, however old, while removing audio no job needs", async () => {
    const needed = await jobAudio();
    await queuedJob(needed.id);
    await backdate(needed.id, 48 * HOUR);
    // Wrongly marked (as no code path does): the last check before removing still keeps it.
    const markedButNeeded = await jobAudio();
    await queuedJob(markedButNeeded.id);
    await db.storedFile.update({ where: { id: markedButNeeded.id }, data: { deleteRequestedAt: new Date(Date.now() - HOUR) } });
    // A job that ended an hour ago whose own delete never happened (its process stopped first).
    const ended = await jobAudio();
    const endedJob = await queuedJob(ended.id);
    await db.queueJob.update({ where: { id: endedJob.id }, data: { status: "completed", finishedAt: new Date(Date.now() - HOUR) } });
    // Audio saved for a job whose row was never written, a day ago.
    const orphan = await jobAudio();
    await backdate(orphan.id, 25 * HOUR);

    expect(await sweep()).toMatchObject({ jobAudio: 2, removed: 2, failed: 0 });

    expect(await rowOf(ended.id)).toBeNull();
    expect(await rowOf(orphan.id)).toBeNull();
    expect(await bucket.readObject(objectKey(ended.id))).toBeNull();
    expect(await bucket.readObject(objectKey(orphan.id))).toBeNull();
    for (const kept of [needed, markedButNeeded]) {
      expect((await readStoredFile(kept.id)).bytes.byteLength).toBe(64);
      expect((await rowOf(kept.id))?.deleteRequestedAt).toBeNull();
    }
  });
});

describe("several instances sweeping at once", () => {
  it("neither errors, and each file is removed once: one delete per object, counts adding up", async () => {
    const pending = await Promise.all([1, 2, 3].map(() => initiateUpload({ userId, fileName: "p.wav", contentType: "audio/wav" })));
    for (const upload of pending) await backdate(upload.file.id, 25 * HOUR);
    const uploads = await Promise.all([1, 2, 3].map(() => saveFile({ userId, purpose: "upload", fileName: "u.wav", contentType: "audio/wav", bytes: randomBytes(64) })));
    await withBucketStopped(async () => {
      for (const upload of uploads) expect(await deleteUpload(upload.id, userId)).toBe("deferred");
    });
    const ids = [...pending.map((upload) => upload.file.id), ...uploads.map((upload) => upload.id)];

    const store = storeFor("s3");
    const deletes = vi.spyOn(store, "delete");
    try {
      const at = Date.now() + 2 * 60_000;
      const results = await Promise.all([sweepFiles({ userId, at: new Date(at) }), sweepFiles({ userId, at: new Date(at + 1) })]);
      expect(results.every((result) => result.failed === 0)).toBe(true);
      expect(results[0]!.removed + results[1]!.removed).toBe(ids.length);
      const deletedKeys = deletes.mock.calls.map(([key]) => key).sort();
      expect(deletedKeys).toEqual(ids.map((id) => `${id.slice(0, 2)}/${id}`).sort());
    } finally {
      deletes.mockRestore();
    }
    for (const id of ids) expect(await rowOf(id)).toBeNull();
    for (const upload of uploads) expect(await bucket.readObject(objectKey(upload.id))).toBeNull();
  });
});

describe("the sweep web instances run", () => {
  it("starts with the server (instrumentation.ts): a stale upload is gone without anyone asking", async () => {
    const stale = await initiateUpload({ userId, fileName: "stale.wav", contentType: "audio/wav" });
    await backdate(stale.file.id, 25 * HOUR);
    const server = await startApiServer({ port: 3951, env: { QUEUE_CONCURRENCY: "0" } });
    try {
      await waitFor(() => rowOf(stale.file.id), (row) => row === null);
    } finally {
      await server.stop();
    }
  });
});
