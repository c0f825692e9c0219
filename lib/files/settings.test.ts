/**
 * FILE_STORE and the S3 settings: which store new files go to, and the start-up errors that name what
 * is missing instead of failing on the first upload.
 */
import { afterEach, describe, expect, it, vi } from "vitest";

const SETTINGS = ["FILE_STORE", "QUEUE_BACKEND", "S3_BUCKET", "S3_ENDPOINT", "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY", "S3_PREFIX"];

/** lib/env and lib/files/stores as a fresh process with these settings would load them. */
async function load(settings: Record<string, string>) {
  vi.resetModules();
  for (const name of SETTINGS) vi.stubEnv(name, settings[name]);
  if (settings.QUEUE_BACKEND === "pg-boss") vi.stubEnv("DATABASE_URL", "postgresql://postgres@127.0.0.1:1/unused");
  return import("./stores");
}

afterEach(() => {
  vi.unstubAllEnvs();
  vi.resetModules();
});

describe("which store new files go to", () => {
  it("is local disk by default, and the database for a pg-boss cluster", async () => {
    expect((await load({})).writeBackend()).toBe("local");
    expect((await load({ QUEUE_BACKEND: "pg-boss" })).writeBackend()).toBe("db");
  });

  it("is FILE_STORE when set", async () => {
    expect((await load({ FILE_STORE: "db" })).writeBackend()).toBe("db");
    expect((await load({ FILE_STORE: "s3", S3_BUCKET: "audio", QUEUE_BACKEND: "pg-boss" })).writeBackend()).toBe("s3");
  });
});

describe("settings refused at start-up", () => {
  it("refuses FILE_STORE=s3 without a bucket", async () => {
    await expect(load({ FILE_STORE: "s3" })).rejects.toThrow(/FILE_STORE=s3 needs S3_BUCKET/);
  });

  it("refuses local disk for a pg-boss cluster, naming the stores that work", async () => {
    await expect(load({ FILE_STORE: "local", QUEUE_BACKEND: "pg-boss" })).rejects.toThrow(/use FILE_STORE=db or s3/);
  });

  it("refuses half a key pair, a bad endpoint and a bad prefix", async () => {
    await expect(load({ FILE_STORE: "s3", S3_BUCKET: "audio", S3_ACCESS_KEY_ID: "AKIA" })).rejects.toThrow(/S3_SECRET_ACCESS_KEY/);
    await expect(load({ FILE_STORE: "s3", S3_BUCKET: "audio", S3_ENDPOINT: "not a url" })).rejects.toThrow(/S3_ENDPOINT/);
    await expect(load({ FILE_STORE: "s3", S3_BUCKET: "audio", S3_PREFIX: "../up" })).rejects.toThrow(/S3_PREFIX/);
    await expect(load({ FILE_STORE: "nas" })).rejects.toThrow(/FILE_STORE/);
  });
});

describe("reading a file whose store is not configured here", () => {
  it("is a 503 naming the missing S3 settings, not a crash or a 404", async () => {
    const { storeFor } = await load({ FILE_STORE: "db" });
    expect(() => storeFor("s3")).toThrow(expect.objectContaining({ status: 503, code: "storage_unavailable", message: expect.stringMatching(/S3_BUCKET/) }));
    expect(() => storeFor("ftp")).toThrow(expect.objectContaining({ status: 503 }));
  });
});
