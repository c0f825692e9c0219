import "server-only";
import type { DecodedAudio, DecodeOptions, ModelCapabilities, TranscribeOptions, Transcript } from "@/inference";
import type { ModelView } from "@/lib/catalog";
import { decodeAudio, engineCapabilities as capabilitiesOf, transcribe } from "@/lib/engine";

/**
 * The API's one door to the engine (lib/engine: worker-thread pools with a dynamic batcher, one per
 * live model). Kept as a seam so the request pipeline reads in its own terms and tests can replace the
 * engine without touching anything else.
 */

/** Encoded audio -> 16 kHz mono samples with their duration, or a typed AudioDecodeError. */
export function decodeForEngine(bytes: Uint8Array, options: DecodeOptions): Promise<DecodedAudio> {
  return decodeAudio(bytes, options);
}

/** What the served model accepts (its real limits, which may be tighter than the catalog's). */
export function engineCapabilities(model: ModelView): Promise<ModelCapabilities> {
  return capabilitiesOf(model.id);
}

/** Transcribes (or translates) decoded 16 kHz audio; `signal` lets a request that was given up leave the queue. */
export function runEngine(model: ModelView, audio: DecodedAudio, options: TranscribeOptions, signal?: AbortSignal): Promise<Transcript> {
  return transcribe(model.id, audio, options, signal ? { signal } : {});
}
