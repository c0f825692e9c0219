/**
 * Test double for the engine's loadModel, used through the pool's `loaderModule`: loads the real model,
 * then misbehaves on clips whose first sample is a marker. A crash marker ends the worker thread (as a
 * native crash or an out-of-memory kill would); a fail marker makes the whole batch throw (as a runner
 * that refuses one item's options does).
 */
import { loadModel as realLoadModel, type LoadedModel, type LoadModelOptions } from "../../model.js";
import { TranscribeError } from "../../errors.js";
import type { Audio } from "../../types.js";

/** First-sample values that trigger the faults (exactly representable in float32). */
export const CRASH_MARK = 0.375;
export const FAIL_MARK = -0.625;

const marked = (audio: readonly { samples: Float32Array }[] | undefined, mark: number) =>
  (audio ?? []).some((clip) => clip.samples[0] === mark);

export async function loadModel(dir: string, options?: LoadModelOptions): Promise<LoadedModel> {
  const model = await realLoadModel(dir, options);
  const check = (audio: readonly Audio[]) => {
    if (marked(audio, CRASH_MARK)) process.exit(70);
    if (marked(audio, FAIL_MARK)) throw new TranscribeError("unsupported_option", "this clip is marked to fail");
  };
  return {
    get dir() {
      return model.dir;
    },
    get manifest() {
      return model.manifest;
    },
    get provider() {
      return model.provider;
    },
    get capabilities() {
      return model.capabilities;
    },
    async transcribe(input, options, decode) {
      if ("samples" in input) check([input as Audio]);
      return model.transcribe(input, options, decode);
    },
    async transcribeBatch(inputs, options, decode) {
      check(inputs.filter((input): input is Audio => "samples" in input));
      return model.transcribeBatch(inputs, options, decode);
    },
    dispose: () => model.dispose(),
  };
}
