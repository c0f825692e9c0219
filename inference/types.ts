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
}

/** 16 kHz mono float32 PCM in [-1, 1]. */
export interface Audio {
  samples: Float32Array;
  sampleRate: 16000;
}
