/**
 * A local S3-compatible server for tests (s3rver on loopback, its objects in a temporary folder), plus
 * an SDK client to read the bucket back the way an operator would. Node-only, no Next imports.
 *
 * s3rver checks request signatures against its fixed key pair (S3RVER/S3RVER), so the app is set up
 * exactly as for MinIO: an endpoint, path-style addressing and a key pair. `stop()` and `start()` take
 * the server away and bring it back on the same port with the same objects, for "bucket unreachable".
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import S3rver from "s3rver";

const ACCESS_KEY = "S3RVER";

export interface S3StandIn {
  /** http://127.0.0.1:<port> */
  endpoint: string;
  bucket: string;
  /** The app settings that store files in this bucket (FILE_STORE=s3 and the S3_* values). */
  appEnv(prefix?: string): Record<string, string>;
  /** The object's bytes, or null when the bucket has no such key. */
  readObject(key: string): Promise<Buffer | null>;
  /** Every key in the bucket under `prefix`. */
  keys(prefix?: string): Promise<string[]>;
  /** Takes the server off its port (the objects stay on disk). */
  stop(): Promise<void>;
  /** Serves again on the same port. */
  start(): Promise<void>;
  /** Stops it and removes its objects. */
  close(): Promise<void>;
}

export async function startS3StandIn(options: { port: number; bucket?: string }): Promise<S3StandIn> {
  const bucket = options.bucket ?? "gigarouter-test";
  const directory = mkdtempSync(path.join(os.tmpdir(), "gigarouter-s3-"));
  const endpoint = `http://127.0.0.1:${options.port}`;
  let server: S3rver | null = null;

  const start = async () => {
    if (server) return;
    const next = new S3rver({ address: "127.0.0.1", port: options.port, directory, silent: true, configureBuckets: [{ name: bucket, configs: [] }] });
    await next.run();
    server = next;
  };
  const stop = async () => {
    const running = server;
    server = null;
    await running?.close();
  };

  const client = new S3Client({
    region: "us-east-1",
    endpoint,
    forcePathStyle: true,
    credentials: { accessKeyId: ACCESS_KEY, secretAccessKey: ACCESS_KEY },
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });

  await start();
  return {
    endpoint,
    bucket,
    appEnv: (prefix = "") => ({
      FILE_STORE: "s3",
      S3_BUCKET: bucket,
      S3_ENDPOINT: endpoint,
      S3_REGION: "us-east-1",
      S3_ACCESS_KEY_ID: ACCESS_KEY,
      S3_SECRET_ACCESS_KEY: ACCESS_KEY,
      S3_FORCE_PATH_STYLE: "1",
      S3_PREFIX: prefix,
    }),
    async readObject(key) {
      try {
        await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
      } catch (error) {
        if ((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return null;
        throw error;
      }
      const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      return Buffer.from(await object.Body!.transformToByteArray());
    },
    async keys(prefix = "") {
      const listed = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));
      return (listed.Contents ?? []).map((object) => object.Key!).sort();
    },
    stop,
    start,
    async close() {
      await stop();
      client.destroy();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
