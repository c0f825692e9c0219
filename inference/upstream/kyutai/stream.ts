import WebSocket from "ws";
import { KyutaiUpstreamError } from "./errors.js";
import { API_KEY_HEADER, ASR_PATH, decodeServerMessage, encodeClientMessage, FRAME_SAMPLES, ProtocolError, SAMPLE_RATE, type ServerMessage } from "./protocol.js";
import { StreamingResampler } from "./resampler.js";
import { SampleBuffer } from "./sample-buffer.js";
import type { CreateStreamOptions, StreamEvent, StreamingSession } from "./stream-types.js";
import { DEFAULT_ENDPOINTING_MS, DEFAULT_MAX_UTTERANCE_SECONDS, UtteranceTracker } from "./utterances.js";

/**
 * One transcription stream through moshi-server: one websocket per stream, as the server gives each
 * connection its own slot in its batch.
 *
 * - Audio: 16 kHz in, resampled to 24 kHz, sent in whole 80 ms frames (1920 samples). Every new
 *   connection starts with a second of silence, which Kyutai's own clients send because the 2.6B model
 *   needs it; the word times the server reports are moved back onto the stream's clock (lead-in and any
 *   other silence we insert are taken out).
 * - Completeness: the model writes a word about 2.5 s after hearing it, and moshi-server says nothing
 *   when nothing is said. A Marker is sent after every `markerIntervalSeconds` of audio; the server
 *   echoes it once it has written the text for everything before it. That watermark drives endpointing
 *   (silence after the last word) and flushing.
 * - Flush: a marker, then silence until the marker comes back (the model needs audio to step through
 *   its delay). Mid-stream, the inserted silence is invisible to the caller's clock.
 * - Failures: a 401 or "no free channels" fails the stream at once (typed error). A connection lost
 *   after Ready is reopened up to `reconnectAttempts` times, and the audio from the last point whose
 *   text is known complete is sent again, so no word is lost or repeated; when that audio is no longer
 *   held, the stream fails instead of silently skipping it. The server going quiet while it owes text
 *   for several seconds of audio counts as a lost connection.
 */

export interface KyutaiSettings {
  /** ws(s)://host:port of moshi-server; `/api/asr-streaming` is added when the URL has no path. */
  url: string;
  /** Sent as the `kyutai-api-key` header; one of the server's `authorized_ids`. */
  apiKey?: string;
  connectTimeoutMs: number;
  /** From the upgrade to Ready. */
  readyTimeoutMs: number;
  /** Silence from the server while it owes text for at least `STALL_AUDIO_SECONDS` of audio. */
  stallTimeoutMs: number;
  /** Longest a flush may take. */
  flushTimeoutMs: number;
  reconnectAttempts: number;
  leadInSeconds: number;
  /** Most audio kept for replay after a lost connection. */
  maxReplaySeconds: number;
  markerIntervalSeconds: number;
  maxUtteranceSeconds: number;
}

export const DEFAULT_KYUTAI_SETTINGS: Omit<KyutaiSettings, "url"> = {
  connectTimeoutMs: 5_000,
  readyTimeoutMs: 10_000,
  stallTimeoutMs: 15_000,
  flushTimeoutMs: 30_000,
  reconnectAttempts: 3,
  leadInSeconds: 1,
  maxReplaySeconds: 30,
  markerIntervalSeconds: 0.4,
  maxUtteranceSeconds: DEFAULT_MAX_UTTERANCE_SECONDS,
};

/** The server owes text for this much audio before its silence counts as a stall (delay + margin). */
const STALL_AUDIO_SECONDS = 4;
/** Silence before a flush marker, for the model to close the last word (6 steps). */
const FLUSH_GUARD_SECONDS = 0.48;
/**
 * A word's text is written a few steps after the word starts, so text for the audio before a marker is
 * complete only up to this long before it.
 */
const WORD_ANNOUNCE_SECONDS = 0.24;
/** Silence sent at once behind a flush marker: more than the model's 2.5 s delay. */
const FLUSH_SILENCE_SECONDS = 3;
/** Then one more second per second of waiting, at most this many times. */
const FLUSH_TOP_UPS = 10;
const RECONNECT_BACKOFF_MS = [250, 1000, 2000];
/** MessagePack float32: one marker byte + four. */
const BYTES_PER_SAMPLE = 5;

/** The websocket URL of the ASR endpoint for a configured base URL. */
export function asrStreamingUrl(base: string): string {
  const url = new URL(base);
  if (url.protocol === "http:") url.protocol = "ws:";
  if (url.protocol === "https:") url.protocol = "wss:";
  if (url.pathname === "" || url.pathname === "/") url.pathname = ASR_PATH;
  return url.toString();
}

/**
 * The server's clock for one connection: what it has been sent, in order — real audio, and silence we
 * inserted (lead-in, flushes). Maps the server's times back to the stream's.
 */
class Timeline {
  private insertions: { at: number; length: number }[] = [];
  private serverSamples = 0;
  private realSamples = 0;

  /** `origin`: stream sample index (24 kHz) of the first real sample this connection is sent. */
  constructor(readonly origin: number) {}

  audio(samples: number): void {
    this.serverSamples += samples;
    this.realSamples += samples;
  }

  /** Samples sent on this connection, silence included. */
  get sent(): number {
    return this.serverSamples;
  }

  silence(samples: number): void {
    this.insertions.push({ at: this.serverSamples, length: samples });
    this.serverSamples += samples;
  }

  /** Server seconds -> stream seconds; a time inside inserted silence maps to the next real sample. */
  toStreamSeconds(serverSeconds: number): number {
    let position = Math.round(serverSeconds * SAMPLE_RATE);
    let removed = 0;
    for (const { at, length } of this.insertions) {
      if (position <= at) break;
      if (position < at + length) {
        position = at;
        break;
      }
      removed += length;
    }
    const real = Math.min(Math.max(0, position - removed), this.realSamples);
    return (this.origin + real) / SAMPLE_RATE;
  }
}

interface Connection {
  ws: WebSocket;
  timeline: Timeline;
  ready: boolean;
  /** Stream sample index up to which audio has been sent on this connection. */
  sentUpTo: number;
  /** Marker id -> the stream sample index it follows. */
  markers: Map<number, number>;
  /** Wall time of the last message from the server. */
  lastHeard: number;
  samplesSinceMarker: number;
  /** A flush marker and its silence are out on this connection. */
  flushSent: boolean;
  flushTopUps: number;
  /** The next EndWord belongs to a word dropped as already heard. */
  skipEndWord: boolean;
  readyTimer?: NodeJS.Timeout;
}

interface FlushWaiter {
  /** Stream sample index the text must be complete to. */
  target: number;
  resolve: () => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

type State = "connecting" | "open" | "closing" | "closed" | "failed";

export class KyutaiStream implements StreamingSession {
  readonly ready: Promise<void>;
  private resolveReady!: () => void;
  private rejectReady!: (error: Error) => void;
  private everReady = false;

  private state: State = "connecting";
  private readonly settings: KyutaiSettings;
  private readonly url: string;
  private readonly listeners = new Set<(event: StreamEvent) => void>();
  private readonly tracker: UtteranceTracker;
  private readonly resampler = new StreamingResampler(16_000, SAMPLE_RATE);
  private readonly audio = new SampleBuffer();
  private pushed16k = 0;

  private conn: Connection | null = null;
  private attempts = 0;
  private reconnectTimer?: NodeJS.Timeout;
  private readonly stallTimer: NodeJS.Timeout;
  /** Stream sample index before which all text has arrived. */
  private watermark = 0;
  /** End of the last word delivered with its end time, in stream seconds. */
  private heardUpTo = 0;
  /** The word delivered last, to recognise it when a replacement connection says it again. */
  private lastWord: { text: string; start: number; open: boolean } | null = null;
  /** The held audio no longer reaches back to the replay point. */
  private replayLost = false;
  private nextMarkerId = 1;
  private flushes: FlushWaiter[] = [];
  private closing: Promise<void> | null = null;

  constructor(settings: KyutaiSettings, options: CreateStreamOptions = {}) {
    this.settings = settings;
    this.url = asrStreamingUrl(settings.url);
    this.tracker = new UtteranceTracker(
      { endpointingMs: options.endpointingMs ?? DEFAULT_ENDPOINTING_MS, maxUtteranceSeconds: settings.maxUtteranceSeconds },
      (event) => this.emit(event),
    );
    this.ready = new Promise((resolve, reject) => {
      this.resolveReady = resolve;
      this.rejectReady = reject;
    });
    // A caller that never awaits `ready` still hears about failures through the error event.
    this.ready.catch(() => undefined);
    this.stallTimer = setInterval(() => this.checkStall(), 1_000);
    this.stallTimer.unref();
    this.connect();
  }

  onEvent(listener: (event: StreamEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  push(samples: Float32Array): void {
    if (this.state === "failed") return; // the error event has told the caller already
    if (this.state === "closing" || this.state === "closed") {
      throw new KyutaiUpstreamError("stream_closed", "audio was pushed into a stream that is closed");
    }
    this.pushed16k += samples.length;
    this.append(this.resampler.process(samples));
  }

  pushedSeconds(): number {
    return this.pushed16k / 16_000;
  }

  pendingSeconds(): number {
    const conn = this.conn;
    const unsent = this.audio.end - (conn?.ready ? conn.sentUpTo : Math.min(this.replayPoint(), this.audio.end));
    const inSocket = conn ? conn.ws.bufferedAmount / BYTES_PER_SAMPLE : 0;
    return Math.max(0, unsent + inSocket) / SAMPLE_RATE;
  }

  flush(): Promise<void> {
    if (this.state === "failed") return Promise.reject(new KyutaiUpstreamError("stream_closed", "the stream has failed"));
    if (this.state === "closed") return Promise.reject(new KyutaiUpstreamError("stream_closed", "the stream is closed"));
    const target = this.audio.end;
    if (this.watermark >= target) {
      this.tracker.finish("flush");
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.fail(new KyutaiUpstreamError("upstream_timeout", `moshi-server did not finish the audio within ${this.settings.flushTimeoutMs / 1000} s`));
      }, this.settings.flushTimeoutMs);
      timer.unref();
      this.flushes.push({ target, resolve, reject, timer });
      const conn = this.conn;
      if (conn?.ready) this.sendFlush(conn);
    });
  }

  close(): Promise<void> {
    if (this.closing) return this.closing;
    if (this.state === "failed" || this.state === "closed") return Promise.resolve();
    this.state = "closing";
    this.append(this.resampler.end());
    this.closing = this.flushAll().finally(() => {
      if (this.state === "closing") this.shutDown();
    });
    return this.closing;
  }

  abort(): void {
    if (this.state === "closed" || this.state === "failed") return;
    this.shutDown();
    this.rejectReady(new KyutaiUpstreamError("stream_closed", "the stream was aborted"));
  }

  // --- audio out -----------------------------------------------------------------------------------

  private append(samples: Float32Array): void {
    this.audio.append(samples);
    const conn = this.conn;
    if (conn?.ready) this.sendAudio(conn, false);
    this.trim();
  }

  /** Sends held audio the connection has not had, in whole frames (all of it when `all`). */
  private sendAudio(conn: Connection, all: boolean): void {
    const available = this.audio.end - conn.sentUpTo;
    const count = all ? available : available - (available % FRAME_SAMPLES);
    const markerEvery = Math.max(FRAME_SAMPLES, Math.round(this.settings.markerIntervalSeconds * SAMPLE_RATE));
    let sent = 0;
    while (sent < count) {
      // Up to the next marker, in whole frames.
      const room = Math.max(1, markerEvery - conn.samplesSinceMarker);
      const n = Math.min(count - sent, Math.ceil(room / FRAME_SAMPLES) * FRAME_SAMPLES);
      const pcm = this.audio.slice(conn.sentUpTo, conn.sentUpTo + n);
      conn.ws.send(encodeClientMessage({ type: "Audio", pcm }));
      conn.timeline.audio(n);
      conn.sentUpTo += n;
      conn.samplesSinceMarker += n;
      sent += n;
      if (conn.samplesSinceMarker >= markerEvery) this.sendMarker(conn);
    }
  }

  private sendMarker(conn: Connection): void {
    const id = this.nextMarkerId++;
    conn.markers.set(id, conn.sentUpTo);
    conn.samplesSinceMarker = 0;
    conn.ws.send(encodeClientMessage({ type: "Marker", id }));
  }

  private sendSilence(conn: Connection, seconds: number): void {
    const samples = Math.round(seconds * SAMPLE_RATE);
    for (let done = 0; done < samples; done += SAMPLE_RATE) {
      const n = Math.min(SAMPLE_RATE, samples - done);
      conn.ws.send(encodeClientMessage({ type: "Audio", pcm: new Float32Array(n) }));
      conn.timeline.silence(n);
    }
  }

  /**
   * Everything held, padded to a whole frame; a little silence so the model can end the last word; the
   * marker (placed at the end of the real audio); then enough silence to step through the delay.
   */
  private sendFlush(conn: Connection): void {
    if (conn.flushSent) return;
    conn.flushSent = true;
    conn.flushTopUps = 0;
    this.sendAudio(conn, true);
    const partial = conn.timeline.sent % FRAME_SAMPLES;
    this.sendSilence(conn, (partial === 0 ? 0 : FRAME_SAMPLES - partial) / SAMPLE_RATE + FLUSH_GUARD_SECONDS);
    this.sendMarker(conn);
    this.sendSilence(conn, FLUSH_SILENCE_SECONDS);
  }

  /** Forgets audio nobody can need again: sent, and before the replay point. */
  private trim(): void {
    const replayFrom = this.replayPoint();
    const sent = this.conn?.ready ? this.conn.sentUpTo : replayFrom;
    this.audio.trimBefore(Math.min(replayFrom, sent));
    const cap = this.audio.end - Math.round(this.settings.maxReplaySeconds * SAMPLE_RATE);
    if (this.audio.start < cap && this.conn?.ready && this.conn.sentUpTo >= cap) {
      if (cap > replayFrom) this.replayLost = true;
      this.audio.trimBefore(cap);
    }
  }

  /** Where a new connection has to start so that no word is lost: text is complete up to here. */
  private replayPoint(): number {
    return Math.max(this.watermark, Math.floor(this.heardUpTo * SAMPLE_RATE));
  }

  // --- connection ----------------------------------------------------------------------------------

  private connect(): void {
    const origin = Math.max(this.audio.start, Math.min(this.replayPoint(), this.audio.end));
    const ws = new WebSocket(this.url, {
      headers: this.settings.apiKey ? { [API_KEY_HEADER]: this.settings.apiKey } : {},
      handshakeTimeout: this.settings.connectTimeoutMs,
      perMessageDeflate: false,
      maxPayload: 1 << 20,
    });
    const conn: Connection = {
      ws,
      timeline: new Timeline(origin),
      ready: false,
      sentUpTo: origin,
      markers: new Map(),
      lastHeard: Date.now(),
      samplesSinceMarker: 0,
      flushSent: false,
      flushTopUps: 0,
      skipEndWord: false,
    };
    this.conn = conn;
    // Before the first Ready every failure is final (the caller is told at once); after it, a new
    // connection is tried.
    const fatal = () => !this.everReady;
    conn.readyTimer = setTimeout(() => {
      this.lost(conn, new KyutaiUpstreamError("upstream_timeout", `moshi-server did not say Ready within ${this.settings.readyTimeoutMs / 1000} s`), fatal());
    }, this.settings.readyTimeoutMs);
    conn.readyTimer.unref();

    ws.on("unexpected-response", (request, response) => {
      const status = response.statusCode ?? 0;
      request.destroy();
      this.lost(
        conn,
        status === 401 || status === 403
          ? new KyutaiUpstreamError("upstream_unauthorized", `moshi-server refused the API key (HTTP ${status}); check KYUTAI_API_KEY against its authorized_ids`)
          : new KyutaiUpstreamError("upstream_unavailable", `moshi-server answered the websocket upgrade with HTTP ${status}`),
        fatal() || status === 401 || status === 403,
      );
    });
    ws.on("error", (error) => {
      this.lost(conn, new KyutaiUpstreamError("upstream_unavailable", `cannot reach moshi-server at ${this.url}: ${error.message}`, { cause: error }), fatal());
    });
    ws.on("close", (code, reason) => {
      const why = reason.toString() || `close code ${code}`;
      this.lost(conn, new KyutaiUpstreamError("upstream_error", `moshi-server closed the connection (${why})`), false);
    });
    ws.on("message", (data: WebSocket.RawData, isBinary: boolean) => {
      if (this.conn !== conn) return;
      conn.lastHeard = Date.now();
      if (!isBinary) return; // the protocol is binary; text frames carry nothing for us
      let message: ServerMessage;
      try {
        message = decodeServerMessage(toBytes(data));
      } catch (error) {
        this.fail(new KyutaiUpstreamError("upstream_protocol", `moshi-server sent an unreadable message: ${(error as ProtocolError).message}`, { cause: error }));
        return;
      }
      this.onMessage(conn, message);
    });
  }

  private onMessage(conn: Connection, message: ServerMessage): void {
    switch (message.type) {
      case "Ready":
        return this.onReady(conn);
      case "Word": {
        const start = conn.timeline.toStreamSeconds(message.start_time);
        const last = this.lastWord;
        if (last && (start < last.start || (start < last.start + 0.1 && message.text === last.text))) {
          // Said again by a connection that replaced a lost one: keep its end time only if the first
          // connection never delivered one.
          conn.skipEndWord = !last.open;
          return;
        }
        conn.skipEndWord = false;
        this.tracker.addWord(message.text, start);
        this.lastWord = { text: message.text, start, open: true };
        return;
      }
      case "EndWord": {
        if (conn.skipEndWord) {
          conn.skipEndWord = false;
          return;
        }
        const end = conn.timeline.toStreamSeconds(message.stop_time);
        this.tracker.endWord(end);
        if (this.lastWord) this.lastWord.open = false;
        this.heardUpTo = Math.max(this.heardUpTo, end);
        return;
      }
      case "Step":
        // Only models with a pause predictor send these; Kyutai's own voice stack treats head 2 (a 2 s
        // pause) above 0.5 as the end of a turn.
        if ((message.prs[2] ?? 0) > 0.5 && this.tracker.lastWordEnd() !== null) this.tracker.finish("endpoint");
        return;
      case "Marker":
        return this.onMarker(conn, message.id);
      case "Error":
        if (/no free channel/i.test(message.message)) {
          this.fail(new KyutaiUpstreamError("upstream_busy", "every moshi-server stream slot is taken (no free channels)"));
        } else {
          this.fail(new KyutaiUpstreamError("upstream_error", `moshi-server reported an error: ${message.message}`));
        }
        return;
    }
  }

  private onReady(conn: Connection): void {
    if (conn.ready) return;
    conn.ready = true;
    clearTimeout(conn.readyTimer);
    this.sendSilence(conn, this.settings.leadInSeconds);
    this.sendAudio(conn, false);
    if (this.flushes.length > 0 || this.state === "closing") this.sendFlush(conn);
    if (!this.everReady) {
      this.everReady = true;
      if (this.state === "connecting") this.state = "open";
      this.resolveReady();
    }
  }

  private onMarker(conn: Connection, id: number): void {
    const position = conn.markers.get(id);
    if (position === undefined) return;
    for (const key of conn.markers.keys()) if (key <= id) conn.markers.delete(key);
    this.attempts = 0; // the connection works
    if (position > this.watermark) this.watermark = position;
    this.tracker.complete(this.watermark / SAMPLE_RATE - WORD_ANNOUNCE_SECONDS);
    const done = this.flushes.filter((f) => f.target <= this.watermark);
    if (done.length > 0) {
      this.tracker.finish("flush");
      this.flushes = this.flushes.filter((f) => f.target > this.watermark);
      for (const f of done) {
        clearTimeout(f.timer);
        f.resolve();
      }
      conn.flushSent = false;
      if (this.flushes.length > 0) this.sendFlush(conn);
    }
    this.trim();
  }

  private checkStall(): void {
    const conn = this.conn;
    if (!conn?.ready) return;
    const now = Date.now();
    // Waiting on a flush: keep the model stepping.
    if (conn.flushSent && now - conn.lastHeard >= 1_000 && conn.flushTopUps < FLUSH_TOP_UPS) {
      conn.flushTopUps += 1;
      this.sendSilence(conn, 1);
    }
    const oldest = Math.min(...conn.markers.values());
    const owedAudio = Number.isFinite(oldest) ? (conn.sentUpTo - oldest) / SAMPLE_RATE + (conn.flushSent ? FLUSH_SILENCE_SECONDS : 0) : 0;
    if (owedAudio >= STALL_AUDIO_SECONDS && now - conn.lastHeard > this.settings.stallTimeoutMs) {
      conn.ws.terminate();
      this.lost(conn, new KyutaiUpstreamError("upstream_timeout", `moshi-server sent nothing for ${this.settings.stallTimeoutMs / 1000} s while it owed text`), false);
    }
  }

  /** A connection ended or failed; `fatal` errors are not retried. */
  private lost(conn: Connection, error: KyutaiUpstreamError, fatal: boolean): void {
    if (this.conn !== conn) return;
    this.conn = null;
    clearTimeout(conn.readyTimer);
    conn.ws.removeAllListeners("message");
    if (conn.ws.readyState === WebSocket.CONNECTING || conn.ws.readyState === WebSocket.OPEN) conn.ws.terminate();
    if (this.state === "closed" || this.state === "failed") return;
    const retry =
      !fatal &&
      this.everReady &&
      error.code !== "upstream_unauthorized" &&
      !this.replayLost &&
      this.audio.start <= this.replayPoint() &&
      this.attempts < this.settings.reconnectAttempts;
    if (!retry) {
      this.fail(error);
      return;
    }
    const delay = RECONNECT_BACKOFF_MS[Math.min(this.attempts, RECONNECT_BACKOFF_MS.length - 1)]!;
    this.attempts += 1;
    this.reconnectTimer = setTimeout(() => {
      if (this.state !== "closed" && this.state !== "failed") this.connect();
    }, delay);
    this.reconnectTimer.unref();
  }

  private fail(error: KyutaiUpstreamError): void {
    if (this.state === "closed" || this.state === "failed") return;
    this.shutDown("failed");
    this.rejectReady(error);
    for (const f of this.flushes.splice(0)) {
      clearTimeout(f.timer);
      f.reject(error);
    }
    this.emit({ type: "error", error });
  }

  private async flushAll(): Promise<void> {
    try {
      await this.ready;
      await this.flush();
    } catch {
      // A failed stream has said so through its error event; closing goes on.
    }
  }

  private shutDown(state: "closed" | "failed" = "closed"): void {
    this.state = state;
    clearInterval(this.stallTimer);
    clearTimeout(this.reconnectTimer);
    const conn = this.conn;
    this.conn = null;
    if (conn) {
      clearTimeout(conn.readyTimer);
      conn.ws.removeAllListeners("message");
      if (conn.ws.readyState === WebSocket.OPEN) conn.ws.close(1000);
      else if (conn.ws.readyState === WebSocket.CONNECTING) conn.ws.terminate();
    }
    for (const f of this.flushes.splice(0)) {
      clearTimeout(f.timer);
      f.reject(new KyutaiUpstreamError("stream_closed", "the stream was closed before its audio was finished"));
    }
  }

  private emit(event: StreamEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}

function toBytes(data: WebSocket.RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}
