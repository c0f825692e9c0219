import type { CatalogModel } from "../types";
import { canary1bFlash } from "./nvidia-canary-1b-flash";
import { canary180mFlash } from "./nvidia-canary-180m-flash";
import { canary1bV2 } from "./nvidia-canary-1b-v2";
import { kyutaiStt26bEn } from "./kyutai-stt-2.6b-en";
import { moonshineMicro } from "./moonshine-micro";
import { nemotronAsrMultilingual } from "./nvidia-nemotron-asr-multilingual";
import { parakeetTdt06bV2 } from "./nvidia-parakeet-tdt-0.6b-v2";
import { moonshineBase } from "./usefulsensors-moonshine-base";
import { whisperLargeV3 } from "./openai-whisper-large-v3";
import { whisperLargeV3Turbo } from "./openai-whisper-large-v3-turbo";

/**
 * Every model gigarouter lists, in display order (the order of "featured" and of an unsorted browse):
 * the three seed models, the live bundled model, then related models.
 * The database seed and `lib/catalog/index.ts` read this array; pages never import it directly.
 */
export const catalog: CatalogModel[] = [
  canary1bFlash,
  nemotronAsrMultilingual,
  kyutaiStt26bEn,
  moonshineMicro,
  parakeetTdt06bV2,
  whisperLargeV3,
  whisperLargeV3Turbo,
  canary180mFlash,
  canary1bV2,
  moonshineBase,
];
