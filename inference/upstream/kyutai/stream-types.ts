/**
 * The per-stream interface every streaming model offers the realtime layer, whether it runs in this
 * process (Nemotron's cache-aware runner) or behind an upstream server (Kyutai through moshi-server):
 *
 *   const stream = await upstream.createStream({ endpointingMs: 800 });
 *   stream.onEvent((event) => ...);     // partial / final utterances, each with words and times
 *   stream.push(samples16k);            // as the audio arrives, any length
 *   await stream.flush();               // everything pushed so far becomes final
 *   await stream.close();               // flush, then release the stream's resources
 *
 * Times are seconds from the first sample pushed into the stream (16 kHz clock), whatever the model's
 * own clock is.
 */

export interface StreamWord {
  text: string;
  /** Seconds from the start of the stream's audio. */
  start: number;
  end: number;
}

/** One utterance as it stands: the words heard since the last final. */
export interface Utterance {
  /** 0, 1, 2, ... in the order the utterances were spoken. */
  index: number;
  /** The words joined by single spaces. */
  text: string;
  words: StreamWord[];
  /** Start of the first word and end of the last (0 and 0 for an empty utterance). */
  start: number;
  end: number;
}

/** Why an utterance was closed. */
export type FinalReason =
  /** Enough silence after the last word (the endpointing setting). */
  | "endpoint"
  /** The caller asked for everything pushed so far (`flush()` or `close()`). */
  | "flush"
  /** The utterance grew past the longest one the stream keeps open. */
  | "max_length";

export type StreamEvent =
  /** The open utterance changed (a word arrived or got its end time). Later partials replace earlier ones. */
  | { type: "partial"; utterance: Utterance }
  /** The utterance is closed and will not change again. Each index is final exactly once. */
  | { type: "final"; utterance: Utterance; reason: FinalReason }
  /** The stream failed and is closed; nothing follows. */
  | { type: "error"; error: Error & { code: string } };

export interface CreateStreamOptions {
  /** Spoken language where the model takes one ("auto" or undefined: the model decides). */
  language?: string;
  /** Nemotron's latency/accuracy setting; models with a fixed latency ignore it. */
  acceleration?: "none" | "regular" | "high" | "full";
  /** Silence after the last word that closes an utterance, in milliseconds. */
  endpointingMs?: number;
}

export interface StreamingSession {
  /** Resolves once the model accepted the stream; rejects with a typed error (busy, unauthorised, down). */
  readonly ready: Promise<void>;
  /** Subscribes to the stream's events; returns the unsubscribe function. */
  onEvent(listener: (event: StreamEvent) => void): () => void;
  /** 16 kHz mono samples in [-1, 1], in order. Never blocks; see `pendingSeconds` for back-pressure. */
  push(samples: Float32Array): void;
  /**
   * Seconds of pushed audio the model has not caught up with yet (results still owed). A caller that
   * keeps pushing while this grows should stop reading its source until it falls.
   */
  pendingSeconds(): number;
  /** Seconds of audio pushed so far. */
  pushedSeconds(): number;
  /** Resolves when every word of the audio pushed so far has arrived and the open utterance is final. */
  flush(): Promise<void>;
  /** Flushes, then ends the stream. Idempotent. */
  close(): Promise<void>;
  /** Ends the stream at once without waiting for owed words. Idempotent. */
  abort(): void;
}

/** A model that can open streams (one per realtime session). */
export interface StreamingModel {
  /** How far text lags the audio by design, in milliseconds (Kyutai: 2500). */
  readonly latencyMs: number;
  createStream(options?: CreateStreamOptions): StreamingSession;
}
