import type { Audio, Transcript } from "../../types.js";
import { KyutaiUpstreamError } from "./errors.js";
import type { CreateStreamOptions, StreamingModel, Utterance } from "./stream-types.js";

/**
 * A whole recording through a streaming model, for the file APIs (/v1/audio/transcriptions, the queue
 * API): the audio is pushed as fast as the model takes it (not in real time), the stream is closed, and
 * the utterances become the transcript's segments.
 */

/** Audio pushed per step; the stream is given time to send it before more is pushed. */
const PUSH_SECONDS = 1;
/** Most audio held in this process for the model at once. */
const MAX_PENDING_SECONDS = 20;

export interface StreamTranscribeOptions {
  /** Word times in the transcript (segments come always). */
  timestamps?: boolean;
  signal?: AbortSignal;
  /** Passed to the stream (models that take them). */
  stream?: CreateStreamOptions;
  /** Called as the text grows: the finished utterances and the one in progress. */
  onProgress?: (finals: readonly Utterance[], partial: Utterance | null) => void;
}

export async function transcribeWithStream(model: StreamingModel, audio: Audio, options: StreamTranscribeOptions = {}): Promise<Transcript> {
  const stream = model.createStream(options.stream);
  const finals: Utterance[] = [];
  let failure: Error | null = null;
  stream.onEvent((event) => {
    if (event.type === "error") failure = event.error;
    else if (event.type === "final") finals.push(event.utterance);
    if (event.type !== "error") options.onProgress?.(finals, event.type === "partial" ? event.utterance : null);
  });
  const aborted = () => new KyutaiUpstreamError("stream_closed", "the transcription was cancelled");
  const onAbort = () => stream.abort();
  options.signal?.addEventListener("abort", onAbort, { once: true });
  try {
    await stream.ready;
    const step = Math.round(PUSH_SECONDS * audio.sampleRate);
    for (let at = 0; at < audio.samples.length; at += step) {
      if (options.signal?.aborted) throw aborted();
      if (failure) throw failure;
      stream.push(audio.samples.subarray(at, at + step));
      while (stream.pendingSeconds() > MAX_PENDING_SECONDS && !failure && !options.signal?.aborted) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }
    await stream.close();
    if (options.signal?.aborted) throw aborted();
    if (failure) throw failure;
  } finally {
    options.signal?.removeEventListener("abort", onAbort);
    stream.abort();
  }
  const words = finals.flatMap((u) => u.words.map((w) => ({ text: w.text, start: w.start, end: w.end })));
  return {
    text: finals.map((u) => u.text).join(" "),
    segments: finals.map((u) => ({ text: u.text, start: u.start, end: u.end })),
    words: options.timestamps ? words : [],
    durationSeconds: audio.samples.length / audio.sampleRate,
    // moshi-server runs the model on its GPU (its CPU mode is for development).
    provider: "cuda",
  };
}
