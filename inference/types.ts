/**
 * The engine's public types. Nothing here knows about users, money or HTTP.
 */

export type ExecutionProvider = "cpu" | "cuda";

export interface TranscribeOptions {
  /** Spoken language (BCP-47 or ISO 639-1, e.g. "en", "de-DE"); "auto" or undefined lets the model decide. */
  language?: string;
  /** Target language for speech translation; undefined or equal to `language` means transcription. */
  targetLanguage?: string;
  /** Punctuation and capitalisation, where the model can toggle it. Default true. */
  punctuation?: boolean;
  /** Ask for word and segment times, where the model has them. Default false. */
  timestamps?: boolean;
}

export interface Word {
  text: string;
  /** Seconds from the start of the audio. */
  start: number;
  end: number;
}

export interface Segment {
  text: string;
  start: number;
  end: number;
}

export interface Transcript {
  text: string;
  /** Language of the text that came out. */
  language?: string;
  segments: Segment[];
  words: Word[];
  /** Seconds of audio that were transcribed. */
  durationSeconds: number;
  /** The execution provider that actually ran the sessions. */
  provider: ExecutionProvider;
  /** Classifier models: the most likely labels, best first, with their probabilities. */
  alternatives?: Alternative[];
}

export interface Alternative {
  text: string;
  /** Softmax probability in [0, 1]. */
  probability: number;
}

/** What a loaded model can do; the API layer checks requests against it. */
export interface ModelCapabilities {
  /** "transcription" for open-vocabulary speech recognition, "classification" for a closed label set. */
  task: "transcription" | "classification";
  /** Spoken languages accepted (ISO 639-1, e.g. "en"). */
  languages: readonly string[];
  /** Speech translation (targetLanguage differs from language). */
  translation: boolean;
  /** Word and segment times when `timestamps` is asked for. */
  timestamps: boolean;
  /** Punctuation and capitalisation can be switched on and off. */
  punctuationToggle: boolean;
  /** Longest audio one request may carry, in seconds. */
  maxAudioSeconds: number;
  /** Classification models: every label the model can return. */
  labels?: readonly string[];
}

/** 16 kHz mono float32 PCM in [-1, 1]. */
export interface Audio {
  samples: Float32Array;
  sampleRate: 16000;
}
