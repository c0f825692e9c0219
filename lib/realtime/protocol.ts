import { z } from "zod";

/**
 * The realtime API's wire protocol (`GET /v1/realtime?model=…` upgraded to a WebSocket). Modelled on
 * OpenAI's realtime transcription events and Deepgram's live API: audio in as binary frames (or base64
 * JSON), interim and final results out as JSON events with word times.
 *
 * Field names are the wire's (snake_case), and every server event is a JSON object with a `type`.
 */

/** The only audio format: signed 16-bit little-endian PCM, mono, 16 kHz. */
export const SAMPLE_RATE = 16_000;
export const BYTES_PER_SAMPLE = 2;

// --- connection parameters (the URL's query) ---------------------------------------------------------

const booleanParam = z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1");

export const connectParams = z.object({
  /** Catalog id or short name of a live streaming model. */
  model: z.string().trim().min(1, "model is required"),
  /** A browser token from POST /api/realtime/token or /v1/realtime/tokens (instead of an Authorization header). */
  token: z.string().min(1).optional(),
  /** Spoken language, for models that take one. */
  language: z.string().trim().min(2).max(16).optional(),
  /** Nemotron's latency setting: none (1.12 s chunks) … full (0.08 s). */
  acceleration: z.enum(["none", "regular", "high", "full"]).optional(),
  /** Silence that ends an utterance, in milliseconds. */
  endpointing_ms: z.coerce.number().int().min(100).max(10_000).optional(),
  /** false: only final results (no transcript.partial events). */
  interim_results: booleanParam.default(true),
  /** Stated for clarity; only pcm16 is accepted. */
  encoding: z.literal("pcm16", { error: "encoding must be pcm16 (16-bit little-endian PCM)" }).optional(),
  /** Stated for clarity; only 16000 is accepted. */
  sample_rate: z.literal("16000", { error: "sample_rate must be 16000" }).optional(),
});
export type ConnectParams = z.infer<typeof connectParams>;

// --- client -> server (JSON text frames; binary frames are raw PCM16) ---------------------------------

export const clientEvent = z.discriminatedUnion("type", [
  /** Audio as base64 PCM16 (for clients that cannot send binary frames). */
  z.object({ type: z.literal("input_audio_buffer.append"), audio: z.string() }),
  /** Finalise now: everything sent so far comes back as final results, then `input_audio_buffer.committed`. */
  z.object({ type: z.literal("input_audio_buffer.commit") }),
  /** End the session: final results, `session.closed` with the usage, then close code 1000. */
  z.object({ type: z.literal("session.close") }),
  /** Keeps a session open through a silence without sending audio (resets the idle timer). */
  z.object({ type: z.literal("keepalive") }),
]);
export type ClientEvent = z.infer<typeof clientEvent>;

// --- server -> client ---------------------------------------------------------------------------------

export interface WireWord {
  word: string;
  /** Seconds from the start of the session's audio. */
  start: number;
  end: number;
}

export interface TranscriptEvent {
  type: "transcript.partial" | "transcript.final";
  /** 0, 1, 2, … per utterance; a final closes its id, partials before it show it growing. */
  utterance_id: number;
  text: string;
  words: WireWord[];
  start: number;
  end: number;
  /** Finals only: why the utterance ended. */
  reason?: "endpoint" | "commit" | "close" | "max_length";
}

export interface SessionCreatedEvent {
  type: "session.created";
  session: {
    id: string;
    model: string;
    encoding: "pcm16";
    sample_rate: 16000;
    channels: 1;
    /** How far the model's text lags the audio by design, in milliseconds. */
    latency_ms: number;
    endpointing_ms: number;
    interim_results: boolean;
    idle_timeout_seconds: number;
    /** Most audio one session may stream, in seconds. */
    max_audio_seconds: number;
  };
}

export interface CommittedEvent {
  type: "input_audio_buffer.committed";
  /** Seconds of audio received before the commit, all of it now final. */
  audio_seconds: number;
}

export type ClosedReason =
  | "client_closed"
  | "idle_timeout"
  | "insufficient_credit"
  | "max_duration"
  | "server_shutdown";

export interface SessionClosedEvent {
  type: "session.closed";
  reason: ClosedReason;
  /** The seconds streamed and billed (OpenAI's usage shape), and the cost in USD. */
  usage: { type: "duration"; seconds: number; billed_seconds: number };
  cost: number;
}

export interface ErrorEvent {
  type: "error";
  /** OpenAI's error envelope, as the HTTP API answers it. */
  error: { message: string; type: string; param: string | null; code: string | null };
}

export type ServerEvent = SessionCreatedEvent | TranscriptEvent | CommittedEvent | SessionClosedEvent | ErrorEvent;

// --- close codes ----------------------------------------------------------------------------------------

/** Close codes: the standard ones where they fit, 4000 + the HTTP status's last digits for ours. */
export const CloseCode = {
  /** The client ended the session (session.close). */
  normal: 1000,
  /** The server is shutting down. */
  goingAway: 1001,
  /** A frame the protocol does not accept (binary with an odd byte count, unknown JSON event). */
  unsupportedData: 1003,
  /** A frame over the size limit (ws closes by itself). */
  tooBig: 1009,
  /** The model failed mid-session; nothing was charged. */
  serverError: 1011,
  /** Every stream of the model is busy, or its server is unreachable: try again later. */
  tryAgainLater: 1013,
  /** Connection parameters are wrong (unknown encoding, bad value). */
  badRequest: 4000,
  /** No key or token, or a bad, expired, revoked one. */
  unauthorized: 4001,
  /** Not enough credit (or the key's spend limit) to start or to go on. */
  paymentRequired: 4002,
  /** The model does not exist, is not live, or does not stream. */
  notFound: 4004,
  /** Nothing received for REALTIME_IDLE_SECONDS. */
  idleTimeout: 4008,
  /** The client did not read its events and REALTIME_MAX_BUFFERED_BYTES were waiting. */
  clientTooSlow: 4009,
  /** The session reached the longest audio the model takes. */
  maxDuration: 4013,
  /** The key passed its requests per minute. */
  rateLimited: 4029,
} as const;
export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];

/** The close code for an HTTP-style error status. */
export function closeCodeForStatus(status: number): CloseCode {
  switch (status) {
    case 400:
    case 422:
      return CloseCode.badRequest;
    case 401:
    case 403:
      return CloseCode.unauthorized;
    case 402:
      return CloseCode.paymentRequired;
    case 404:
      return CloseCode.notFound;
    case 429:
      return CloseCode.rateLimited;
    case 503:
      return CloseCode.tryAgainLater;
    default:
      return CloseCode.serverError;
  }
}
