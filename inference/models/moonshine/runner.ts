/**
 * moonshine-micro SpellingCNN: one isolated spoken letter, digit word or command word per clip.
 *
 *   preprocess:  pick the clip's 1 s (clip.ts) -> log-mel [B, 1, 64, 128] (frontend/moonshine.ts)
 *   run:         one session.run for the whole batch -> logits [B, 51]
 *   postprocess: softmax -> best label is the text, top 5 as alternatives; one segment/word over the window
 *
 * Silent clips (peak below -60 dBFS) are not run: a closed-set classifier has no "nothing said" class,
 * so it would name a random label; they get empty text instead.
 */
import { peakAbs, SILENCE_PEAK } from "../../audio/levels.js";
import { ModelLoadError, TranscribeError } from "../../errors.js";
import { MOONSHINE_FRAMES, MOONSHINE_N_MELS, MoonshineFrontend } from "../../frontend/moonshine.js";
import { createSession, ort } from "../../runtime/onnx.js";
import type { Alternative, Audio, ModelCapabilities, TranscribeOptions, Transcript } from "../../types.js";
import { manifestFilePath } from "../manifest.js";
import { optionsForItems, type Runner, type RunnerContext } from "../runner.js";
import { loudestWindow } from "./clip.js";
import { readMoonshineMeta } from "./meta.js";

const SAMPLE_RATE = 16000;
/** A recording this long is not "one isolated word" any more. */
export const MOONSHINE_MAX_SECONDS = 10;
const TOP_K = 5;

export async function createMoonshineRunner(context: RunnerContext): Promise<Runner> {
  const meta = await readMoonshineMeta(manifestFilePath(context.dir, context.manifest, "meta"));
  const loaded = await createSession(manifestFilePath(context.dir, context.manifest, "model"), {
    ...(context.provider ? { provider: context.provider } : {}),
    ...(context.intraOpThreads ? { intraOpThreads: context.intraOpThreads } : {}),
  });
  const { session, provider } = loaded;
  if (!session.inputNames.includes(meta.input_name) || !session.outputNames.includes(meta.output_name)) {
    await loaded.dispose();
    throw new ModelLoadError(
      "load_failed",
      `moonshine model has inputs [${session.inputNames.join(", ")}] and outputs [${session.outputNames.join(", ")}]; ` +
        `its metadata names ${meta.input_name} -> ${meta.output_name}`,
    );
  }
  const labels = meta.classes;
  const frontend = new MoonshineFrontend();
  let disposed = false;

  const capabilities: ModelCapabilities = {
    task: "classification",
    languages: ["en"],
    translation: false,
    timestamps: true,
    punctuationToggle: false,
    maxAudioSeconds: MOONSHINE_MAX_SECONDS,
    labels,
  };

  async function transcribeBatch(
    audio: readonly Audio[],
    options?: TranscribeOptions | readonly TranscribeOptions[],
  ): Promise<Transcript[]> {
    if (disposed) throw new TranscribeError("disposed", "this moonshine-micro model has been disposed");
    const perItem = optionsForItems(audio.length, options);
    perItem.forEach(checkOptions);
    for (const clip of audio) {
      const seconds = clip.samples.length / SAMPLE_RATE;
      if (seconds > MOONSHINE_MAX_SECONDS) {
        throw new TranscribeError(
          "audio_too_long",
          `moonshine-micro recognises one isolated word; send at most ${MOONSHINE_MAX_SECONDS} s (got ${seconds.toFixed(1)} s)`,
        );
      }
    }

    // Preprocess: the window each clip is judged on; silent clips skip the model.
    const windows = audio.map((clip) => loudestWindow(clip.samples));
    const audible = audio.flatMap((clip, i) => (peakAbs(clip.samples) >= SILENCE_PEAK ? [i] : []));
    const features = frontend.computeBatch(audible.map((i) => audio[i]!.samples.subarray(windows[i]!.start, windows[i]!.end)));

    // Run: the whole batch in one call.
    let probabilities: Float32Array[] = [];
    if (audible.length > 0) {
      const input = new ort.Tensor("float32", features, [audible.length, 1, MOONSHINE_N_MELS, MOONSHINE_FRAMES]);
      const output = await session.run({ [meta.input_name]: input });
      const logits = output[meta.output_name]!;
      probabilities = softmaxRows(logits.data as Float32Array, audible.length, labels.length);
      for (const tensor of Object.values(output)) tensor.dispose();
      input.dispose();
    }

    // Postprocess: label, alternatives and times per clip.
    const results: Transcript[] = audio.map((clip, i) => ({
      text: "",
      language: "en",
      segments: [],
      words: [],
      durationSeconds: clip.samples.length / SAMPLE_RATE,
      provider,
      alternatives: [],
    }));
    audible.forEach((itemIndex, row) => {
      const alternatives = topK(probabilities[row]!, labels, TOP_K);
      const text = alternatives[0]!.text;
      const window = windows[itemIndex]!;
      const span = { text, start: window.start / SAMPLE_RATE, end: window.end / SAMPLE_RATE };
      const result = results[itemIndex]!;
      result.text = text;
      result.segments = [span];
      result.words = perItem[itemIndex]!.timestamps ? [{ ...span }] : [];
      result.alternatives = alternatives;
    });
    return results;
  }

  return {
    provider,
    capabilities,
    transcribeBatch,
    async dispose() {
      if (disposed) return;
      disposed = true;
      await loaded.dispose();
    },
  };
}

function checkOptions(options: TranscribeOptions): void {
  const language = options.language?.toLowerCase();
  if (language && language !== "auto" && language !== "en" && !language.startsWith("en-")) {
    throw new TranscribeError("unsupported_option", `moonshine-micro understands English only, not '${options.language}'`);
  }
  const target = options.targetLanguage?.toLowerCase();
  if (target && target !== "en" && !target.startsWith("en-")) {
    throw new TranscribeError("unsupported_option", "moonshine-micro cannot translate");
  }
}

function softmaxRows(logits: Float32Array, rows: number, columns: number): Float32Array[] {
  const out: Float32Array[] = [];
  for (let r = 0; r < rows; r++) {
    const row = logits.subarray(r * columns, (r + 1) * columns);
    let max = -Infinity;
    for (const v of row) max = Math.max(max, v);
    const p = new Float32Array(columns);
    let sum = 0;
    for (let c = 0; c < columns; c++) sum += p[c] = Math.exp(row[c]! - max);
    for (let c = 0; c < columns; c++) p[c]! /= sum;
    out.push(p);
  }
  return out;
}

function topK(probabilities: Float32Array, labels: readonly string[], k: number): Alternative[] {
  return Array.from(probabilities, (probability, index) => ({ text: labels[index]!, probability }))
    .sort((a, b) => b.probability - a.probability)
    .slice(0, k);
}
