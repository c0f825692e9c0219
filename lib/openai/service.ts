import "server-only";
import type { DecodedAudio, Transcript } from "@/inference";
import { authenticateRequest, enforceKeyRateLimit, rateLimitHeaders } from "@/lib/api-keys";
import type { ModelView } from "@/lib/catalog";
import { microUsdToDecimal } from "@/lib/credits/money";
import { env } from "@/lib/env";
import { AppError, toAppError } from "@/lib/errors";
import { recordRequest, RUNNING_STATUS, type Endpoint, type RequestLogEntry } from "@/lib/metering/request-log";
import { reserveCharge, type Reservation } from "@/lib/metering/meter";
import { chargeFor, microUsdToUsdNumber, type Charge } from "@/lib/metering/price";
import { engineOptionsFor } from "./capabilities";
import { decodeForEngine, maxAudioSeconds, runEngine } from "./engine";
import { errorCodeOf, fromEngineError } from "./errors";
import { formatResult, usageOf, type AudioResult } from "./format";
import { liveModelOr404 } from "./models";
import { parseAudioRequest, type AudioRequest } from "./params";
import { eventStream, SSE_HEADERS, textDeltas } from "./sse";
import type { AudioTask, ErrorEnvelope } from "./types";

/**
 * POST /v1/audio/transcriptions and /v1/audio/translations, top to bottom:
 *
 *   key (401) -> rate limit (429) -> body (400/413/415) -> model (404) -> capabilities (400)
 *   -> decode: duration known (413/415/422) -> hold the price (402) -> engine -> settle -> respond
 *
 * Anything that fails after the hold releases it. Every request with a valid key is logged, with its
 * status, error code, seconds, cost and latency.
 */

export async function handleAudioRequest(request: Request, task: AudioTask, requestId: string): Promise<Response> {
  const key = await authenticateRequest(request);
  return serveAudioRequest(request, task, requestId, {
    payer: { userId: key.userId, apiKeyId: key.id, apiKeyName: key.name },
    admit: async () => rateLimitHeaders(await enforceKeyRateLimit(key)),
  });
}

/** Who pays for a request, and how it reads in the activity log. */
export interface Payer {
  userId: string;
  /** Null for a request made without an API key (the playground, signed in with a session). */
  apiKeyId: string | null;
  apiKeyName: string | null;
}

/**
 * Whoever the request was authenticated as. The API authenticates by key; the playground by session
 * (app/api/playground), so both run the same pipeline and the same metering.
 */
export interface Caller {
  /** Charged and logged; null runs the request free and unlogged (the playground's bundled samples, signed out). */
  payer: Payer | null;
  /** Counts the request against its rate limit (429 when over); returns headers for the response. */
  admit(): Promise<Record<string, string>>;
}

export async function serveAudioRequest(request: Request, task: AudioTask, requestId: string, caller: Caller): Promise<Response> {
  const started = performance.now();
  const log = new RequestLogger(requestId, caller.payer, task === "translate" ? "translation" : "transcription", started);
  let reservation: Reservation | undefined;
  try {
    const limitHeaders = await caller.admit();
    const input = await parseAudioRequest(request, task, { maxAudioBytes: env.API_MAX_AUDIO_BYTES });
    log.describe({ model: input.model.trim(), responseFormat: input.responseFormat, stream: input.stream });

    const model = await liveModelOr404(input.model);
    log.describe({ model: model.id });
    const options = engineOptionsFor(model, input);
    const audio = await decode(model, input.audio);
    log.describe({ audioSeconds: audio.durationSeconds });

    const payer = caller.payer;
    if (payer) {
      reservation = await reserveCharge(
        {
          requestId,
          userId: payer.userId,
          apiKeyId: payer.apiKeyId,
          reason: `${task === "translate" ? "Translation" : "Transcription"} · ${model.shortName} · ${audio.durationSeconds.toFixed(1)} s`,
          perMinuteMicroUsd: model.pricing.perMinuteMicroUsd,
        },
        audio.durationSeconds,
      );
      await log.running(reservation);
    }
    const settle = (seconds: number) => (reservation ? reservation.settle(seconds) : Promise.resolve(chargeFor(seconds, 0)));

    const run = () => runEngine(model, audio, options, request.signal);
    if (input.stream) return streamed(run, { input, model, audio, reservation, settle, log, limitHeaders });

    let transcript: Transcript;
    try {
      transcript = await run();
    } catch (error) {
      throw fromEngineError(error);
    }
    const charge = await settle(transcript.durationSeconds);
    const formatted = formatResult(resultOf(input, model, audio, transcript), {
      responseFormat: input.responseFormat,
      granularities: input.granularities,
      charge,
    });
    await log.finish(200, { charge }).catch(logFailure(requestId));
    return new Response(formatted.body, {
      status: 200,
      headers: { "content-type": formatted.contentType, ...limitHeaders, ...chargeHeaders(charge), ...timingHeaders(started) },
    });
  } catch (error) {
    const appError = request.signal.aborted ? clientClosed(error) : toAppError(fromEngineError(error));
    await reservation?.release(`Request failed (${appError.code ?? appError.status}); hold released`).catch(logFailure(requestId));
    await log.finish(appError.status, { errorCode: appError.code ?? appError.type }).catch(logFailure(requestId));
    throw appError;
  }
}

/** Decoding happens here, before any charge: its result is the billed duration. */
async function decode(model: ModelView, bytes: Uint8Array): Promise<DecodedAudio> {
  try {
    const maxDurationSeconds = await maxAudioSeconds(model);
    return await decodeForEngine(bytes, {
      maxBytes: env.API_MAX_AUDIO_BYTES,
      ...(maxDurationSeconds === undefined ? {} : { maxDurationSeconds }),
    });
  } catch (error) {
    throw fromEngineError(error);
  }
}

function resultOf(input: AudioRequest, model: ModelView, audio: DecodedAudio, transcript: Transcript): AudioResult {
  const best = transcript.alternatives?.[0];
  const language =
    transcript.language ??
    (input.task === "translate" ? input.targetLanguage : input.language) ??
    (model.languages.length === 1 ? model.languages[0] : undefined);
  return {
    task: input.task,
    text: transcript.text,
    ...(language ? { language } : {}),
    durationSeconds: audio.durationSeconds,
    segments: transcript.segments,
    words: transcript.words,
    silent: audio.silent,
    ...(best && best.probability > 0 ? { logprob: Math.log(best.probability) } : {}),
    temperature: input.temperature,
  };
}

interface StreamContext {
  input: AudioRequest;
  model: ModelView;
  audio: DecodedAudio;
  /** Absent for a free run. */
  reservation: Reservation | undefined;
  settle(realAudioSeconds: number): Promise<Charge>;
  log: RequestLogger;
  limitHeaders: Record<string, string>;
}

/**
 * `stream=true`: everything that can be refused with a status code (key, body, model, audio, credit)
 * has been checked; the response starts now and the engine runs inside it. The engine produces a file's
 * text in one pass, so the deltas follow each other quickly once it is done; a failure now is an error
 * event, and the hold is released.
 */
function streamed(run: () => Promise<Transcript>, context: StreamContext): Response {
  const { input, model, audio, reservation, settle, log } = context;
  const body = eventStream(
    async (send) => {
      const transcript = await run();
      const charge = await settle(transcript.durationSeconds);
      const result = resultOf(input, model, audio, transcript);
      for (const delta of textDeltas(result.text)) await send({ type: "transcript.text.delta", delta });
      await send({ type: "transcript.text.done", text: result.text, usage: usageOf(charge), cost: microUsdToUsdNumber(charge.costMicroUsd) });
      await log.finish(200, { charge }).catch(logFailure(log.id));
    },
    async (error): Promise<ErrorEnvelope> => {
      const appError = toAppError(fromEngineError(error));
      await reservation?.release(`Request failed (${errorCodeOf(appError)}); hold released`).catch(logFailure(log.id));
      // The status line (200) has gone out; the log keeps the status the error would have had.
      await log.finish(appError.status, { errorCode: errorCodeOf(appError) }).catch(logFailure(log.id));
      if (appError.status >= 500) console.error(`[${log.id}] stream failed:`, appError.cause ?? appError);
      return { error: { message: appError.message, type: appError.type, param: appError.param, code: appError.code } };
    },
  );
  return new Response(body, { status: 200, headers: { ...SSE_HEADERS, ...context.limitHeaders } });
}

/** The caller hung up before the answer was ready (nginx's 499): logged as such, the hold released. */
function clientClosed(cause: unknown): AppError {
  return new AppError(499, "invalid_request_error", "The client closed the request before it finished.", {
    code: "client_closed_request",
    cause,
  });
}

function chargeHeaders(charge: Charge): Record<string, string> {
  return {
    "x-gigarouter-cost-usd": microUsdToDecimal(charge.costMicroUsd),
    "x-gigarouter-cost-micro-usd": String(charge.costMicroUsd),
    "x-gigarouter-audio-seconds": String(Math.round(charge.audioSeconds * 1000) / 1000),
    "x-gigarouter-billed-seconds": String(charge.billedSeconds),
  };
}

function timingHeaders(started: number): Record<string, string> {
  return { "openai-processing-ms": String(Math.round(performance.now() - started)) };
}

function logFailure(requestId: string) {
  return (error: unknown) => console.error(`[${requestId}] could not record the request:`, error);
}

/** Accumulates what is known about the request and writes its log row; a free run (no payer) writes none. */
class RequestLogger {
  private entry: Omit<RequestLogEntry, "status" | "latencyMs">;
  private readonly logged: boolean;

  constructor(
    readonly id: string,
    payer: Payer | null,
    endpoint: Endpoint,
    private readonly started: number,
  ) {
    this.logged = payer !== null;
    this.entry = { id, userId: payer?.userId ?? "", apiKeyId: payer?.apiKeyId ?? null, apiKeyName: payer?.apiKeyName ?? null, endpoint, model: "", stream: false };
  }

  describe(fields: Partial<Pick<RequestLogEntry, "model" | "responseFormat" | "stream" | "audioSeconds">>): void {
    this.entry = { ...this.entry, ...fields };
  }

  /** The hold is placed: the row exists from now on, so held credit is always traceable. */
  async running(reservation: Reservation): Promise<void> {
    if (!this.logged) return;
    this.entry = {
      ...this.entry,
      holdId: reservation.holdId || null,
      billedSeconds: reservation.held.billedSeconds,
      costMicroUsd: reservation.held.costMicroUsd,
    };
    await recordRequest({ ...this.entry, status: RUNNING_STATUS, latencyMs: 0 });
  }

  async finish(status: number, outcome: { charge?: Charge; errorCode?: string | null }): Promise<void> {
    if (!this.logged) return;
    const charged = outcome.charge;
    await recordRequest({
      ...this.entry,
      status,
      errorCode: outcome.errorCode ?? null,
      billedSeconds: charged?.billedSeconds ?? 0,
      costMicroUsd: charged?.costMicroUsd ?? 0,
      latencyMs: performance.now() - this.started,
    });
  }
}
