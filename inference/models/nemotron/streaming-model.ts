/**
 * Nemotron behind the realtime layer's per-stream interface (`StreamingModel`, the one the Kyutai upstream
 * implements too): utterances are Nemotron's segments, `close()` ends the input and waits for the last
 * final, `flush()` settles what is decoded so far and lets the stream go on.
 *
 * One difference a caller may notice: flush() cannot decode the audio after the last complete chunk (less
 * than one chunk: at most 1.12 s at acceleration "none", 80 ms at "full") without ending the stream, since
 * the encoder's caches only move forward by whole chunks; those words arrive with the next utterance.
 */
import type {
  CreateStreamOptions,
  StreamEvent as UpstreamEvent,
  StreamingModel,
  StreamingSession,
  Utterance,
} from "../../upstream/kyutai/stream-types.js";
import type { FinalEvent, PartialEvent } from "./events.js";
import type { NemotronRunner } from "./runner.js";
import { ACCELERATION_CHUNK_MS, DEFAULT_ACCELERATION, type NemotronStream } from "./stream.js";

export function nemotronStreamingModel(runner: NemotronRunner): StreamingModel {
  return {
    // Text for a chunk can only come after the whole chunk was heard.
    latencyMs: ACCELERATION_CHUNK_MS[DEFAULT_ACCELERATION],
    createStream: (options?: CreateStreamOptions) => openSession(runner, options ?? {}),
  };
}

function openSession(runner: NemotronRunner, options: CreateStreamOptions): StreamingSession {
  let stream: NemotronStream;
  try {
    stream = runner.createStream({
      ...(options.language ? { language: options.language } : {}),
      ...(options.acceleration ? { acceleration: options.acceleration } : {}),
      ...(options.endpointingMs !== undefined ? { endpointSeconds: options.endpointingMs / 1000 } : {}),
    });
  } catch (error) {
    return refused(error as Error & { code?: string });
  }
  const listeners = new Set<(event: UpstreamEvent) => void>();
  const emit = (event: UpstreamEvent) => {
    for (const listener of listeners) listener(event);
  };
  let pushed = 0;
  const done = (async () => {
    for await (const event of stream.events) {
      if (event.type === "error") emit({ type: "error", error: Object.assign(new Error(event.message), { code: "model_failed" }) });
      else if (event.type === "partial") emit({ type: "partial", utterance: utterance(event) });
      else emit({ type: "final", utterance: utterance(event), reason: event.reason === "end" ? "flush" : event.reason });
    }
  })();
  return {
    ready: Promise.resolve(),
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    push(samples) {
      if (stream.finished) return;
      pushed += samples.length;
      stream.push(samples);
    },
    pendingSeconds: () => Math.max(0, pushed / 16000 - stream.decodedSeconds),
    pushedSeconds: () => pushed / 16000,
    async flush() {
      await stream.caughtUp();
      stream.settle();
      // Let the loop above hand the final to the listeners before flush resolves.
      await new Promise((resolve) => setImmediate(resolve));
    },
    async close() {
      stream.flush();
      await done;
    },
    abort() {
      stream.cancel();
    },
  };
}

function utterance(event: PartialEvent | FinalEvent): Utterance {
  const first = event.words[0];
  const last = event.words.at(-1);
  return { index: event.segment, text: event.text, words: event.words, start: first?.start ?? 0, end: last?.end ?? 0 };
}

function refused(error: Error & { code?: string }): StreamingSession {
  const typed = Object.assign(error, { code: error.code ?? "invalid_request" });
  const ready = Promise.reject(typed);
  ready.catch(() => undefined);
  return {
    ready,
    onEvent: () => () => undefined,
    push: () => undefined,
    pendingSeconds: () => 0,
    pushedSeconds: () => 0,
    flush: () => Promise.resolve(),
    close: () => Promise.resolve(),
    abort: () => undefined,
  };
}
