import "server-only";
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { currentUser } from "@/lib/auth";
import { findModel } from "@/lib/catalog";
import { env } from "@/lib/env";
import { RateLimitedError, UnauthorizedError, ValidationError } from "@/lib/errors";
import { mediaType, parseMultipart, PayloadTooLargeError, readBodyCapped } from "@/lib/openai/body";
import type { Caller } from "@/lib/openai/service";
import { clientKey, hitRateLimit } from "@/lib/rate-limit";
import { BUNDLED_MODEL_ID, SAMPLE_CLIPS } from "./samples";

/**
 * Who a playground run is for. The playground runs the API's own pipeline (lib/openai/service), so it is
 * validated, decoded, held, charged and logged exactly like an API call — only the caller differs:
 *
 * - signed in (session cookie): the person pays from their balance; the run appears in their activity
 *   as "Playground"; counted against the same per-minute limit as an API key;
 * - signed out: only the bundled model on the bundled sample clips, free and unlogged, a few runs per
 *   minute per client. Anything else is a 401 that asks them to sign in for free credit.
 */

export const PLAYGROUND_KEY_NAME = "Playground";

/** A sample clip plus multipart framing fits well inside this; nothing a guest may send is larger. */
const GUEST_MAX_BODY_BYTES = 1 << 20;

export interface AdmittedRun {
  /** The request to serve (a guest's body has been read to check it, so it is rebuilt from the bytes). */
  request: Request;
  caller: Caller;
}

export async function admitPlaygroundRun(request: Request): Promise<AdmittedRun> {
  const user = await currentUser();
  if (user) {
    return {
      request,
      caller: {
        payer: { userId: user.id, apiKeyId: null, apiKeyName: PLAYGROUND_KEY_NAME },
        admit: async () => {
          await limit("playground", env.API_RATE_LIMIT_PER_MINUTE, user.id, "runs");
          return {};
        },
      },
    };
  }
  return admitGuest(request);
}

async function admitGuest(request: Request): Promise<AdmittedRun> {
  if (mediaType(request) !== "multipart/form-data") {
    throw new ValidationError("Send the audio as multipart/form-data.", { status: 400, code: "invalid_body" });
  }
  const contentType = request.headers.get("content-type") ?? "multipart/form-data";
  const bytes = await readBodyCapped(request, GUEST_MAX_BODY_BYTES, "too large").catch((error: unknown) => {
    // Too large to be a sample: for a guest that is their own audio, which needs an account.
    throw error instanceof PayloadTooLargeError ? signInRequired(signInMessage("your own audio")) : error;
  });
  const form = await parseMultipart(bytes, contentType);

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
  return {
    request: new Request(request.url, { method: "POST", headers: request.headers, body: bytes as Uint8Array<ArrayBuffer>, signal: request.signal }),
    caller: { payer: null, admit: async () => ({}) },
  };
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
