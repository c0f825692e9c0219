import "server-only";
import { randomBytes } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { WebSocket } from "ws";
import type WS from "ws";
import type { StreamEvent, StreamingSession, Utterance } from "@/inference";
import type { CatalogModel } from "@/lib/catalog/types";
import { AppError, UnavailableError, ValidationError } from "@/lib/errors";
import { microUsdToUsdNumber, recordRequest, type Charge } from "@/lib/metering";
import { authenticateSession } from "./auth";
import type { StreamSlots } from "./capacity";
import { StreamMeter, type StreamPayer } from "./metering";
import { findStreamingModel, openStreamingModel, type StreamingModels } from "./models";
import {
  BYTES_PER_SAMPLE,
  clientEvent,
  closeCodeForStatus,
  CloseCode,
  connectParams,
  SAMPLE_RATE,
  type ClosedReason,
  type ConnectParams,
  type ServerEvent,
  type TranscriptEvent,
} from "./protocol";

/**
 * One realtime session: a client's WebSocket on one side, one model stream on the other.
 *
 *   connect ─► parameters ─► model (catalog) ─► payer (key / token) ─► model loaded ─► stream slot
 *           ─► first credit hold ─► stream ready
 *           ─► session.created ─► audio in / transcript events out … ─► close
 *
 * Until `session.created` the socket is paused, so audio sent early waits in the connection rather than
 * being lost. Any refusal before that is one `error` event and a close code (see protocol.ts); nothing
 * is charged and no slot is kept.
 *
 * Flow control, both ways, with bounded memory and nothing dropped:
 * - in: audio the model has not caught up with (`pendingSeconds`) above REALTIME_MAX_PENDING_SECONDS, or
 *   audio waiting for the next credit hold, pauses reading the socket; TCP then slows the client;
 * - out: events go to the socket only while fewer than REALTIME_MAX_BUFFERED_BYTES wait to reach the
 *   client; a client that stops reading is closed with 4009 `client_too_slow` instead of the server
 *   buffering without end. Events are never skipped while the session goes on.
 *
 * Ending: `session.close`, idle timeout, credit or duration running out, and server shutdown all finish
 * the same way — final results for everything received, the charge settled on the seconds streamed,
 * `session.closed` with the usage, then the close code. A client that disconnects is charged for what it
 * streamed. A model failure releases every hold: the client pays nothing for a session we broke.
 */

export interface RealtimeSettings {
  idleSeconds: number;
  holdSeconds: number;
  maxBufferedBytes: number;
  maxPendingSeconds: number;
  endpointingMs: number;
  /** Longest a graceful end waits for the model's last words before closing anyway. */
  finishTimeoutMs: number;
}

export interface SessionDeps {
  settings: RealtimeSettings;
  models: StreamingModels;
  slots: StreamSlots;
  /** Called when a session has ended completely (charged, logged, socket closing). */
  onEnded?: (session: RealtimeSession) => void;
}

type State = "starting" | "open" | "ending" | "ended";

export class RealtimeSession {
  readonly id = `rt_${randomBytes(12).toString("base64url")}`;
  private readonly startedAt = Date.now();
  private state: State = "starting";
  private params: ConnectParams | null = null;
  private model: CatalogModel | null = null;
  private payer: StreamPayer | null = null;
  private meter: StreamMeter | null = null;
  private stream: StreamingSession | null = null;
  private releaseSlot: (() => void) | null = null;
  /** The streaming model's own delay between speech and text, in milliseconds. */
  private latencyMs = 0;

  /** 16 kHz samples taken into the stream (what is billed). */
  private received = 0;
  /** Audio waiting for the next credit hold. */
  private waiting: Float32Array[] = [];
  private creditExhausted: AppError | null = null;
  private readPaused = false;
  private flowTimer?: NodeJS.Timeout;
  private idleTimer?: NodeJS.Timeout;
  private commits = 0;
  private finalReason: "commit" | "close" = "commit";

  constructor(
    private readonly ws: WebSocket,
    private readonly request: IncomingMessage,
    private readonly deps: SessionDeps,
  ) {}

  /** Runs the session's start; the rest is driven by the socket's and the stream's events. */
  async start(): Promise<void> {
    // Frames already read from the socket still arrive after pause(): they are kept until the start.
    const early: [WS.RawData, boolean][] = [];
    this.ws.pause();
    this.ws.on("message", (data, isBinary) => {
      if (this.state === "starting") early.push([data, isBinary]);
      else this.onMessage(data, isBinary);
    });
    this.ws.on("close", () => void this.onClientGone());
    this.ws.on("error", () => undefined);
    try {
      await this.open();
    } catch (error) {
      await this.refuse(error);
      return;
    }
    if (this.state !== "starting") {
      await this.discardStarted(); // the client left while we were starting
      return;
    }
    this.state = "open";
    const { settings } = this.deps;
    const params = this.params!;
    this.send({
      type: "session.created",
      session: {
        id: this.id,
        model: this.model!.id,
        encoding: "pcm16",
        sample_rate: 16000,
        channels: 1,
        latency_ms: this.latencyMs,
        endpointing_ms: params.endpointing_ms ?? settings.endpointingMs,
        interim_results: params.interim_results,
        idle_timeout_seconds: settings.idleSeconds,
        max_audio_seconds: this.maxSeconds(),
      },
    });
    this.touch();
    for (const [data, isBinary] of early.splice(0)) this.onMessage(data, isBinary);
    if (this.state === "open" && !this.readPaused) this.ws.resume();
  }

  /** Ends the session as a server shutdown does: final results, charge, `session.closed`, close 1001. */
  shutDown(): Promise<void> {
    if (this.state === "starting") {
      this.readAgain();
      this.ws.close(CloseCode.goingAway, "server_shutdown"); // start() gives back what it took
      return Promise.resolve();
    }
    return this.finish("server_shutdown", CloseCode.goingAway);
  }

  // --- start -----------------------------------------------------------------------------------------

  private async open(): Promise<void> {
    const url = new URL(this.request.url ?? "/", "http://realtime.invalid");
    const parsed = connectParams.safeParse(Object.fromEntries(url.searchParams));
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new ValidationError(issue.message, { status: 400, param: issue.path.join(".") || null, code: "invalid_parameter" });
    }
    this.params = parsed.data;
    const model = findStreamingModel(parsed.data.model);
    this.model = model;
    // Who pays is settled before anything is loaded for the session.
    this.payer = await authenticateSession(this.request.headers, parsed.data.token, model.id);
    const streaming = await openStreamingModel(model, this.deps.models);
    this.latencyMs = streaming.latencyMs;

    this.releaseSlot = this.deps.slots.tryTake(model.id);
    if (!this.releaseSlot) throw busy(model);

    this.meter = await StreamMeter.open({
      sessionId: this.id,
      payer: this.payer,
      modelName: model.shortName,
      perMinuteMicroUsd: model.pricing.perMinuteMicroUsd,
      holdSeconds: this.deps.settings.holdSeconds,
    });
    await this.log(0, null);

    const stream = streaming.createStream({
      ...(parsed.data.language ? { language: parsed.data.language } : {}),
      ...(parsed.data.acceleration ? { acceleration: parsed.data.acceleration } : {}),
      endpointingMs: parsed.data.endpointing_ms ?? this.deps.settings.endpointingMs,
    });
    this.stream = stream;
    stream.onEvent((event) => this.onStreamEvent(event));
    try {
      await stream.ready;
    } catch (error) {
      throw modelFailure(model, error);
    }
  }

  /** The client left during the start: give back the hold, the stream and the slot. */
  private async discardStarted(): Promise<void> {
    this.stream?.abort();
    await this.meter?.release(`Realtime session ${this.id}: the client left before it started`).catch(logFailure);
    if (this.meter) await this.log(499, "client_disconnected");
    this.abandon();
    this.deps.onEnded?.(this);
  }

  /** A refusal before the session started: one error event, nothing charged, the matching close code. */
  private async refuse(error: unknown): Promise<void> {
    const appError = toAppError(error);
    this.stream?.abort();
    this.stream = null;
    if (this.meter) {
      await this.meter.release(`Realtime session ${this.id} could not start`).catch(logFailure);
      await this.log(appError.status, appError.code);
    }
    this.abandon();
    this.sendError(appError);
    this.state = "ended";
    this.readAgain();
    this.ws.close(closeCodeForStatus(appError.status), truncate(appError.code ?? "error"));
    this.deps.onEnded?.(this);
  }

  // --- audio in --------------------------------------------------------------------------------------

  private onMessage(data: WS.RawData, isBinary: boolean): void {
    if (this.state !== "open") return;
    this.touch();
    const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
    if (isBinary) return this.onAudio(bytes);

    let json: unknown;
    try {
      json = JSON.parse(bytes.toString("utf8"));
    } catch {
      this.sendError(new ValidationError("Text frames must be JSON events; send audio as binary frames.", { status: 400, code: "invalid_event" }));
      return;
    }
    const parsed = clientEvent.safeParse(json);
    if (!parsed.success) {
      const type = typeof json === "object" && json !== null && "type" in json ? String((json as { type: unknown }).type) : "(none)";
      this.sendError(new ValidationError(`Unknown or malformed event of type ${type}.`, { status: 400, code: "invalid_event", param: "type" }));
      return;
    }
    const event = parsed.data;
    switch (event.type) {
      case "input_audio_buffer.append":
        return this.onAudio(Buffer.from(event.audio, "base64"));
      case "input_audio_buffer.commit":
        return void this.commit();
      case "session.close":
        return void this.finish("client_closed", CloseCode.normal);
      case "keepalive":
        return;
    }
  }

  private onAudio(bytes: Buffer): void {
    if (bytes.length % BYTES_PER_SAMPLE !== 0) {
      this.sendError(new ValidationError("Audio frames must hold whole 16-bit samples (an even number of bytes).", { status: 400, code: "invalid_audio" }));
      void this.finish("client_closed", CloseCode.unsupportedData);
      return;
    }
    const samples = new Float32Array(bytes.length / BYTES_PER_SAMPLE);
    for (let i = 0; i < samples.length; i++) samples[i] = bytes.readInt16LE(i * 2) / 32768;
    this.waiting.push(samples);
    this.drain();
  }

  /** Moves waiting audio into the stream as far as the credit holds and the duration limit reach. */
  private drain(): void {
    const stream = this.stream;
    const meter = this.meter;
    // While ending, audio received before the end is still taken (see finish()).
    if (!stream || !meter || (this.state !== "open" && this.state !== "ending")) return;
    while (this.waiting.length > 0) {
      const covered = Math.min(meter.coveredSeconds, this.maxSeconds()) * SAMPLE_RATE;
      const room = covered - this.received;
      if (room <= 0) break;
      const chunk = this.waiting[0]!;
      const take = chunk.length <= room ? chunk : chunk.subarray(0, room);
      if (take.length === chunk.length) this.waiting.shift();
      else this.waiting[0] = chunk.subarray(take.length);
      stream.push(take);
      this.received += take.length;
    }
    const seconds = this.received / SAMPLE_RATE;
    if (this.state === "open" && seconds >= this.maxSeconds()) {
      void this.finish("max_duration", CloseCode.maxDuration);
      return;
    }
    // The next hold is placed while half of the current block is still unused.
    if (!this.creditExhausted && seconds < this.maxSeconds() && seconds > meter.coveredSeconds - this.deps.settings.holdSeconds / 2) {
      meter.extend().then(
        () => this.drain(),
        (error: unknown) => {
          this.creditExhausted = toAppError(error);
          this.drain();
        },
      );
    }
    if (this.state !== "open") return;
    if (this.waiting.length > 0 && this.creditExhausted && this.received >= meter.coveredSeconds * SAMPLE_RATE) {
      void this.finish("insufficient_credit", CloseCode.paymentRequired);
      return;
    }
    this.regulateReading();
  }

  /**
   * At the end, audio received before it but still waiting for the next credit hold is taken as far as
   * the credit reaches. True when some could not be (the credit ran out).
   */
  private async takeWaiting(): Promise<boolean> {
    const meter = this.meter;
    while (meter && this.state === "ending" && this.waiting.length > 0 && !this.creditExhausted && this.received < this.maxSeconds() * SAMPLE_RATE) {
      try {
        await meter.extend();
      } catch (error) {
        this.creditExhausted = toAppError(error);
      }
      this.drain();
    }
    return this.waiting.length > 0 && this.creditExhausted !== null;
  }

  /** Stops reading the client while audio waits (for credit, or for the model); starts again below half. */
  private regulateReading(): void {
    const stream = this.stream;
    if (!stream || this.state !== "open") return;
    const limit = this.deps.settings.maxPendingSeconds;
    const pending = stream.pendingSeconds() + this.waiting.reduce((n, c) => n + c.length, 0) / SAMPLE_RATE;
    if (!this.readPaused && pending > limit) {
      this.readPaused = true;
      this.ws.pause();
    } else if (this.readPaused && pending <= limit / 2) {
      this.readPaused = false;
      this.ws.resume();
    }
    if (this.readPaused && !this.flowTimer) {
      this.flowTimer = setInterval(() => {
        if (this.waiting.length > 0) this.drain();
        else this.regulateReading();
        if (!this.readPaused || this.state !== "open") {
          clearInterval(this.flowTimer);
          this.flowTimer = undefined;
        }
      }, 50);
      this.flowTimer.unref();
    }
  }

  private async commit(): Promise<void> {
    const stream = this.stream;
    if (!stream) return;
    this.commits += 1;
    this.finalReason = "commit";
    try {
      await stream.flush();
    } catch {
      return; // the stream's error event ends the session
    }
    if (this.state === "open") this.send({ type: "input_audio_buffer.committed", audio_seconds: round3(this.received / SAMPLE_RATE) });
  }

  // --- results out -----------------------------------------------------------------------------------

  private onStreamEvent(event: StreamEvent): void {
    if (event.type === "error") {
      void this.fail(modelFailure(this.model!, event.error));
      return;
    }
    if (this.state !== "open" && this.state !== "ending") return;
    if (event.type === "partial") {
      if (this.params?.interim_results) this.send(transcriptEvent("transcript.partial", event.utterance));
      return;
    }
    const reason = event.reason === "flush" ? this.finalReason : event.reason;
    this.send({ ...transcriptEvent("transcript.final", event.utterance), reason });
  }

  /** Sends one event, unless the client has stopped reading: then the session ends with 4009. */
  private send(event: ServerEvent): void {
    if (this.ws.readyState !== this.ws.OPEN || this.state === "ended") return;
    const data = JSON.stringify(event);
    if (this.ws.bufferedAmount + Buffer.byteLength(data) > this.deps.settings.maxBufferedBytes) {
      void this.tooSlow();
      return;
    }
    this.ws.send(data);
  }

  private sendError(error: AppError): void {
    this.send({ type: "error", error: { message: error.message, type: error.type, param: error.param, code: error.code } });
  }

  // --- ending ----------------------------------------------------------------------------------------

  /** Graceful end: final results, charge, `session.closed`, close code. */
  private async finish(reason: ClosedReason, code: number): Promise<void> {
    if (this.state !== "open") return;
    this.state = "ending";
    this.finalReason = "close";
    clearTimeout(this.idleTimer);
    // From now on what the client sends is read (so its close frame is seen) but not transcribed or billed.
    this.readAgain();
    if (await this.takeWaiting()) {
      // Audio the client sent in time, refused for credit: never silently.
      this.sendError(this.creditExhausted!);
      reason = "insufficient_credit";
      code = CloseCode.paymentRequired;
    }
    const stream = this.stream!;
    await Promise.race([stream.close(), new Promise((resolve) => setTimeout(resolve, this.deps.settings.finishTimeoutMs).unref())]).catch(() => undefined);
    stream.abort();
    if (this.state !== "ending") return; // failed or the client left meanwhile
    const charge = await this.charge();
    await this.log(200, reason === "client_closed" ? null : reason, charge);
    this.send({
      type: "session.closed",
      reason,
      usage: { type: "duration", seconds: round3(this.received / SAMPLE_RATE), billed_seconds: charge.billedSeconds },
      cost: microUsdToUsdNumber(charge.costMicroUsd),
    });
    this.end();
    this.ws.close(code, reason);
  }

  /** The model failed mid-session: the client is told, nothing is charged. */
  private async fail(error: AppError): Promise<void> {
    if (this.state === "ended" || this.state === "starting") return;
    this.sendError(error);
    this.state = "ended";
    this.readAgain();
    this.stream?.abort();
    await this.meter?.release(`Realtime session ${this.id}: ${error.code ?? "model failure"}`).catch(logFailure);
    await this.log(error.status, error.code);
    this.end();
    this.ws.close(error.status === 503 ? CloseCode.tryAgainLater : CloseCode.serverError, truncate(error.code ?? "error"));
  }

  /** The client stopped reading: stop producing, charge what was streamed, close with 4009. */
  private async tooSlow(): Promise<void> {
    if (this.state === "ended") return;
    this.state = "ended";
    this.stream?.abort();
    const charge = await this.charge();
    await this.log(200, "client_too_slow", charge);
    this.end();
    // The close frame queues behind the unread events; a client that never reads is cut off.
    this.ws.close(CloseCode.clientTooSlow, "client_too_slow");
    setTimeout(() => this.ws.terminate(), 5_000).unref();
  }

  /** The socket closed (the client left, or we closed it). */
  private async onClientGone(): Promise<void> {
    if (this.state === "ended") return;
    const wasStarting = this.state === "starting";
    this.state = "ended";
    // While starting, start() gives back what the start took once open() returns.
    if (wasStarting) return;
    this.stream?.abort();
    const charge = await this.charge();
    await this.log(200, "client_disconnected", charge);
    this.end();
  }

  /** Charges the seconds taken (nothing, and every hold released, when no audio came). */
  private async charge(): Promise<Charge> {
    const seconds = this.received / SAMPLE_RATE;
    const meter = this.meter;
    if (!meter || this.received === 0) {
      await meter?.release(`Realtime session ${this.id}: no audio`).catch(logFailure);
      return { audioSeconds: 0, billedSeconds: 0, costMicroUsd: 0 };
    }
    try {
      return await meter.settle(seconds);
    } catch (error) {
      logFailure(error);
      return { audioSeconds: seconds, billedSeconds: 0, costMicroUsd: 0 };
    }
  }

  private touch(): void {
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => void this.finish("idle_timeout", CloseCode.idleTimeout), this.deps.settings.idleSeconds * 1000);
    this.idleTimer.unref();
  }

  private maxSeconds(): number {
    return this.model?.maxAudioSeconds ?? 7200;
  }

  /**
   * Reads the socket again (it is paused while starting and while audio waits): a socket that is not
   * read never sees the client's answer to our close frame, and would wait for ws's 30 s close timeout.
   */
  private readAgain(): void {
    clearInterval(this.flowTimer);
    this.flowTimer = undefined;
    this.readPaused = false;
    this.ws.resume();
  }

  /** Gives back what a session that never started took. */
  private abandon(): void {
    this.releaseSlot?.();
    this.releaseSlot = null;
  }

  private end(): void {
    this.state = "ended";
    clearTimeout(this.idleTimer);
    clearInterval(this.flowTimer);
    this.waiting = [];
    this.abandon();
    this.deps.onEnded?.(this);
  }

  private async log(status: number, errorCode: string | null, charge?: Charge): Promise<void> {
    if (!this.payer || !this.model) return;
    await recordRequest({
      id: this.id,
      userId: this.payer.userId,
      apiKeyId: this.payer.apiKeyId,
      apiKeyName: this.payer.apiKeyName,
      endpoint: "transcription",
      model: this.model.id,
      responseFormat: "realtime",
      stream: true,
      status,
      errorCode,
      audioSeconds: charge ? round3(charge.audioSeconds) : null,
      billedSeconds: charge?.billedSeconds ?? 0,
      costMicroUsd: charge?.costMicroUsd ?? 0,
      holdId: this.meter?.firstHoldId ?? null,
      latencyMs: Date.now() - this.startedAt,
    }).catch(logFailure);
  }
}

function transcriptEvent(type: TranscriptEvent["type"], u: Utterance): TranscriptEvent {
  return {
    type,
    utterance_id: u.index,
    text: u.text,
    words: u.words.map((w) => ({ word: w.text, start: w.start, end: w.end })),
    start: u.start,
    end: u.end,
  };
}

function busy(model: CatalogModel): AppError {
  return new UnavailableError(`Every stream of ${model.name} is busy. Try again in a moment.`, { code: "capacity_exceeded", param: "model" });
}

/** A stream failure as the client sees it: busy upstream = capacity; anything else = model unavailable. */
function modelFailure(model: CatalogModel, error: unknown): AppError {
  const code = typeof error === "object" && error !== null && "code" in error ? String((error as { code: unknown }).code) : "";
  const name = error instanceof Error ? error.name : "";
  if (code === "upstream_busy" || code === "busy") return busy(model);
  // The model refused the session's own settings (a language or acceleration it does not have).
  if (code === "unsupported_option") {
    const param = name === "UnsupportedAccelerationError" ? "acceleration" : "language";
    return new ValidationError((error as Error).message, { status: 400, param, code: `unsupported_${param}` });
  }
  return new UnavailableError(`${model.name} is unavailable right now (${(error as Error).message ?? "stream failed"}). Nothing was charged.`, {
    code: "model_unavailable",
    param: "model",
    cause: error,
  });
}

function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  logFailure(error);
  return new AppError(500, "api_error", "The realtime session failed on our side.", { code: "internal_error" });
}

function logFailure(error: unknown): void {
  console.error("[realtime]", error);
}

function round3(seconds: number): number {
  return Math.round(seconds * 1000) / 1000;
}

/** Close reasons are limited to 123 bytes. */
function truncate(reason: string): string {
  return reason.slice(0, 120);
}
