/**
 * Server-sent events for the queue's status stream and the run stream (and, through lib/openai/sse.ts,
 * /v1 stream=true): `data: <json>\n\n` per event (what fal's client parses), an optional `event:` name,
 * and comment lines as keep-alives so proxies and clients do not take a quiet stream for a dead one.
 *
 * Flow control. The stream is pulled: the HTTP layer (Next's pipe to the socket) asks for the next
 * chunk only once the socket took the last one, so a client that reads slowly or not at all leaves
 * events waiting here, where they are counted and bounded:
 * - an event sent with `replaces: key` drops the unsent event of the same key (cumulative partial
 *   outputs, status bodies: only the newest is worth sending), so a slow client gets fewer, newer ones;
 * - past `maxBufferedBytes` waiting, or when the client took nothing for `maxStallMs` while events
 *   waited, the client is hopeless: the response is aborted (the connection closes) and the producer's
 *   cleanup runs, so nothing keeps growing and nothing waits forever.
 */
import { env } from "@/lib/env";

export const SSE_HEADERS: Record<string, string> = {
  "content-type": "text/event-stream; charset=utf-8",
  // no-transform also keeps compression away, which would hold events back.
  "cache-control": "no-cache, no-transform",
  "x-accel-buffering": "no",
};

export interface SendOptions {
  /** The SSE `event:` name (none: a plain message). */
  event?: string;
  /** An unsent earlier event with the same key is dropped in favour of this one. */
  replaces?: string;
}

export interface EventSink {
  send(data: unknown, options?: SendOptions): void;
  /** Resolves once no sent event waits here any more (all handed to the connection), or the stream has ended. */
  drained(): Promise<void>;
  /** Bytes of sent events still waiting here. */
  readonly bufferedBytes: number;
  /** Ends the stream once the client has taken what was sent (idempotent). */
  close(): void;
  readonly closed: boolean;
}

export interface StreamLimits {
  maxBufferedBytes: number;
  maxStallMs: number;
}

/** What every open event stream of this process holds for its clients (read by tests and health checks). */
export interface StreamStats {
  open: number;
  /** Bytes of events produced but not yet taken by the HTTP layer. */
  bufferedBytes: number;
  /** Clients disconnected because they could not keep up. */
  closedTooSlow: number;
}

const globalForStats = globalThis as typeof globalThis & { gigarouterStreamStats?: StreamStats };
const stats = (globalForStats.gigarouterStreamStats ??= { open: 0, bufferedBytes: 0, closedTooSlow: 0 });

export function streamStats(): StreamStats {
  return { ...stats };
}

const KEEPALIVE_MS = 10_000;

function configuredLimits(): StreamLimits {
  return { maxBufferedBytes: env.STREAM_MAX_BUFFERED_BYTES, maxStallMs: env.STREAM_MAX_STALL_SECONDS * 1000 };
}

export class ClientTooSlowError extends Error {
  constructor(reason: string) {
    super(`The client did not read the event stream (${reason}); disconnected.`);
    // What Next's pipe takes for an abandoned response: it closes the connection without an error of its own.
    this.name = "AbortError";
  }
}

interface Pending {
  bytes: Uint8Array;
  key: string | undefined;
}

/**
 * A stream driven by `start`, which gets a sink and returns a cleanup function called once when the
 * stream ends: `start` closed it, the client went away, or the client was too slow.
 */
export function eventStream(start: (sink: EventSink) => (() => void) | void, limits: StreamLimits = configuredLimits()): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let pending: Pending[] = [];
  let pendingBytes = 0;
  /** Bytes handed to the HTTP layer that it has not asked past yet (still on their way to the socket). */
  let inFlight = 0;
  /** A pull is outstanding: the next event goes out at once. */
  let wanted = false;
  let closing = false;
  let finished = false;
  let lastTaken = Date.now();
  let cleanup: (() => void) | void;
  let cleanedUp = false;
  let keepalive: NodeJS.Timeout | undefined;
  let stallTimer: NodeJS.Timeout | undefined;
  let waiters: (() => void)[] = [];

  const account = (delta: number) => {
    stats.bufferedBytes += delta;
  };
  const wakeWaiters = () => {
    const ready = waiters;
    waiters = [];
    for (const resolve of ready) resolve();
  };
  const runCleanup = () => {
    if (cleanedUp || !cleanup) return;
    cleanedUp = true;
    cleanup();
  };
  const finish = () => {
    if (finished) return;
    finished = true;
    stats.open -= 1;
    account(-(pendingBytes + inFlight));
    pending = [];
    pendingBytes = 0;
    inFlight = 0;
    clearInterval(keepalive);
    clearTimeout(stallTimer);
    wakeWaiters();
    runCleanup();
  };
  const tooSlow = (reason: string) => {
    if (finished) return;
    stats.closedTooSlow += 1;
    console.warn(`[stream] a client that did not read was disconnected (${reason})`);
    finish();
    try {
      controller.error(new ClientTooSlowError(reason));
    } catch {
      // already gone
    }
  };
  const armStallTimer = () => {
    if (stallTimer || finished) return;
    stallTimer = setTimeout(function check() {
      stallTimer = undefined;
      if (finished || (pending.length === 0 && inFlight === 0)) return;
      const idle = Date.now() - lastTaken;
      if (idle >= limits.maxStallMs) tooSlow(`nothing read for ${(idle / 1000).toFixed(1)} s`);
      else stallTimer = setTimeout(check, limits.maxStallMs - idle).unref();
    }, limits.maxStallMs).unref();
  };
  /** Everything waiting, as one chunk, to the HTTP layer. */
  const hand = () => {
    wanted = false;
    const chunk = pending.length === 1 ? pending[0]!.bytes : concat(pending.map((p) => p.bytes), pendingBytes);
    pending = [];
    inFlight += pendingBytes;
    pendingBytes = 0;
    controller.enqueue(chunk);
    wakeWaiters();
    armStallTimer(); // until the client asks for more, this chunk is stuck on its way
  };
  /** Closed by the producer and all taken: the end. A client that never takes the rest is stalled instead. */
  const endIfClosing = () => {
    if (!closing || pending.length > 0 || inFlight > 0 || finished) return;
    finish();
    try {
      controller.close();
    } catch {
      // already cancelled by the client
    }
  };
  const queue = (bytes: Uint8Array, key: string | undefined) => {
    if (finished || closing) return;
    if (key !== undefined) {
      const index = pending.findIndex((p) => p.key === key);
      if (index >= 0) {
        const [dropped] = pending.splice(index, 1);
        pendingBytes -= dropped!.bytes.byteLength;
        account(-dropped!.bytes.byteLength);
      }
    }
    pending.push({ bytes, key });
    pendingBytes += bytes.byteLength;
    account(bytes.byteLength);
    if (wanted) hand();
    else if (pendingBytes > limits.maxBufferedBytes) tooSlow(`${pendingBytes} bytes waiting`);
    else armStallTimer();
  };

  const sink: EventSink = {
    send(data, options = {}) {
      queue(encoder.encode(`${options.event ? `event: ${options.event}\n` : ""}data: ${JSON.stringify(data)}\n\n`), options.replaces);
    },
    drained() {
      if (finished || pending.length === 0) return Promise.resolve();
      return new Promise<void>((resolve) => waiters.push(resolve));
    },
    get bufferedBytes() {
      return pendingBytes;
    },
    close() {
      if (closing || finished) return;
      closing = true;
      runCleanup();
      endIfClosing();
    },
    get closed() {
      return finished || closing;
    },
  };

  return new ReadableStream<Uint8Array>(
    {
      start(c) {
        controller = c;
        stats.open += 1;
        keepalive = setInterval(() => {
          // Only to an idle client that has taken everything: one that is behind hears from us anyway.
          if (wanted && pending.length === 0) queue(encoder.encode(": keep-alive\n\n"), undefined);
        }, KEEPALIVE_MS);
        keepalive.unref();
        // Something to send at once, so the status line and headers go out now, not with the first event.
        queue(encoder.encode(": connected\n\n"), undefined);
        cleanup = start(sink);
        if (finished || closing) runCleanup();
      },
      pull() {
        if (finished) return;
        lastTaken = Date.now();
        account(-inFlight);
        inFlight = 0;
        if (pending.length > 0) hand();
        else wanted = true;
        endIfClosing();
      },
      cancel() {
        finish();
      },
    },
    // Nothing is queued ahead of the reader: events wait in `pending`, where they can be replaced and counted.
    { highWaterMark: 0 },
  );
}

function concat(parts: Uint8Array[], total: number): Uint8Array {
  const out = new Uint8Array(total);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.byteLength;
  }
  return out;
}
