import "server-only";
import { setTimeout as sleep } from "node:timers/promises";
import type { DecodedAudio, ModelCapabilities, TranscribeOptions, Transcript } from "@/inference";
import { env } from "@/lib/env";
import { UnavailableError } from "@/lib/errors";
import { ensureModelQueue, getBoss } from "./boss";
import { packAudio, rebuildError, type CallOutput, type QueueMessage } from "./messages";

/**
 * A web instance's engine when inference runs in workers (QUEUE_BACKEND=pg-boss): the call is a
 * message on the model's queue, and the answer is that message's output once a worker completed it.
 * A worker that dies mid-call does not complete it: pg-boss hands it to another after it expires, and
 * fails it once its retries are spent, which becomes a 503 here (the caller's hold is released by the
 * API layer, which owns the money). The queue being unreachable is a 503 too.
 */

const POLL_START_MS = 10;
const POLL_MAX_MS = 250;

async function call(modelId: string, message: QueueMessage, signal?: AbortSignal): Promise<unknown> {
  let boss;
  let queue: string;
  let id: string | null;
  try {
    boss = await getBoss();
    queue = await ensureModelQueue(boss, modelId);
    id = await boss.send(queue, message);
  } catch (error) {
    throw new UnavailableError("The inference queue is unreachable; try again shortly.", { code: "queue_unavailable", cause: error });
  }
  if (!id) throw new UnavailableError("The inference queue refused the request; try again shortly.", { code: "queue_unavailable" });

  const deadline = Date.now() + env.QUEUE_REMOTE_TIMEOUT_SECONDS * 1000;
  let wait = POLL_START_MS;
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (signal?.aborted) {
      await boss.cancel(queue, id).catch(() => undefined);
      throw signal.reason ?? new Error("aborted");
    }
    try {
      const job = await boss.getJobById<QueueMessage>(queue, id, { includeArchive: true });
      lastError = undefined;
      if (job?.state === "completed") {
        const output = job.output as CallOutput | undefined;
        if (!output) throw new UnavailableError("A worker answered without a result.", { code: "worker_lost" });
        if (output.ok) return output.value;
        throw await rebuildError(output.error);
      }
      if (job?.state === "failed" || job?.state === "cancelled") {
        throw new UnavailableError("No worker could finish the request (it was retried); nothing was charged. Try again.", { code: "worker_lost" });
      }
    } catch (error) {
      if (!isConnectionError(error)) throw error;
      lastError = error; // the database blinked: keep waiting until the deadline
    }
    await sleep(wait);
    wait = Math.min(POLL_MAX_MS, wait * 2);
  }
  await boss.cancel(queue, id).catch(() => undefined);
  throw new UnavailableError(
    lastError ? "The inference queue is unreachable; try again shortly." : "No inference worker answered in time; nothing was charged. Try again.",
    { code: lastError ? "queue_unavailable" : "worker_timeout", cause: lastError },
  );
}

/** PostgreSQL restarting or unreachable (SQLSTATE class 08 / 57P, or the socket went away). */
function isConnectionError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === "string" && (/^(08|57P)/.test(code) || /^E(CONNREFUSED|CONNRESET|PIPE|TIMEDOUT)$/.test(code))) return true;
  return error instanceof Error && /Connection terminated|connection.*(closed|ended)|terminating connection/i.test(error.message);
}

export async function remoteTranscribe(
  modelId: string,
  input: Uint8Array | ArrayBuffer | DecodedAudio,
  options: TranscribeOptions = {},
  signal?: AbortSignal,
): Promise<Transcript> {
  const message: QueueMessage = { kind: "transcribe", modelId, audio: packAudio(input), options: { ...options } };
  return (await call(modelId, message, signal)) as Transcript;
}

const capabilityCache = new Map<string, ModelCapabilities>();

/** A served model's capabilities, asked of a worker once per process. */
export async function remoteCapabilities(modelId: string): Promise<ModelCapabilities> {
  const cached = capabilityCache.get(modelId);
  if (cached) return cached;
  const value = (await call(modelId, { kind: "capabilities", modelId })) as ModelCapabilities;
  capabilityCache.set(modelId, value);
  return value;
}
