/**
 * A realtime API client for tests: a real `ws` WebSocket that records every event and the close code,
 * and sends PCM16 audio in frames the way live clients do.
 */
import WebSocket from "ws";
import { toPcm16 } from "./tone-audio";

export interface RealtimeEventRecord {
  type: string;
  [field: string]: unknown;
}

export interface RealtimeTestClient {
  ws: WebSocket;
  events: RealtimeEventRecord[];
  /** Resolves with the close code and reason. */
  closed: Promise<{ code: number; reason: string }>;
  /** Resolves at the first event of this type (rejects when the socket closes first). */
  next(type: string): Promise<RealtimeEventRecord>;
  /** Sends 16 kHz audio as binary PCM16 frames of `frameMs` each. */
  sendAudio(samples: Float32Array, frameMs?: number): Promise<void>;
  sendJson(event: unknown): void;
  of(type: string): RealtimeEventRecord[];
}

export function connectRealtime(url: string, options: { key?: string; headers?: Record<string, string> } = {}): RealtimeTestClient {
  const headers: Record<string, string> = { ...options.headers };
  if (options.key) headers.authorization = `Bearer ${options.key}`;
  const ws = new WebSocket(url, { headers, perMessageDeflate: false });
  const events: RealtimeEventRecord[] = [];
  const waiters: { type: string; resolve: (e: RealtimeEventRecord) => void; reject: (e: Error) => void }[] = [];
  ws.on("message", (data: Buffer, isBinary: boolean) => {
    if (isBinary) throw new Error("the realtime API sent a binary frame");
    const event = JSON.parse(data.toString("utf8")) as RealtimeEventRecord;
    events.push(event);
    for (const w of waiters.filter((w) => w.type === event.type)) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve(event);
    }
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    ws.on("close", (code, reason) => {
      for (const w of waiters.splice(0)) w.reject(new Error(`closed (${code} ${reason.toString()}) before ${w.type}; events: ${events.map((e) => e.type).join(", ")}`));
      resolve({ code, reason: reason.toString() });
    });
  });
  ws.on("error", () => undefined);
  return {
    ws,
    events,
    closed,
    next(type) {
      const seen = events.find((e) => e.type === type);
      if (seen) return Promise.resolve(seen);
      if (ws.readyState === WebSocket.CLOSED) return Promise.reject(new Error(`closed before ${type}`));
      return new Promise((resolve, reject) => waiters.push({ type, resolve, reject }));
    },
    async sendAudio(samples, frameMs = 100) {
      await opened(ws);
      const step = Math.round((16_000 * frameMs) / 1000);
      for (let at = 0; at < samples.length; at += step) {
        if (ws.readyState !== WebSocket.OPEN) return;
        ws.send(toPcm16(samples.subarray(at, at + step)));
        if ((at / step) % 20 === 19) await new Promise((resolve) => setImmediate(resolve));
      }
    },
    sendJson(event) {
      ws.send(JSON.stringify(event));
    },
    of(type) {
      return events.filter((e) => e.type === type);
    },
  };
}

function opened(ws: WebSocket): Promise<void> {
  if (ws.readyState === WebSocket.OPEN) return Promise.resolve();
  return new Promise((resolve, reject) => {
    ws.once("open", () => resolve());
    ws.once("close", () => reject(new Error("closed before it opened")));
  });
}
