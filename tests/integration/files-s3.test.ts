/**
 * File storage in an S3-compatible bucket (FILE_STORE=s3), against a local S3 server (s3rver) that
 * the app reaches the way it reaches MinIO: endpoint, path-style addressing, a key pair and a prefix.
 * Two web instances share the database and the bucket: what one stores, the other serves, transcribes
 * and deletes. Then the bucket goes away (clear 503s, nothing stored half-way, nothing charged, an
 * upload URL that can be retried, a delete taken and finished later by the file sweep), and an instance
 * switched to FILE_STORE=db still reads the bucket's files.
 */
import "./support";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createApiUser, spokenWord, type ApiUser } from "@/tests/support/api-fixtures";
import { MOONSHINE_ID, startApiServer, type ApiServer } from "@/tests/support/api-server";
import { startS3StandIn, type S3StandIn } from "@/tests/support/s3-standin";
import { balanceOf, fileIdOf, onOrigin, rowOf, uploadClip, type Uploaded } from "./files-support";
import { dataUri, falClientFor, waitFor, type FalErrorBody } from "./queue-support";

const PREFIX = `run-${randomBytes(4).toString("hex")}/`;
const QUEUE = `files-s3-${randomBytes(4).toString("hex")}`;
const PORTS = { s3: 3910, a: 3900, b: 3901 };

let bucket: S3StandIn;
let a: ApiServer;
let b: ApiServer;
let user: ApiUser;

const objectKey = (url: string) => {
  const id = fileIdOf(url);
  return `${PREFIX}${id.slice(0, 2)}/${id}`;
};

function startInstance(port: number, extra: Record<string, string> = {}): Promise<ApiServer> {
  return startApiServer({ port, env: { ...bucket.appEnv(PREFIX), QUEUE_NAME: QUEUE, ...extra } });
}

beforeAll(async () => {
  bucket = await startS3StandIn({ port: PORTS.s3 });
  [a, b] = await Promise.all([startInstance(PORTS.a), startInstance(PORTS.b)]);
  user = await createApiUser({ creditMicroUsd: 1_000_000 });
});

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await bucket?.close();
});

async function uploaded(server: ApiServer, clip: Buffer, name = "clip.wav"): Promise<Uploaded> {
  const response = await uploadClip(server.origin, user.key, clip, name);
  expect(response.status, await response.clone().text()).toBe(201);
  return (await response.json()) as Uploaded;
}

describe("two web instances sharing a bucket", () => {
  it("stores an upload in the bucket under S3_PREFIX, and the other instance serves it", async () => {
    const clip = spokenWord("seven");
    const file = await uploaded(a, clip, "seven.wav");

    expect(await bucket.readObject(objectKey(file.url))).toEqual(clip);
    expect((await rowOf(file.url))?.backend).toBe("s3");

    const served = await fetch(onOrigin(file.url, b.origin));
    expect(served.status).toBe(200);
    expect(served.headers.get("content-type")).toBe("audio/wav");
    expect(Buffer.from(await served.arrayBuffer()).equals(clip)).toBe(true);
  });

  it("transcribes an upload made through one instance in a job submitted to the other, then drops the job's audio", async () => {
    const file = await uploaded(a, spokenWord("seven"));
    // In a cluster every instance has the same PUBLIC_URL; here each has its own, so B is given the URL
    // with its origin. B reads the file from the bucket (logged as an uploaded file), never over HTTP.
    const fal = falClientFor(b.origin, user.key);
    const result = await fal.subscribe(MOONSHINE_ID, { input: { audio_url: onOrigin(file.url, b.origin) }, logs: true, pollInterval: 100 });
    expect(result.data).toEqual({ output: "seven", partial: false });
    const status = (await fal.queue.status(MOONSHINE_ID, { requestId: result.requestId, logs: true })) as unknown as { logs: { message: string }[] };
    expect(status.logs[0]!.message).toMatch(/uploaded file/);

    // The job's own copy of its audio (kept in the bucket: see the 503 below when it is down) is deleted
    // from the bucket once the job has ended; the upload it was made from stays.
    const job = await db.queueJob.findUnique({ where: { id: result.requestId } });
    await waitFor(() => db.storedFile.findUnique({ where: { id: job!.audioFileId } }), (row) => row === null);
    expect((await bucket.keys(PREFIX)).filter((key) => key.endsWith(`/${job!.audioFileId}`))).toEqual([]);
    expect(await bucket.readObject(objectKey(file.url))).not.toBeNull(); // the upload itself stays
  });

  it("takes the bytes of fal's two-step upload on another instance than the one that initiated it", async () => {
    const initiated = await fetch(`${a.origin}/api/files/upload/initiate`, {
      method: "POST",
      headers: { authorization: `Key ${user.key}`, "content-type": "application/json" },
      body: JSON.stringify({ content_type: "audio/wav", file_name: "two.wav" }),
    });
    const { upload_url, file_url } = (await initiated.json()) as { upload_url: string; file_url: string };
    const put = await fetch(onOrigin(upload_url, b.origin), { method: "PUT", body: new Uint8Array(spokenWord("two")) });
    expect(put.status).toBe(200);
    expect(await bucket.readObject(objectKey(file_url))).toEqual(spokenWord("two"));
    expect(Buffer.from(await (await fetch(file_url)).arrayBuffer()).equals(spokenWord("two"))).toBe(true);
  });

  it("deletes an upload for its owner through either instance: gone from the bucket and from both", async () => {
    const file = await uploaded(a, spokenWord("nine"));
    const stranger = await createApiUser();
    const del = (key: string) => fetch(onOrigin(file.url, b.origin), { method: "DELETE", headers: { authorization: `Key ${key}` } });

    expect((await del(stranger.key)).status).toBe(404);
    expect(await bucket.readObject(objectKey(file.url))).not.toBeNull();

    expect((await del(user.key)).status).toBe(204);
    expect(await bucket.readObject(objectKey(file.url))).toBeNull();
    expect(await rowOf(file.url)).toBeNull();
    expect((await fetch(file.url)).status).toBe(404);
    expect((await del(user.key)).status).toBe(404);
  });
});

describe("when the bucket cannot be reached", () => {
  it("answers 503 storage_unavailable, keeps no row, charges nothing, and lets an upload URL be retried", async () => {
    const kept = await uploaded(a, spokenWord("three"));
    const initiated = await fetch(`${a.origin}/api/files/upload/initiate`, {
      method: "POST",
      headers: { authorization: `Key ${user.key}`, "content-type": "application/json" },
      body: JSON.stringify({ content_type: "audio/wav", file_name: "later.wav" }),
    });
    const { upload_url, file_url } = (await initiated.json()) as { upload_url: string; file_url: string };
    const rowsBefore = await db.storedFile.count({ where: { userId: user.userId } });
    const balanceBefore = await balanceOf(user.userId);

    await bucket.stop();
    try {
      const refused = await uploadClip(a.origin, user.key, spokenWord("four"));
      expect(refused.status).toBe(503);
      expect(((await refused.json()) as FalErrorBody).code).toBe("storage_unavailable");

      // A queued request's audio cannot be kept either: refused before it exists, its hold released.
      const submitted = await fetch(`${b.origin}/queue/${MOONSHINE_ID}`, {
        method: "POST",
        headers: { authorization: `Key ${user.key}`, "content-type": "application/json" },
        body: JSON.stringify({ audio_url: dataUri(spokenWord("five")) }),
      });
      expect(submitted.status).toBe(503);
      expect(((await submitted.json()) as FalErrorBody).code).toBe("storage_unavailable");

      // An upload that exists but cannot be read now is the store's fault, not a missing file (422).
      const fromUpload = await fetch(`${b.origin}/queue/${MOONSHINE_ID}`, {
        method: "POST",
        headers: { authorization: `Key ${user.key}`, "content-type": "application/json" },
        body: JSON.stringify({ audio_url: onOrigin(kept.url, b.origin) }),
      });
      expect(fromUpload.status).toBe(503);
      expect(((await fromUpload.json()) as FalErrorBody).code).toBe("storage_unavailable");

      const served = await fetch(kept.url);
      expect(served.status).toBe(503); // not 404: the file exists, the store is down
      expect(served.headers.get("retry-after")).toBeTruthy();
      expect(((await served.json()) as FalErrorBody).code).toBe("storage_unavailable");

      expect((await fetch(upload_url, { method: "PUT", body: new Uint8Array(spokenWord("six")) })).status).toBe(503);
      expect((await fetch(file_url)).status).toBe(404);

      // A delete is taken (the file is gone for callers at once); the file sweep removes the bytes later.
      expect((await fetch(kept.url, { method: "DELETE", headers: { authorization: `Key ${user.key}` } })).status).toBe(204);
      expect((await fetch(kept.url)).status).toBe(404);

      expect(await db.storedFile.count({ where: { userId: user.userId } })).toBe(rowsBefore);
      expect(await balanceOf(user.userId)).toBe(balanceBefore);
    } finally {
      await bucket.start();
    }

    // Back up: the file deleted during the outage stays deleted, and the same upload URL now works.
    expect((await fetch(kept.url)).status).toBe(404);
    expect((await fetch(upload_url, { method: "PUT", body: new Uint8Array(spokenWord("six")) })).status).toBe(200);
    expect(Buffer.from(await (await fetch(file_url)).arrayBuffer()).equals(spokenWord("six"))).toBe(true);
  });
});

describe("switching FILE_STORE", () => {
  it("an instance restarted with FILE_STORE=db still serves the bucket's files and writes new ones to the database", async () => {
    const old = await uploaded(a, spokenWord("eight"));
    await b.stop();
    b = await startInstance(PORTS.b, { FILE_STORE: "db" });

    expect(Buffer.from(await (await fetch(onOrigin(old.url, b.origin))).arrayBuffer()).equals(spokenWord("eight"))).toBe(true);

    const keysBefore = await bucket.keys(PREFIX);
    const fresh = await uploaded(b, spokenWord("one"));
    const row = await rowOf(fresh.url);
    expect(row?.backend).toBe("db");
    expect(await db.storedFileBlob.findUnique({ where: { key: row!.storageKey } })).not.toBeNull();
    expect(await bucket.keys(PREFIX)).toEqual(keysBefore);
    // ...and the s3 instance reads the database's file: it follows the row, not its own setting.
    expect(Buffer.from(await (await fetch(onOrigin(fresh.url, a.origin))).arrayBuffer()).equals(spokenWord("one"))).toBe(true);
  });
});
