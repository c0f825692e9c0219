import type { ErrorEnvelope, TranscriptionStreamEvent } from "./types";

/**
 * Server-sent events in the shape OpenAI's gpt-4o-transcribe streams: `data: {json}\n\n` per event,
 * `transcript.text.delta` events whose deltas join to the text, then one `transcript.text.done`.
 * A failure after the stream has started is sent as `data: {"error": {...}}` (what OpenAI's clients
 * raise as APIError) and ends the stream. No `[DONE]` sentinel: OpenAI sends none for transcriptions.
 */

export function sseEvent(data: TranscriptionStreamEvent | ErrorEnvelope): string {
  return `data: ${JSON.stringify(data)}\n\n`;
}

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

export const SSE_HEADERS: Record<string, string> = {
  "content-type": "text/event-stream; charset=utf-8",
  "cache-control": "no-cache, no-transform",
  // Stops buffering proxies (nginx) from holding events back.
  "x-accel-buffering": "no",
};

/**
 * A byte stream fed by `produce`, which writes events through `send`. Whatever `produce` throws is
 * turned into an error event by `onError` (which also does the caller's cleanup). The stream closes
 * when `produce` settles.
 */
export function eventStream(
  produce: (send: (event: TranscriptionStreamEvent) => void) => Promise<void>,
  onError: (error: unknown) => Promise<ErrorEnvelope>,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async start(controller) {
      let open = true;
      const write = (chunk: string) => {
        if (!open) return;
        try {
          controller.enqueue(encoder.encode(chunk));
        } catch {
          open = false; // the client went away; keep going so billing completes
        }
      };
      try {
        await produce((event) => write(sseEvent(event)));
      } catch (error) {
        write(sseEvent(await onError(error)));
      }
      if (open) {
        try {
          controller.close();
        } catch {
          // already cancelled by the client
        }
      }
    },
  });
}
