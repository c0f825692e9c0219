/**
 * Server-sent events for the queue's status stream and the run stream: `data: <json>\n\n` per event
 * (what fal's client parses), an optional `event:` name, and comment lines as keep-alives so proxies
 * and clients do not take a quiet stream for a dead one.
 */

export const SSE_HEADERS: Record<string, string> = {
  "content-type": "text/event-stream; charset=utf-8",
  "cache-control": "no-cache, no-transform",
  "x-accel-buffering": "no",
};

export interface EventSink {
  send(data: unknown, event?: string): void;
  /** Ends the stream (idempotent). */
  close(): void;
  readonly closed: boolean;
}

const KEEPALIVE_MS = 10_000;

/**
 * A stream driven by `start`, which gets a sink and returns a cleanup function called once when the
 * stream ends, whether `start` closed it or the client went away.
 */
export function eventStream(start: (sink: EventSink) => (() => void) | void): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let cleanup: (() => void) | void;
  let finished = false;
  let keepalive: NodeJS.Timeout | undefined;
  const finish = () => {
    if (finished) return;
    finished = true;
    clearInterval(keepalive);
    cleanup?.();
  };
  return new ReadableStream<Uint8Array>({
    start(controller) {
      const write = (text: string) => {
        if (finished) return;
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          finish();
        }
      };
      const sink: EventSink = {
        send(data, event) {
          write(`${event ? `event: ${event}\n` : ""}data: ${JSON.stringify(data)}\n\n`);
        },
        close() {
          if (finished) return;
          finish();
          try {
            controller.close();
          } catch {
            // already closed by the client
          }
        },
        get closed() {
          return finished;
        },
      };
      keepalive = setInterval(() => write(": keep-alive\n\n"), KEEPALIVE_MS);
      keepalive.unref();
      cleanup = start(sink);
      if (finished) cleanup?.();
    },
    cancel() {
      finish();
    },
  });
}
