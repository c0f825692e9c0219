import "server-only";
import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { UnavailableError } from "@/lib/errors";
import { MissingBytesError, safeKey, type FileStore } from "./store";

export interface S3StoreOptions {
  bucket: string;
  region: string;
  /** Unset: AWS itself. */
  endpoint?: string;
  /** Unset: the SDK's own credential chain (environment, shared files, instance role). */
  credentials?: { accessKeyId: string; secretAccessKey: string };
  forcePathStyle: boolean;
  /** Prepended to every key ("" or folder names ending in "/"). */
  prefix: string;
}

/** Seconds a caller is told to wait after the bucket failed. */
const RETRY_AFTER_SECONDS = 5;

/** Anything but "no such object" means the bucket could not be used: retryable, and not the caller's fault. */
function unavailable(error: unknown): UnavailableError {
  return new UnavailableError("File storage is unreachable right now; nothing was stored or charged. Try again shortly.", {
    code: "storage_unavailable",
    cause: error,
    headers: { "retry-after": String(RETRY_AFTER_SECONDS) },
  });
}

function isNoSuchKey(error: unknown): boolean {
  // NoSuchBucket is a 404 too, but it is a misconfigured store, not a missing file.
  return error instanceof Error && (error.name === "NoSuchKey" || error.name === "NotFound");
}

/** Bytes as objects in an S3-compatible bucket (AWS S3, MinIO, Cloudflare R2, ...). */
export function s3Store(options: S3StoreOptions): FileStore {
  const client = new S3Client({
    region: options.region,
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
    forcePathStyle: options.forcePathStyle,
    // Recent SDKs add CRC32 checksums (and aws-chunked bodies) to every upload; many S3-compatible
    // servers reject those. Only operations that S3 itself requires a checksum for get one.
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
    // A dead endpoint fails within seconds rather than holding the caller's request open.
    maxAttempts: 3,
    requestHandler: { connectionTimeout: 5_000, requestTimeout: 60_000 },
  });
  const objectKey = (key: string) => `${options.prefix}${safeKey(key)}`;
  return {
    backend: "s3",
    async put(key, bytes) {
      try {
        await client.send(new PutObjectCommand({ Bucket: options.bucket, Key: objectKey(key), Body: bytes, ContentLength: bytes.byteLength }));
      } catch (error) {
        throw unavailable(error);
      }
    },
    async get(key) {
      try {
        const object = await client.send(new GetObjectCommand({ Bucket: options.bucket, Key: objectKey(key) }));
        if (!object.Body) throw new MissingBytesError(key);
        return await object.Body.transformToByteArray();
      } catch (error) {
        if (error instanceof MissingBytesError) throw error;
        if (isNoSuchKey(error)) throw new MissingBytesError(key, { cause: error });
        throw unavailable(error);
      }
    },
    async delete(key) {
      try {
        // S3 answers 204 whether or not the object existed.
        await client.send(new DeleteObjectCommand({ Bucket: options.bucket, Key: objectKey(key) }));
      } catch (error) {
        throw unavailable(error);
      }
    },
  };
}
