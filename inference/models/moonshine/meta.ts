/** spelling_cnn_mel_meta.json: the class order and the front-end settings the model was trained with. */
import { readFile } from "node:fs/promises";
import { z } from "zod";
import { ModelLoadError } from "../../errors.js";
import {
  MOONSHINE_CLIP_SAMPLES,
  MOONSHINE_FRAMES,
  MOONSHINE_N_MELS,
  MOONSHINE_SAMPLE_RATE,
} from "../../frontend/moonshine.js";

const metaSchema = z.object({
  classes: z.array(z.string().min(1)).min(2),
  clip_seconds: z.number(),
  hop_length: z.number(),
  input_name: z.string(),
  output_name: z.string(),
  mode: z.literal("mel"),
  n_mels: z.number(),
  sample_rate: z.number(),
  target_frames: z.number(),
});

export type MoonshineMeta = z.infer<typeof metaSchema>;

export async function readMoonshineMeta(path: string): Promise<MoonshineMeta> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, "utf8"));
  } catch (error) {
    throw new ModelLoadError("invalid_manifest", `cannot read moonshine metadata ${path}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const parsed = metaSchema.safeParse(json);
  if (!parsed.success) {
    throw new ModelLoadError("invalid_manifest", `${path}: ${z.prettifyError(parsed.error)}`);
  }
  const meta = parsed.data;
  // The front end is fixed code; a model trained with other settings needs other code, not a silent mismatch.
  const expected = {
    sample_rate: MOONSHINE_SAMPLE_RATE,
    n_mels: MOONSHINE_N_MELS,
    target_frames: MOONSHINE_FRAMES,
    hop_length: 125,
    clip_seconds: MOONSHINE_CLIP_SAMPLES / MOONSHINE_SAMPLE_RATE,
  } as const;
  for (const [key, value] of Object.entries(expected)) {
    const actual = meta[key as keyof typeof expected];
    if (actual !== value) {
      throw new ModelLoadError("invalid_manifest", `${path}: ${key} is ${actual}; this front end computes ${value}`);
    }
  }
  return meta;
}
