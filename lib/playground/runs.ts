import "server-only";
import { z } from "zod";
import { currentUser } from "@/lib/auth";
import { env } from "@/lib/env";
import { AppError, NotFoundError, ValidationError } from "@/lib/errors";
import { cancelJob, findJob, GUEST_USER_ID, queuePosition, submitSessionJob, TERMINAL, watchJob, type Job } from "@/lib/jobs";
import { engineOptionsFor } from "@/lib/openai/capabilities";
import { liveModelOr404 } from "@/lib/openai/models";
import { parseAudioRequest } from "@/lib/openai/params";
import type { AudioTask } from "@/lib/openai/types";
import { usesPgBoss } from "@/lib/queue";
import { followPartials } from "@/lib/queue/partials";
import { ACCELERATIONS } from "@/lib/queue-api/schema";
import { jobFollower } from "@/lib/queue-api/follow-job";
import { eventStream, SSE_HEADERS, type EventSink } from "@/lib/queue-api/sse";
import { admitPlaygroundRun } from "./caller";
import { expectedRunMs } from "./expected";
import { errorOf, resultOf } from "./result";
import { FINAL_EVENTS, type RunEvent, type SubmittedRun } from "./wire";

/**
 * Playground runs as jobs: submit (the /v1 fields, checked against the model exactly as /v1 checks
 * them, then a session-owned job in the queue), watch (queue position, running time, partial text,
 * then the transcript with what it cost), cancel (the hold released). See ./wire.ts for the routes.
 */

const accelerationField = z.preprocess((v) => (v === "" || v === null ? undefined : v), z.enum(ACCELERATIONS, { error: `\`acceleration\` must be one of ${ACCELERATIONS.join(", ")}.` }).default("regular"));

export async function submitPlaygroundRun(request: Request, task: AudioTask): Promise<SubmittedRun> {
  const run = await admitPlaygroundRun(request);
  const input = await parseAudioRequest(run.request, task, { maxAudioBytes: env.API_MAX_AUDIO_BYTES });
  const model = await liveModelOr404(input.model);
  // The same refusals as /v1 (language, target, punctuation, timestamps), before anything is decoded or held.
  engineOptionsFor(model, input);
  const acceleration = accelerationField.safeParse(run.form.get("acceleration") ?? undefined);
  if (!acceleration.success) {
    throw new ValidationError(acceleration.error.issues[0]!.message, { status: 400, param: "acceleration", code: "invalid_value" });
  }
  const file = run.form.get("file");
  const job = await submitSessionJob({
    userId: run.userId,
    model,
    // A streaming model transcribes a file through its streaming runner, so its text arrives as it decodes.
    mode: model.capabilities.streaming && task === "transcribe" ? "stream" : "queue",
    input: {
      language: input.language ?? "auto",
      acceleration: acceleration.data,
      task,
      ...(task === "translate" ? { target_language: input.targetLanguage ?? "en" } : {}),
      ...(input.punctuation === false ? { punctuation: false } : {}),
    },
    audio: {
      bytes: input.audio,
      fileName: file instanceof File && file.name ? file.name : "audio",
      contentType: file instanceof Blob ? file.type : "",
    },
  }).catch((error: unknown) => {
    // The queue names the audio `audio_url`; here it is the uploaded file.
    if (error instanceof AppError && error.param === "audio_url") {
      throw new ValidationError(error.message, { status: error.status === 422 ? 422 : 400, param: "file", code: error.code ?? "invalid_value", cause: error });
    }
    throw error;
  });
  return { id: job.id, audio_seconds: Math.round(job.audioSeconds * 1000) / 1000, held_micro_usd: job.heldMicroUsd };
}

/**
 * The run a request names, when it is the caller's: a signed-in person's own job, or a guest's free
 * run (whose unguessable id, known only to the page that submitted it, is its key). Anyone else's is a 404.
 */
export async function playgroundJob(jobId: string): Promise<Job> {
  const job = /^[0-9a-f-]{36}$/i.test(jobId) ? await findJob(jobId.toLowerCase()) : null;
  if (job && job.apiKeyId === null) {
    if (job.userId === GUEST_USER_ID) return job;
    const user = await currentUser();
    if (user && user.id === job.userId) return job;
  }
  throw new NotFoundError("There is no such playground run.", { code: "request_not_found" });
}

/** Cancels a queued or running run; its hold is released. False when it had already finished. */
export async function cancelPlaygroundRun(job: Job): Promise<boolean> {
  return (await cancelJob(job)) === "cancelled";
}

/** How long a stream stays open at most; the page reconnects if a run takes longer. */
const STREAM_MAX_MS = 15 * 60_000;
/** A finished job's charge is closed right after it ends: look again this soon until it is. */
const CHARGE_RECHECK_MS = 150;

/** The run's state as the page shows it, or null while a finished job's charge is not closed yet (its cost or refund is part of the answer). */
async function eventFor(job: Job): Promise<RunEvent | null> {
  switch (job.status) {
    case "queued":
      return { type: "queued", position: ((await queuePosition(job)) ?? 0) + 1 };
    case "running":
      return {
        type: "running",
        elapsed_ms: job.startedAt ? Math.max(0, Date.now() - job.startedAt.getTime()) : 0,
        expected_ms: await expectedRunMs(job.modelId, job.audioSeconds),
      };
    case "completed": {
      if (job.chargeState === "held") return null;
      const task = job.input.task ?? "transcribe";
      return {
        type: "completed",
        result: resultOf(job.result, {
          task,
          language: task === "translate" ? job.input.target_language : job.input.language,
          audioSeconds: job.audioSeconds,
          billedSeconds: job.billedSeconds,
          costMicroUsd: job.costMicroUsd,
        }),
        cost_micro_usd: job.costMicroUsd,
        billed_seconds: job.billedSeconds,
      };
    }
    case "failed":
      return job.chargeState === "held" ? null : { type: "failed", status: job.errorStatus ?? 500, error: errorOf(job.errorBody) };
    case "cancelled":
      return job.chargeState === "held" ? null : { type: "cancelled" };
  }
}

/** GET .../events: the run's state on every change (queue position live), partial text, then one final event. */
export function runEvents(job: Job): Response {
  const body = eventStream((sink) => {
    let last = "";
    let recheck: NodeJS.Timeout | undefined;
    const send = (event: RunEvent) => {
      const text = JSON.stringify(event);
      if (text === last) return;
      last = text;
      // A client that is behind gets the newest state, not every one in between; final events always go out.
      sink.send(event, FINAL_EVENTS.includes(event.type) ? {} : { replaces: "state" });
    };
    const refresh = jobFollower(job.id, sink, "playground events", async (current) => {
      const event = await eventFor(current);
      if (event) send(event);
      if (TERMINAL.includes(current.status)) {
        if (event) sink.close();
        else recheck = setTimeout(refresh, CHARGE_RECHECK_MS);
      }
    });
    const stop = watchJob(job.id, (event) => {
      if (event.type === "partial") sendPartial(sink, event.output.output);
      else refresh();
    });
    // In a cluster the job runs in a worker process: its changes arrive as notices, its partials as rows.
    const remote = usesPgBoss() && job.mode === "stream" ? followPartials(job.id, (output) => sendPartial(sink, output.output)) : null;
    const limit = setTimeout(() => sink.close(), STREAM_MAX_MS);
    refresh();
    return () => {
      stop();
      void remote?.stop();
      clearTimeout(limit);
      clearTimeout(recheck);
    };
  });
  return new Response(body, { headers: SSE_HEADERS });
}

/** Each partial is the whole text so far, so an unsent one is replaced by the next. */
function sendPartial(sink: EventSink, text: string): void {
  if (!sink.closed) sink.send({ type: "partial", text } satisfies RunEvent, { replaces: "partial" });
}
