import "server-only";
import { authenticateRequest, enforceKeyRateLimit, rateLimitHeaders, type AuthenticatedKey, type KeyRateLimit } from "@/lib/api-keys";
import { findModel, type ModelView } from "@/lib/catalog";
import { env } from "@/lib/env";
import { AppError, NotFoundError, newRequestId, toAppError } from "@/lib/errors";
import {
  cancelJob,
  findUserJob,
  localClaim,
  onJobEvent,
  runClaimedJob,
  submitJob,
  TERMINAL,
  waitForJob,
  watchJob,
  type Job,
  type JobMode,
} from "@/lib/jobs";
import { recordRequest } from "@/lib/metering/request-log";
import { formatBytes, parseJson, readBodyCapped } from "@/lib/openai/body";
import { liveModelOr404 } from "@/lib/openai/models";
import { usesPgBoss } from "@/lib/queue";
import { followPartials, listenForJobNotices } from "@/lib/queue/partials";
import { falErrorResponse, fieldError } from "./errors";
import { modelCandidates, parseQueuePath, parseRunPath, SUBPATHS } from "./paths";
import { jobFollower } from "./follow-job";
import { eventStream, SSE_HEADERS } from "./sse";
import { billingOf, requestUrls, statusOf } from "./status";

/**
 * The queue and run APIs' route handlers, top to bottom:
 *
 *   key (401) -> rate limit, submits only (429) -> model (404) -> body (422) -> audio (422)
 *   -> hold (402) -> job -> 200 {request_id, urls, queue_position}
 *
 * Status, result and cancel need the key of the job's owner (any of their keys); anyone else's
 * request id is a 404. Responses about one request carry `x-fal-request-id` (fal's client reads the
 * result's request id from it).
 */

const STREAM_MAX_MS = 15 * 60_000;

function requestIdHeaders(jobId: string): Record<string, string> {
  return { "x-fal-request-id": jobId, "x-request-id": jobId };
}

/** The live model a submit path names, and its subpath checked; 404 otherwise. */
async function submitModel(segments: string[]): Promise<ModelView> {
  for (const candidate of modelCandidates(segments)) {
    if (!findModel(candidate.id)) continue;
    const model = await liveModelOr404(candidate.id);
    if (!(SUBPATHS as readonly string[]).includes(candidate.subpath)) {
      throw new NotFoundError(`${model.id} has no endpoint /${candidate.subpath}; call /${model.id} (or /${model.id}/asr).`, { code: "endpoint_not_found" });
    }
    return model;
  }
  throw new NotFoundError(`There is no model \`${segments.join("/").slice(0, 200)}\`. GET /v1/models lists every model.`, { param: "model", code: "model_not_found" });
}

/** The job a request URL names, when it belongs to the caller and to that model. */
async function jobFor(key: AuthenticatedKey, modelSegments: string[], requestId: string): Promise<Job> {
  const job = /^[0-9a-f-]{36}$/i.test(requestId) ? await findUserJob(key.userId, requestId.toLowerCase()) : null;
  const named = modelCandidates(modelSegments).map((c) => findModel(c.id)?.id ?? c.id);
  if (!job || !named.includes(job.modelId)) throw new NotFoundError("Request not found.", { code: "request_not_found" });
  return job;
}

/** JSON body, capped: room for a data URI of the largest audio file accepted. */
async function readBody(request: Request): Promise<unknown> {
  const cap = Math.ceil((env.API_MAX_AUDIO_BYTES * 4) / 3) + 64 * 1024;
  let bytes: Uint8Array;
  try {
    bytes = await readBodyCapped(request, cap, "too large");
  } catch (error) {
    if (toAppError(error).status === 413) {
      throw fieldError("audio_url", `The request is too large: audio is limited to ${formatBytes(env.API_MAX_AUDIO_BYTES)}; send a URL instead of a data URI for large files.`, "file_too_large", error);
    }
    throw error;
  }
  if (bytes.byteLength === 0) return {};
  try {
    return parseJson(bytes);
  } catch (error) {
    throw fieldError(["body"], "The request body must be a JSON object.", "json_invalid", error);
  }
}

/** A refused submit or run with a valid key is logged like the /v1 API logs its refusals. */
async function logRefusal(key: AuthenticatedKey, mode: JobMode, model: string, error: unknown, started: number): Promise<void> {
  const appError = toAppError(error);
  await recordRequest({
    id: newRequestId(),
    userId: key.userId,
    apiKeyId: key.id,
    apiKeyName: key.name,
    endpoint: "transcription",
    model,
    responseFormat: mode,
    stream: mode === "stream",
    status: appError.status,
    errorCode: appError.code ?? appError.type,
    latencyMs: performance.now() - started,
  }).catch((e: unknown) => console.error("could not record a refused queue request:", e));
}

interface Accepted {
  job: Job;
  rate: KeyRateLimit;
}

async function accept(request: Request, key: AuthenticatedKey, segments: string[], mode: JobMode): Promise<Accepted> {
  const started = performance.now();
  let modelName = segments.join("/").slice(0, 200);
  try {
    const rate = await enforceKeyRateLimit(key);
    const model = await submitModel(segments);
    modelName = model.id;
    const body = await readBody(request);
    const webhookUrl = new URL(request.url).searchParams.get("fal_webhook");
    const job = await submitJob({ key, model, body, mode, webhookUrl, ...(mode === "queue" ? {} : { claimedBy: localClaim() }) });
    return { job, rate };
  } catch (error) {
    await logRefusal(key, mode, modelName, error, started);
    throw error;
  }
}

/** /queue/... */
export async function handleQueue(request: Request, segments: string[]): Promise<Response> {
  try {
    const route = parseQueuePath(request.method, segments);
    if (!route) throw new NotFoundError("No such queue endpoint.", { code: "endpoint_not_found" });
    const key = await authenticateRequest(request);
    if (route.kind === "submit") {
      const { job, rate } = await accept(request, key, route.model, "queue");
      const { body } = await statusOf(job, false);
      return Response.json(
        { status: body.status, ...requestUrls(job), queue_position: body.queue_position ?? 0, billing: billingOf(job) },
        { headers: { ...requestIdHeaders(job.id), ...rateLimitHeaders(rate) } },
      );
    }
    const job = await jobFor(key, route.model, route.requestId);
    switch (route.kind) {
      case "status": {
        const { httpStatus, body } = await statusOf(job, wantsLogs(request));
        return Response.json(body, { status: httpStatus, headers: requestIdHeaders(job.id) });
      }
      case "status_stream":
        return statusStream(job, wantsLogs(request));
      case "result":
        return resultResponse(job);
      case "cancel": {
        const outcome = await cancelJob(job);
        return outcome === "cancelled"
          ? Response.json({ status: "CANCELLATION_REQUESTED" }, { status: 202, headers: requestIdHeaders(job.id) })
          : Response.json({ status: "ALREADY_COMPLETED", detail: "The request has already finished; nothing to cancel." }, { status: 400, headers: requestIdHeaders(job.id) });
      }
    }
  } catch (error) {
    if (error instanceof AppError && error.code === "request_not_found" && request.method === "PUT") {
      return Response.json({ status: "NOT_FOUND", detail: error.message }, { status: 404 });
    }
    return falErrorResponse(error);
  }
}

function wantsLogs(request: Request): boolean {
  const value = new URL(request.url).searchParams.get("logs");
  return value === "1" || value === "true";
}

/** The result of a finished job: its output, or the error it ended with. */
function resultResponse(job: Job): Response {
  const headers = requestIdHeaders(job.id);
  if (job.status === "completed") return Response.json(job.result, { headers });
  if (job.status === "failed" || job.status === "cancelled") {
    return Response.json(job.errorBody ?? { detail: "The request failed." }, { status: job.errorStatus ?? 500, headers });
  }
  return Response.json({ detail: "Request is still in progress", code: "in_progress" }, { status: 400, headers });
}

/** GET .../status/stream: one event per change of the status body, until COMPLETED. */
function statusStream(job: Job, withLogs: boolean): Response {
  const body = eventStream((sink) => {
    let last = "";
    const refresh = jobFollower(job.id, sink, "status stream", async (current) => {
      const { body: status } = await statusOf(current, withLogs);
      const text = JSON.stringify(status);
      if (text !== last) {
        last = text;
        // A client that is behind gets the newest status, not every one in between.
        sink.send(status, { replaces: "status" });
      }
      if (TERMINAL.includes(current.status)) sink.close();
    });
    const stop = watchJob(job.id, (event) => {
      if (event.type === "changed") refresh();
    });
    const limit = setTimeout(() => sink.close(), STREAM_MAX_MS);
    refresh();
    return () => {
      stop();
      clearTimeout(limit);
    };
  });
  return new Response(body, { headers: { ...SSE_HEADERS, ...requestIdHeaders(job.id) } });
}

/** /run/... */
export async function handleRun(request: Request, segments: string[]): Promise<Response> {
  try {
    const route = request.method === "POST" ? parseRunPath(segments) : null;
    if (!route) throw new NotFoundError("No such run endpoint.", { code: "endpoint_not_found" });
    const key = await authenticateRequest(request);
    const { job, rate } = await accept(request, key, route.model, route.stream ? "stream" : "run");
    const headers = { ...requestIdHeaders(job.id), ...rateLimitHeaders(rate) };
    if (route.stream) return runStream(job, headers);
    // The job runs to its end even if the caller hangs up: its result stays at the queue's result URL.
    if (usesPgBoss()) void listenForJobNotices().catch(() => undefined);
    void runClaimedJob(job);
    const done = await waitForJob(job.id);
    const response = resultResponse(done ?? job);
    for (const [name, value] of Object.entries(rateLimitHeaders(rate))) response.headers.set(name, value);
    return response;
  } catch (error) {
    return falErrorResponse(error);
  }
}

/**
 * POST /run/.../stream: partial outputs as they come, then the final output (or an error event).
 *
 * Partials come from this process's engine (embedded queue), or, in a cluster, from the worker running
 * the job, through rows this stream reads from the first (lib/queue/partials.ts), so none is lost to a
 * worker that starts before the stream listens. Each partial is the whole text so far: a client that
 * reads slowly is sent the newest unsent one instead of every one (lib/queue-api/sse.ts).
 */
function runStream(job: Job, headers: Record<string, string>): Response {
  const body = eventStream((sink) => {
    const sendPartial = (output: unknown) => sink.send(output, { replaces: "partial" });
    // Listening starts before the job does, so no partial is missed.
    const stopLocal = onJobEvent(job.id, (event) => {
      if (event.type === "partial") sendPartial(event.output);
    });
    const remote = usesPgBoss() ? followPartials(job.id, sendPartial) : null;
    const stopped = new AbortController();
    void runClaimedJob(job);
    void waitForJob(job.id, stopped.signal).then(async (done) => {
      // Partials written before the job ended go out before its final output.
      await remote?.drain();
      stopLocal();
      await remote?.stop();
      if (!done || sink.closed) return;
      if (done.status === "completed") sink.send(done.result);
      else sink.send({ ...((done.errorBody as object | null) ?? { detail: "The request failed." }), status: done.errorStatus ?? 500 }, { event: "error" });
      sink.close();
    });
    return () => {
      stopLocal();
      void remote?.stop();
      stopped.abort();
    };
  });
  return new Response(body, { headers: { ...SSE_HEADERS, ...headers } });
}

