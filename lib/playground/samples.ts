/**
 * The playground's sample clips: a few short recordings anyone can run, served from public/samples.
 * Pure data, safe in client components.
 *
 * Every clip was made for this repository with espeak-ng (`espeak-ng -v VOICE -s SPEED -w`), resampled
 * to 16 kHz mono 16-bit with sox, normalised to -3 dBFS; the word clips are centred in exactly one
 * second, the length moonshine-micro hears. Synthetic speech, so nobody's voice or licence is involved.
 */

/** The model whose weights ship with gigarouter: signed-out visitors may run it, free, on these clips. */
export const BUNDLED_MODEL_ID = "moonshine-ai/moonshine-micro";

export interface SampleClip {
  id: string;
  /** Shown on the chip. */
  label: string;
  /** Public path of the file. */
  path: string;
  /** What is said, for the chip's description. */
  transcript: string;
  /** Spoken language (ISO 639-1). */
  language: string;
  seconds: number;
  /** One isolated word (for keyword models) or running speech. */
  kind: "word" | "speech";
}

export const SAMPLE_CLIPS: readonly SampleClip[] = [
  { id: "seven", label: "“seven”", path: "/samples/seven.wav", transcript: "seven", language: "en", seconds: 1, kind: "word" },
  { id: "nine", label: "“nine”", path: "/samples/nine.wav", transcript: "nine", language: "en", seconds: 1, kind: "word" },
  { id: "five", label: "“five”", path: "/samples/five.wav", transcript: "five", language: "en", seconds: 1, kind: "word" },
  { id: "zero", label: "“zero”", path: "/samples/zero.wav", transcript: "zero", language: "en", seconds: 1, kind: "word" },
  {
    id: "english",
    label: "English sentence",
    path: "/samples/english.wav",
    transcript: "Ask not what your playground can do for you. Ask what you can do with it.",
    language: "en",
    seconds: 5.28,
    kind: "speech",
  },
  {
    id: "german",
    label: "German sentence",
    path: "/samples/german.wav",
    transcript: "Guten Morgen. Das Wetter ist heute schön, und der Zug fährt pünktlich um acht Uhr.",
    language: "de",
    seconds: 6.39,
    kind: "speech",
  },
];

/** What the sample list needs to know about a model. */
export interface SampleFit {
  languages: readonly string[];
  maxAudioSeconds?: number;
}

/**
 * The clips a model can make sense of: in a language it hears, no longer than it accepts. A model that
 * hears a second at a time gets the word clips; sentence models get every clip in their languages.
 */
export function samplesFor(model: SampleFit): SampleClip[] {
  const languages = new Set(model.languages.map((l) => l.toLowerCase().split("-")[0]));
  return SAMPLE_CLIPS.filter(
    (clip) => languages.has(clip.language) && (model.maxAudioSeconds === undefined || clip.seconds <= model.maxAudioSeconds),
  );
}

export function sampleById(id: string): SampleClip | undefined {
  return SAMPLE_CLIPS.find((clip) => clip.id === id);
}
