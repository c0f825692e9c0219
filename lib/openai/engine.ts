import "server-only";
import type { DecodedAudio, DecodeOptions, TranscribeOptions, Transcript } from "@/inference";
import type { ModelView } from "@/lib/catalog";
import { decodeAudio, maxAudioSecondsFor, transcribe } from "@/lib/engine";

/**
 * The API's one door to the engine (lib/engine: worker-thread pools with a dynamic batcher, one per
 * live model). Kept as a seam so the request pipeline reads in its own terms and tests can replace the
 * engine without touching anything else.
 */

/** Encoded audio -> 16 kHz mono samples with their duration, or a typed AudioDecodeError. */
export function decodeForEngine(bytes: Uint8Array, options: DecodeOptions): Promise<DecodedAudio> {
  return decodeAudio(bytes, options);
}

/** The longest audio the model takes, in seconds: its served limit or the catalog's, the tighter. */
export function maxAudioSeconds(model: ModelView): Promise<number | undefined> {
  return maxAudioSecondsFor(model);
}

/** Transcribes (or translates) decoded 16 kHz audio; `signal` lets a request that was given up leave the queue. */
export function runEngine(model: ModelView, audio: DecodedAudio, options: TranscribeOptions, signal?: AbortSignal): Promise<Transcript> {
  return transcribe(model.id, audio, options, signal ? { signal } : {});
}
