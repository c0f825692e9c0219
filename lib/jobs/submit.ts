import "server-only";
import { randomUUID } from "node:crypto";
import type { AuthenticatedKey } from "@/lib/api-keys";
import type { ModelView } from "@/lib/catalog";
import { deleteStoredFile, saveFile } from "@/lib/files";
import { FetchUrlError } from "@/lib/fetch-url";
import { reserveCharge, type Reservation } from "@/lib/metering/meter";
import { chargeFor } from "@/lib/metering/price";
import { fieldError, fromZodIssues } from "@/lib/queue-api/errors";
import { inputSchemaFor, type QueueInput } from "@/lib/queue-api/schema";
import { env } from "@/lib/env";
import { checkWebhookUrl } from "@/lib/webhooks";
import { decodeForPrice, receiveAudio, type ReceivedAudio } from "./audio";
import { dispatchJob, usesPgBoss } from "@/lib/queue";
import { UnavailableError } from "@/lib/errors";
import { appendLog, GUEST_USER_ID, insertJob, KEYLESS_JOB_NAME, markFailed, type Job, type JobMode, type StoredInput } from "./store";

/**
 * A request becomes a job: validate the input against the model's schema (422 naming the field),
 * fetch the audio (422 when it cannot be used), decode it to learn its length, hold its price on the
 * balance (402 when credit or the key's spend limit is short), store the audio, and write the job row.
 *
 * Everything that can be refused is refused here, before the caller gets a request id; a job that
 * exists has its audio, its price held, and nothing left to check. If anything fails after the hold,
 * the hold is released.
 */

export interface SubmitInput {
  key: AuthenticatedKey;
  model: ModelView;
  /** The parsed JSON body. */
  body: unknown;
  mode: JobMode;
  /** fal's `fal_webhook` query parameter. */
  webhookUrl?: string | null;
  /** For a /run request: the worker that runs it at once. */
  claimedBy?: { workerId: string; leaseMs: number };
}

export function parseInput(model: ModelView, body: unknown): QueueInput {
  const result = inputSchemaFor(model).safeParse(body ?? {}, { reportInput: true });
  if (!result.success) throw fromZodIssues(result.error);
  return result.data;
}

function storedInput(input: QueueInput, bytes: number): StoredInput {
  const audioUrl = input.audio_url.toLowerCase().startsWith("data:")
    ? `${input.audio_url.slice(0, input.audio_url.indexOf(",") + 1)}… (${bytes} bytes)`
    : input.audio_url;
  return { audio_url: audioUrl, language: input.language, acceleration: input.acceleration };
}

function webhookOf(url: string | null | undefined): string | null {
  if (url === null || url === undefined || url.trim() === "") return null;
  try {
    return checkWebhookUrl(url.trim()).toString();
  } catch (error) {
    const message = error instanceof FetchUrlError ? error.message : "Not a valid URL.";
    throw fieldError(["query", "fal_webhook"], `The webhook URL is not usable: ${message}`, "url_scheme", error);
  }
}

export async function submitJob(request: SubmitInput): Promise<Job> {
  const { key, model, mode } = request;
  const input = parseInput(model, request.body);
  const webhookUrl = webhookOf(request.webhookUrl);
  const audio = await receiveAudio(input.audio_url);
  return enqueue({
    owner: { userId: key.userId, apiKeyId: key.id },
    model,
    mode,
    input: storedInput(input, audio.bytes.byteLength),
    audio,
    webhookUrl,
    reason: mode === "queue" ? "Queue" : "Run",
    ...(request.claimedBy ? { claimedBy: request.claimedBy } : {}),
  });
}

/**
 * A playground run: the person signed in (paying from their balance, no API key), or a guest's free
 * run (`userId` null; the caller has checked it is the bundled model on a sample clip). The audio was
 * uploaded with the request and the options checked against the model by the caller; from here on it
 * is a job like any other, in the same queue.
 */
export interface SessionSubmitInput {
  userId: string | null;
  model: ModelView;
  /** "stream" for a streaming model's transcription (partials as it decodes), else "queue". */
  mode: Extract<JobMode, "queue" | "stream">;
  input: Omit<StoredInput, "audio_url">;
  audio: Pick<ReceivedAudio, "bytes" | "fileName" | "contentType">;
}

export async function submitSessionJob(request: SessionSubmitInput): Promise<Job> {
  const { audio } = request;
  return enqueue({
    owner: request.userId === null ? { userId: GUEST_USER_ID, apiKeyId: null, free: true } : { userId: request.userId, apiKeyId: null },
    model: request.model,
    mode: request.mode,
    input: { audio_url: `upload: ${audio.fileName} (${audio.bytes.byteLength} bytes)`, ...request.input },
    audio: { ...audio, source: "upload" },
    webhookUrl: null,
    reason: KEYLESS_JOB_NAME,
  });
}

interface Admission {
  /** Who pays (from their balance, and the key's spend limit when there is a key); `free` holds nothing. */
  owner: { userId: string; apiKeyId: string | null; free?: boolean };
  model: ModelView;
  mode: JobMode;
  input: StoredInput;
  audio: ReceivedAudio;
  webhookUrl: string | null;
  /** First word of the ledger line: "Queue", "Run", "Playground". */
  reason: string;
  claimedBy?: { workerId: string; leaseMs: number };
}

/** No hold: a guest's free run. */
function freeReservation(durationSeconds: number): Reservation {
  return { holdId: "", held: chargeFor(durationSeconds, 0), settle: async (seconds) => chargeFor(seconds, 0), release: async () => undefined };
}

async function enqueue(admission: Admission): Promise<Job> {
  const { owner, model, mode, audio } = admission;
  // With pg-boss, a /run request is queued like any other and a worker serving the model runs it.
  const claimedBy = usesPgBoss() ? undefined : admission.claimedBy;
  const decoded = await decodeForPrice(model, audio.bytes);

  const id = randomUUID();
  const reservation: Reservation = owner.free
    ? freeReservation(decoded.durationSeconds)
    : await reserveCharge(
        {
          requestId: id,
          userId: owner.userId,
          apiKeyId: owner.apiKeyId,
          reason: `${admission.reason} · ${model.shortName} · ${decoded.durationSeconds.toFixed(1)} s`,
          perMinuteMicroUsd: model.pricing.perMinuteMicroUsd,
        },
        decoded.durationSeconds,
      );
  // Audio kept for a job whose row was never written: nothing else would delete it.
  let unclaimedAudio: string | null = null;
  try {
    const file = await saveFile({
      userId: owner.free ? null : owner.userId,
      purpose: "job-audio",
      fileName: audio.fileName,
      contentType: audio.contentType,
      bytes: audio.bytes,
    });
    unclaimedAudio = file.id;
    const job = await insertJob({
      id,
      queue: env.QUEUE_NAME,
      userId: owner.userId,
      apiKeyId: owner.apiKeyId,
      modelId: model.id,
      mode,
      input: admission.input,
      audioFileId: file.id,
      audioSeconds: decoded.durationSeconds,
      heldMicroUsd: reservation.held.costMicroUsd,
      holdId: reservation.holdId || null,
      webhookUrl: admission.webhookUrl,
      ...(claimedBy ? { claimedBy } : {}),
    });
    unclaimedAudio = null;
    await appendLog(
      id,
      "INFO",
      `Accepted: ${decoded.durationSeconds.toFixed(2)} s of audio (${audio.source === "url" ? "downloaded" : audio.source === "upload" ? "uploaded file" : "data URI"}), ${reservation.held.billedSeconds} s billed at most.`,
    );
    if (!claimedBy) {
      try {
        await dispatchJob(job);
      } catch (error) {
        // Not queued after all: the row must not wait for a message that never comes.
        await markFailed(job.id, { status: 503, body: { detail: "The queue was unreachable; nothing was charged.", code: "queue_unavailable" }, type: "queue_unavailable" }, { from: ["queued"] }).catch(() => undefined);
        throw new UnavailableError("The queue is unreachable; try again shortly.", { code: "queue_unavailable", cause: error });
      }
    }
    return job;
  } catch (error) {
    if (unclaimedAudio) await deleteStoredFile(unclaimedAudio).catch(() => undefined);
    await reservation.release("Request could not be queued; hold released").catch(() => undefined);
    throw error;
  }
}
