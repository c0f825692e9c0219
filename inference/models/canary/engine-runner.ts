/**
 * The Canary runner as the engine's registry loads it (`runner: "canary-aed"`): manifest -> files ->
 * CanaryRunner, plus the capabilities the API layer checks requests against.
 *
 * Manifest config (all optional): `layout` ("onnx-asr" | "sherpa", needed only when `files` names the
 * encoder/decoder/tokens explicitly), `quantization` ("int8"), `maxAudioSeconds` (default 40).
 */
import { z } from "zod";
import { ModelLoadError } from "../../errors.js";
import type { ModelCapabilities } from "../../types.js";
import { manifestFilePath } from "../manifest.js";
import type { Runner, RunnerContext } from "../runner.js";
import { findCanaryFiles, type CanaryFiles } from "./layout.js";
import { openCanaryRunner } from "./runner.js";

/**
 * One pass of the encoder over at most this much audio by default. Attention cost grows with the square
 * of the length and canary-1b-flash was trained on utterance-length clips; this runner does not chunk
 * longer audio.
 */
export const CANARY_DEFAULT_MAX_AUDIO_SECONDS = 40;

const ConfigSchema = z.object({
  layout: z.enum(["onnx-asr", "sherpa"]).optional(),
  quantization: z.literal("int8").optional(),
  maxAudioSeconds: z.number().positive().optional(),
});

export async function createCanaryEngineRunner(context: RunnerContext): Promise<Runner> {
  const parsed = ConfigSchema.safeParse(context.manifest.config);
  if (!parsed.success) {
    throw new ModelLoadError("invalid_manifest", `canary-aed manifest config: ${z.prettifyError(parsed.error)}`);
  }
  const config = parsed.data;
  const files = await filesOf(context, config.layout, config.quantization);
  const canary = await openCanaryRunner(files, {
    ...(context.provider ? { provider: context.provider } : {}),
    ...(context.intraOpThreads ? { intraOpThreads: context.intraOpThreads } : {}),
  });
  const capabilities: ModelCapabilities = {
    task: "transcription",
    languages: canary.languages,
    translation: canary.languages.length > 1 && canary.languages.includes("en"),
    timestamps: canary.vocab.idOf("<|timestamp|>") !== undefined,
    punctuationToggle: true,
    maxAudioSeconds: config.maxAudioSeconds ?? CANARY_DEFAULT_MAX_AUDIO_SECONDS,
  };
  return {
    provider: canary.provider,
    capabilities,
    transcribeBatch: (audio, options) => canary.transcribeBatch(audio, options),
    dispose: () => canary.dispose(),
  };
}

async function filesOf(context: RunnerContext, layout: CanaryFiles["layout"] | undefined, quantization: "int8" | undefined): Promise<CanaryFiles> {
  const named = context.manifest.files;
  if (!named.encoder && !named.decoder && !named.tokens) {
    return findCanaryFiles(context.dir, quantization ? { quantization } : {});
  }
  if (!layout) {
    throw new ModelLoadError("invalid_manifest", 'a canary-aed manifest that names its files must say config.layout ("onnx-asr" or "sherpa")');
  }
  const path = (role: string): string => manifestFilePath(context.dir, context.manifest, role);
  return {
    layout,
    encoder: path("encoder"),
    decoder: path("decoder"),
    tokens: path("tokens"),
    ...(named.config ? { config: path("config") } : {}),
  };
}
