import "server-only";
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { currentUser } from "@/lib/auth";
import { findModel } from "@/lib/catalog";
import { env } from "@/lib/env";
import { RateLimitedError, UnauthorizedError, ValidationError } from "@/lib/errors";
import { formatBytes, mediaType, parseMultipart, PayloadTooLargeError, readBodyCapped } from "@/lib/openai/body";
import { clientKey, hitRateLimit } from "@/lib/rate-limit";
import { BUNDLED_MODEL_ID, SAMPLE_CLIPS } from "./samples";

/**
 * Who a playground run is for. A playground run is a job in the same queue as the queue API's
 * (lib/jobs), validated, held, charged and logged like one — only the caller differs:
 *
 * - signed in (session cookie): the person pays from their balance with no API key; the run appears
 *   in their activity as "Playground"; counted against the same per-minute limit as an API key;
 * - signed out: only the bundled model on the bundled sample clips, free and unlogged, a few runs per
 *   minute per client. Anything else is a 401 that asks them to sign in for free credit.
 */

/** A sample clip plus multipart framing fits well inside this; nothing a guest may send is larger. */
const GUEST_MAX_BODY_BYTES = 1 << 20;
/** Room for the multipart framing and the other fields around the file. */
const MULTIPART_OVERHEAD_BYTES = 1 << 20;

export interface AdmittedRun {
  /** The payer; null for a guest's free run. */
  userId: string | null;
  /** The request to parse (its body has been read here, so it is rebuilt from the bytes). */
  request: Request;
  /** The same body as form fields, for the fields /v1 does not have (acceleration). */
  form: FormData;
}

export async function admitPlaygroundRun(request: Request): Promise<AdmittedRun> {
  if (mediaType(request) !== "multipart/form-data") {
    throw new ValidationError("Send the audio as multipart/form-data.", { status: 400, code: "invalid_body" });
  }
  const user = await currentUser();
  if (user) {
    await limit("playground", env.API_RATE_LIMIT_PER_MINUTE, user.id, "runs");
    const bytes = await readBodyCapped(request, env.API_MAX_AUDIO_BYTES + MULTIPART_OVERHEAD_BYTES, `The audio file is larger than the ${formatBytes(env.API_MAX_AUDIO_BYTES)} limit.`);
    return { userId: user.id, request: rebuilt(request, bytes), form: await formOf(request, bytes) };
  }
  return admitGuest(request);
}

function rebuilt(request: Request, bytes: Uint8Array): Request {
  return new Request(request.url, { method: "POST", headers: request.headers, body: bytes as Uint8Array<ArrayBuffer>, signal: request.signal });
}

function formOf(request: Request, bytes: Uint8Array): Promise<FormData> {
  return parseMultipart(bytes, request.headers.get("content-type") ?? "multipart/form-data");
}

async function admitGuest(request: Request): Promise<AdmittedRun> {
  const bytes = await readBodyCapped(request, GUEST_MAX_BODY_BYTES, "too large").catch((error: unknown) => {
    // Too large to be a sample: for a guest that is their own audio, which needs an account.
    throw error instanceof PayloadTooLargeError ? signInRequired(signInMessage("your own audio")) : error;
  });
  const form = await formOf(request, bytes);

  const modelField = form.get("model");
  const model = typeof modelField === "string" ? findModel(modelField) : undefined;
  if (!model || model.id !== BUNDLED_MODEL_ID) {
    throw signInRequired(signInMessage(model ? model.name : "other models"));
  }
  const file = form.get("file");
  if (!(file instanceof Blob) || !(await sampleHashes()).has(sha256(new Uint8Array(await file.arrayBuffer())))) {
    throw signInRequired(signInMessage("your own audio"));
  }

  await limit("playground-guest", env.PLAYGROUND_GUEST_RUNS_PER_MINUTE, clientKey(request), "free sample runs");
  return { userId: null, request: rebuilt(request, bytes), form };
}

function signInMessage(what: string): string {
  return `Signed out, the playground runs the sample clips on Moonshine Micro for free. Sign in to run ${what} — new accounts get free credit.`;
}

function signInRequired(message: string): UnauthorizedError {
  return new UnauthorizedError(message, { code: "sign_in_required" });
}

async function limit(name: string, perMinute: number, client: string, what: string): Promise<void> {
  const result = await hitRateLimit({ name, limit: perMinute, windowMs: 60_000 }, client);
  if (!result.allowed) {
    throw new RateLimitedError(
      result.retryAfterSeconds,
      `That is ${perMinute} ${what} this minute, the most the playground allows. Try again in ${result.retryAfterSeconds} s.`,
      { code: "rate_limit_exceeded" },
    );
  }
}

function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

let hashes: Promise<Set<string>> | undefined;

/** Hashes of the files in public/samples, read once: a guest's upload must be one of them byte for byte. */
function sampleHashes(): Promise<Set<string>> {
  hashes ??= Promise.all(
    SAMPLE_CLIPS.map(async (clip) => sha256(await readFile(path.join(/* turbopackIgnore: true */ process.cwd(), "public", clip.path)))),
  )
    .then((list) => new Set(list))
    .catch((error: unknown) => {
      hashes = undefined;
      throw error;
    });
  return hashes;
}
