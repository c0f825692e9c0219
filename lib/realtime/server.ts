import "server-only";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer } from "ws";
import { env } from "@/lib/env";
import { StreamSlots } from "./capacity";
import { configuredStreamingModels, type StreamingModels } from "./models";
import { RealtimeSession, type RealtimeSettings } from "./session";

/**
 * The realtime endpoint on an HTTP server: upgrades on `/v1/realtime` become sessions
 * (./session.ts); every other upgrade is left to whoever else listens (Next's dev server, for its
 * hot reload). Used by the custom server entry (server.ts at the repo root) and by the tests.
 */

export const REALTIME_PATH = "/v1/realtime";

/** The largest frame a client may send: 1 MiB is over 30 s of PCM16 at 16 kHz. */
const MAX_FRAME_BYTES = 1 << 20;

export interface RealtimeOptions {
  settings?: Partial<RealtimeSettings>;
  /** Sessions per model at once (default REALTIME_MAX_STREAMS_PER_MODEL). */
  maxStreamsPerModel?: number;
  /** Which models stream and how (default: the ones the settings configure). */
  models?: StreamingModels;
}

export interface RealtimeEndpoint {
  /** Handles one upgrade request; false when its path is not the realtime endpoint. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): boolean;
  /** Sessions open now. */
  sessions(): number;
  /** Ends every session as a shutdown does (finals, charge, session.closed, 1001) and stops accepting. */
  close(): Promise<void>;
}

export function settingsFromEnv(): RealtimeSettings {
  return {
    idleSeconds: env.REALTIME_IDLE_SECONDS,
    holdSeconds: env.REALTIME_HOLD_SECONDS,
    maxBufferedBytes: env.REALTIME_MAX_BUFFERED_BYTES,
    maxPendingSeconds: env.REALTIME_MAX_PENDING_SECONDS,
    endpointingMs: env.REALTIME_ENDPOINTING_MS,
    finishTimeoutMs: 30_000,
  };
}

export function createRealtimeEndpoint(options: RealtimeOptions = {}): RealtimeEndpoint {
  const settings: RealtimeSettings = { ...settingsFromEnv(), ...options.settings };
  const limit = options.maxStreamsPerModel ?? env.REALTIME_MAX_STREAMS_PER_MODEL;
  const slots = new StreamSlots(() => limit);
  const models = options.models ?? configuredStreamingModels;
  const live = new Set<RealtimeSession>();
  let closing = false;
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES, perMessageDeflate: false, clientTracking: false });

  return {
    handleUpgrade(request, socket, head) {
      const path = new URL(request.url ?? "/", "http://realtime.invalid").pathname;
      if (path !== REALTIME_PATH && path !== `${REALTIME_PATH}/`) return false;
      if (closing) {
        socket.end("HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
        return true;
      }
      wss.handleUpgrade(request, socket, head, (ws) => {
        const session = new RealtimeSession(ws, request, { settings, models, slots, onEnded: (s) => live.delete(s) });
        live.add(session);
        void session.start();
      });
      return true;
    },
    sessions: () => live.size,
    async close() {
      closing = true;
      await Promise.all([...live].map((s) => s.shutDown()));
      wss.close();
    },
  };
}

/**
 * Serves the realtime endpoint on `server`: a plain GET gets 426 with a hint, an upgrade a session.
 * Returns the endpoint (for shutdown) and leaves other upgrades to other listeners.
 */
export function attachRealtime(server: Server, options: RealtimeOptions = {}): RealtimeEndpoint {
  const endpoint = createRealtimeEndpoint(options);
  server.on("upgrade", (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    endpoint.handleUpgrade(request, socket, head);
  });
  return endpoint;
}

/** For the HTTP side of `/v1/realtime`: answers a plain (non-upgrade) request with 426 and a hint. */
export function answerPlainRequest(request: IncomingMessage, response: ServerResponse): boolean {
  const path = new URL(request.url ?? "/", "http://realtime.invalid").pathname;
  if (path !== REALTIME_PATH && path !== `${REALTIME_PATH}/`) return false;
  const body = JSON.stringify({
    error: {
      message: "The realtime API is a WebSocket: connect to ws(s)://<host>/v1/realtime?model=<model> (see the README, \"Realtime API\").",
      type: "invalid_request_error",
      param: null,
      code: "upgrade_required",
    },
  });
  response.writeHead(426, { "content-type": "application/json", upgrade: "websocket", connection: "Upgrade" });
  response.end(body);
  return true;
}
