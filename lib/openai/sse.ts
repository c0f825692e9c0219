import { eventStream as boundedEventStream, type StreamLimits } from "@/lib/queue-api/sse";
import type { ErrorEnvelope, TranscriptionStreamEvent } from "./types";

/**
 * Server-sent events in the shape OpenAI's gpt-4o-transcribe streams: `data: {json}\n\n` per event,
 * `transcript.text.delta` events whose deltas join to the text, then one `transcript.text.done`.
 * A failure after the stream has started is sent as `data: {"error": {...}}` (what OpenAI's clients
 * raise as APIError) and ends the stream. No `[DONE]` sentinel: OpenAI sends none for transcriptions.
 */

/** Text cut into deltas that join back to exactly `text`: each word with the space before it. */
export function textDeltas(text: string): string[] {
  const deltas: string[] = [...(text.match(/\s*\S+/g) ?? [])];
  const trailing = text.slice(deltas.join("").length);
  if (trailing) {
    if (deltas.length > 0) deltas[deltas.length - 1] += trailing;
    else deltas.push(trailing);
  }
  return deltas;
}

export { SSE_HEADERS } from "@/lib/queue-api/sse";

/** Waiting events past which the producer waits for the client (its deltas cannot replace each other). */
const PRODUCER_AHEAD_BYTES = 64 * 1024;

/**
 * A byte stream fed by `produce`, which writes events through `send`. Whatever `produce` throws is
 * turned into an error event by `onError` (which also does the caller's cleanup). The stream closes
 * when `produce` settles.
 *
 * Flow control is the queue API's (lib/queue-api/sse.ts): `send` resolves once the client has room, so a
 * slow reader slows the producer instead of growing a buffer, and a client that takes nothing for
 * STREAM_MAX_STALL_SECONDS (or lets STREAM_MAX_BUFFERED_BYTES wait) is disconnected; `send` then returns
 * at once, so the producer still finishes (the charge is settled, the request logged).
 */
export function eventStream(
  produce: (send: (event: TranscriptionStreamEvent) => Promise<void>) => Promise<void>,
  onError: (error: unknown) => Promise<ErrorEnvelope>,
  limits?: StreamLimits,
): ReadableStream<Uint8Array> {
  return boundedEventStream((sink) => {
    const send = async (event: TranscriptionStreamEvent | ErrorEnvelope) => {
      sink.send(event);
      if (sink.bufferedBytes > PRODUCER_AHEAD_BYTES) await sink.drained();
    };
    void (async () => {
      try {
        await produce(send);
      } catch (error) {
        await send(await onError(error));
      }
    })()
      .catch((error: unknown) => console.error("event stream failed:", error))
      .finally(() => sink.close());
  }, limits);
}
