/**
 * The Nemotron runner as the engine's registry loads it (`runner: "nemotron-streaming"`): manifest -> files ->
 * runner, plus the capabilities the API layer checks requests against. Besides the registry's Runner
 * contract (whole recordings), the object carries the streaming side (`createStream`, `accelerations`) for
 * the realtime API.
 *
 * Manifest config (all optional): `quantization` ("int8"), `maxAudioSeconds` (default 7200),
 * `maxBatch`, `maxStreams`, `endpointSeconds` (see EngineOptions).
 */
import { z } from "zod";
import { ModelLoadError } from "../../errors.js";
import type { ModelCapabilities } from "../../types.js";
import type { Runner, RunnerContext } from "../runner.js";
import { findNemotronFiles, manifestFiles } from "./layout.js";
import { openNemotronRunner, type NemotronRunner } from "./runner.js";
import type { Acceleration, NemotronStream, StreamOptions } from "./stream.js";

/** Cache-aware streaming has no attention over the whole recording, so length only costs time. */
export const NEMOTRON_DEFAULT_MAX_AUDIO_SECONDS = 7200;

const ConfigSchema = z.object({
  quantization: z.literal("int8").optional(),
  maxAudioSeconds: z.number().positive().optional(),
  maxBatch: z.number().int().positive().optional(),
  maxStreams: z.number().int().positive().optional(),
  endpointSeconds: z.number().nonnegative().optional(),
});

export interface NemotronEngineRunner extends Runner {
  readonly accelerations: readonly Acceleration[];
  readonly locales: readonly string[];
  createStream(options?: StreamOptions): NemotronStream;
  /** The full runner (whole-recording results with tokens, manual stepping). */
  readonly nemotron: NemotronRunner;
}

export async function createNemotronEngineRunner(context: RunnerContext): Promise<NemotronEngineRunner> {
  const parsed = ConfigSchema.safeParse(context.manifest.config);
  if (!parsed.success) {
    throw new ModelLoadError("invalid_manifest", `nemotron-streaming manifest config: ${z.prettifyError(parsed.error)}`);
  }
  const config = parsed.data;
  const files = Object.keys(context.manifest.files).length
    ? manifestFiles(context.dir, context.manifest)
    : await findNemotronFiles(context.dir, config.quantization ? { quantization: config.quantization } : {});
  const nemotron = await openNemotronRunner(files, {
    ...(context.provider ? { provider: context.provider } : {}),
    ...(context.intraOpThreads ? { intraOpThreads: context.intraOpThreads } : {}),
    ...(config.maxBatch ? { maxBatch: config.maxBatch } : {}),
    ...(config.maxStreams ? { maxStreams: config.maxStreams } : {}),
    ...(config.endpointSeconds !== undefined ? { endpointSeconds: config.endpointSeconds } : {}),
  });
  const capabilities: ModelCapabilities = {
    task: "transcription",
    languages: nemotron.languages,
    translation: false,
    timestamps: true,
    punctuationToggle: false,
    maxAudioSeconds: config.maxAudioSeconds ?? NEMOTRON_DEFAULT_MAX_AUDIO_SECONDS,
  };
  return {
    provider: nemotron.provider,
    capabilities,
    accelerations: nemotron.accelerations,
    locales: nemotron.locales,
    nemotron,
    transcribeBatch: (audio, options) => nemotron.transcribeBatch(audio, options),
    createStream: (options) => nemotron.createStream(options),
    dispose: () => nemotron.dispose(),
  };
}
