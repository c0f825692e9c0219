import "server-only";
import { z } from "zod";
import type { DecodedAudio } from "@/inference";
import { loadInference } from "@/lib/engine/runtime";

/**
 * What travels on a model's pg-boss queue, and what comes back.
 *
 *   { kind: "job", jobId }             a queue_jobs row to run (queue API, /run); the row is the truth,
 *                                      the worker reports through it, the message only says "run it"
 *   { kind: "transcribe", ... }        a direct engine call (the /v1 API): the web instance holds the
 *                                      credit and settles it; the worker answers in the message's output
 *   { kind: "capabilities", modelId }  what the served model accepts (its real limits)
 */

const decodedAudioSchema = z.object({
  samplesBase64: z.string(),
  durationSeconds: z.number(),
  silent: z.boolean(),
  peak: z.number(),
  source: z.object({ format: z.string(), sampleRate: z.number(), channels: z.number() }),
});

/** Decoded samples (the /v1 API decodes before it charges) or the encoded file as received. */
const packedAudioSchema = z.union([decodedAudioSchema, z.object({ bytesBase64: z.string() })]);
export type PackedAudio = z.infer<typeof packedAudioSchema>;

export const messageSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("job"), jobId: z.string().min(1) }),
  z.object({
    kind: z.literal("transcribe"),
    modelId: z.string().min(1),
    audio: packedAudioSchema,
    options: z.record(z.string(), z.unknown()),
  }),
  z.object({ kind: z.literal("capabilities"), modelId: z.string().min(1) }),
]);

export type QueueMessage = z.infer<typeof messageSchema>;

/** A direct call's answer: the value, or the engine's typed error (rebuilt as the same class on the web side). */
export type CallOutput = { ok: true; value: unknown } | { ok: false; error: { name: string; code: string | null; message: string } };

export function packAudio(input: Uint8Array | ArrayBuffer | DecodedAudio): PackedAudio {
  if (input instanceof Uint8Array || input instanceof ArrayBuffer) {
    return { bytesBase64: Buffer.from(input instanceof Uint8Array ? input : new Uint8Array(input)).toString("base64") };
  }
  const { samples, durationSeconds, silent, peak, source } = input;
  return {
    samplesBase64: Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength).toString("base64"),
    durationSeconds,
    silent,
    peak,
    source: { format: source.format, sampleRate: source.sampleRate, channels: source.channels },
  };
}

export function unpackAudio(audio: PackedAudio): Uint8Array | DecodedAudio {
  if ("bytesBase64" in audio) return new Uint8Array(Buffer.from(audio.bytesBase64, "base64"));
  const bytes = Buffer.from(audio.samplesBase64, "base64");
  // A copy, so the Float32Array is aligned whatever offset Node's buffer pool gave the bytes.
  const samples = new Float32Array(new Uint8Array(bytes).buffer);
  return {
    samples,
    sampleRate: 16000,
    durationSeconds: audio.durationSeconds,
    silent: audio.silent,
    peak: audio.peak,
    source: audio.source as DecodedAudio["source"],
  };
}

/** Engine errors are recognised by class name and code, as lib/openai/errors.ts does, so no engine import is needed here. */
function engineClassName(error: unknown): string | null {
  for (let proto = error ? Object.getPrototypeOf(error) : null; proto && proto !== Error.prototype; proto = Object.getPrototypeOf(proto)) {
    const name = (proto as { constructor?: { name?: string } }).constructor?.name;
    if (name === "AudioDecodeError" || name === "TranscribeError" || name === "ModelLoadError" || name === "EngineError") return name;
  }
  return null;
}

export function errorOutput(error: unknown): CallOutput {
  const name = engineClassName(error) ?? "Error";
  const rawCode = (error as { code?: unknown } | null)?.code;
  const code = name !== "Error" && typeof rawCode === "string" ? rawCode : null;
  const message = error instanceof Error ? error.message : String(error);
  return { ok: false, error: { name, code, message } };
}

/** The worker's error as the engine's own class (loaded at run time, lib/engine/runtime.ts), which the API layer maps. */
export async function rebuildError(error: { name: string; code: string | null; message: string }): Promise<Error> {
  const inference = await loadInference();
  const code = error.code ?? "internal";
  switch (error.name) {
    case "AudioDecodeError":
      return new inference.AudioDecodeError(code as ConstructorParameters<typeof inference.AudioDecodeError>[0], error.message);
    case "ModelLoadError":
      return new inference.ModelLoadError(code as ConstructorParameters<typeof inference.ModelLoadError>[0], error.message);
    case "TranscribeError":
      return new inference.TranscribeError(code as ConstructorParameters<typeof inference.TranscribeError>[0], error.message);
    case "EngineError":
      return new inference.EngineError(code, error.message);
    default:
      return new Error(error.message);
  }
}
