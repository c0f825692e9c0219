/**
 * File storage in the database (FILE_STORE=db): what a cluster without a bucket uses, and the default
 * with QUEUE_BACKEND=pg-boss. Two web instances with nothing shared but the database (each has its own
 * DATA_DIR): an upload through one is in stored_file_blobs, served and transcribed by the other, and
 * deleted for its owner through either.
 */
import "./support";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createApiUser, spokenWord, type ApiUser } from "@/tests/support/api-fixtures";
import { MOONSHINE_ID, startApiServer, type ApiServer } from "@/tests/support/api-server";
import { onOrigin, rowOf, uploadClip, type Uploaded } from "./files-support";
import { falClientFor, waitFor } from "./queue-support";

const QUEUE = `files-db-${randomBytes(4).toString("hex")}`;
let a: ApiServer;
let b: ApiServer;
let user: ApiUser;

beforeAll(async () => {
  const env = { FILE_STORE: "db", QUEUE_NAME: QUEUE };
  [a, b] = await Promise.all([startApiServer({ port: 3902, env }), startApiServer({ port: 3903, env })]);
  user = await createApiUser({ creditMicroUsd: 1_000_000 });
});

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
});

async function uploaded(clip: Buffer): Promise<Uploaded> {
  const response = await uploadClip(a.origin, user.key, clip);
  expect(response.status, await response.clone().text()).toBe(201);
  return (await response.json()) as Uploaded;
}

async function blobOf(url: string) {
  const row = await rowOf(url);
  return row ? db.storedFileBlob.findUnique({ where: { key: row.storageKey } }) : null;
}

describe("two web instances sharing only the database", () => {
  it("keeps an upload's bytes in the database, and the other instance serves them", async () => {
    const clip = spokenWord("seven");
    const file = await uploaded(clip);
    expect((await rowOf(file.url))?.backend).toBe("db");
    expect(Buffer.from((await blobOf(file.url))!.bytes).equals(clip)).toBe(true);

    const served = await fetch(onOrigin(file.url, b.origin));
    expect(served.status).toBe(200);
    expect(Buffer.from(await served.arrayBuffer()).equals(clip)).toBe(true);
  });

  it("transcribes an upload made through one instance in a job submitted to the other", async () => {
    const file = await uploaded(spokenWord("seven"));
    const fal = falClientFor(b.origin, user.key);
    const result = await fal.subscribe(MOONSHINE_ID, { input: { audio_url: onOrigin(file.url, b.origin) }, pollInterval: 100 });
    expect(result.data).toEqual({ output: "seven", partial: false });

    // The job's audio was a database file too, and is gone once the job has ended.
    const job = await db.queueJob.findUnique({ where: { id: result.requestId } });
    const key = `${job!.audioFileId.slice(0, 2)}/${job!.audioFileId}`;
    await waitFor(() => db.storedFileBlob.findUnique({ where: { key } }), (blob) => blob === null);
    expect(await db.storedFile.findUnique({ where: { id: job!.audioFileId } })).toBeNull();
  });

  it("takes the bytes of fal's two-step upload on the other instance", async () => {
    const initiated = await fetch(`${a.origin}/api/files/upload/initiate`, {
      method: "POST",
      headers: { authorization: `Key ${user.key}`, "content-type": "application/json" },
      body: JSON.stringify({ content_type: "audio/wav", file_name: "two.wav" }),
    });
    const { upload_url, file_url } = (await initiated.json()) as { upload_url: string; file_url: string };
    expect((await fetch(onOrigin(upload_url, b.origin), { method: "PUT", body: new Uint8Array(spokenWord("two")) })).status).toBe(200);
    expect(Buffer.from((await blobOf(file_url))!.bytes).equals(spokenWord("two"))).toBe(true);
    expect(Buffer.from(await (await fetch(file_url)).arrayBuffer()).equals(spokenWord("two"))).toBe(true);
  });

  it("deletes an upload for its owner only: bytes and row gone, 404 on both instances", async () => {
    const file = await uploaded(spokenWord("nine"));
    const { storageKey } = (await rowOf(file.url))!;
    const stranger = await createApiUser();
    const del = (key: string) => fetch(onOrigin(file.url, b.origin), { method: "DELETE", headers: { authorization: `Key ${key}` } });

    expect((await del(stranger.key)).status).toBe(404);
    expect((await fetch(file.url)).status).toBe(200);

    expect((await del(user.key)).status).toBe(204);
    expect(await db.storedFileBlob.findUnique({ where: { key: storageKey } })).toBeNull();
    expect(await rowOf(file.url)).toBeNull();
    expect((await fetch(file.url)).status).toBe(404);
    expect((await fetch(onOrigin(file.url, b.origin))).status).toBe(404);
  });
});
