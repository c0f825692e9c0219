/**
 * Wire types of gigarouter's OpenAI-compatible audio API. Field names and shapes mirror OpenAI's
 * `/v1/audio/*` and `/v1/models` exactly (snake_case, literal discriminants), so the official clients
 * read our responses unchanged. What we add is marked "gigarouter:" and never replaces an OpenAI field.
 * Pure types: safe to import anywhere.
 */

/** The `response_format` values OpenAI accepts for whisper-style models, all of which we serve. */
export const RESPONSE_FORMATS = ["json", "text", "srt", "verbose_json", "vtt"] as const;
export type ResponseFormat = (typeof RESPONSE_FORMATS)[number];

export const TIMESTAMP_GRANULARITIES = ["word", "segment"] as const;
export type TimestampGranularity = (typeof TIMESTAMP_GRANULARITIES)[number];

/** Which endpoint was called: `/v1/audio/transcriptions` or `/v1/audio/translations`. */
export type AudioTask = "transcribe" | "translate";

/** OpenAI's usage block for models billed by audio duration. */
export interface DurationUsage {
  /** Always `duration`: we bill by audio length, never by tokens. */
  type: "duration";
  /** Seconds billed: the audio's length rounded up to a whole second, at least 1. */
  seconds: number;
}

/** `response_format: "json"` (the default). */
export interface TranscriptionJson {
  /** The transcribed (or, for translations, translated) text. */
  text: string;
  usage: DurationUsage;
  /** gigarouter: what this request cost, in US dollars (exact to the micro-dollar). */
  cost: number;
}

/** One stretch of the transcript with its time span; the fields OpenAI's whisper-1 returns. */
export interface TranscriptionSegment {
  /** Index of the segment, from 0. */
  id: number;
  /** Offset of the segment in 10 ms frames (OpenAI's unit for `seek`). */
  seek: number;
  /** Start time in seconds. */
  start: number;
  /** End time in seconds. */
  end: number;
  /** Segment text. */
  text: string;
  /** Token ids of the text. Our engines do not expose them: always empty. */
  tokens: number[];
  /** Sampling temperature used (the request's; our decoders are greedy at any value). */
  temperature: number;
  /** Average log probability of the segment; 0 where the engine reports no probabilities. */
  avg_logprob: number;
  /** zlib compression ratio of the segment text, computed as whisper does. */
  compression_ratio: number;
  /** Probability that the segment holds no speech: 1 for silent audio, else 0. */
  no_speech_prob: number;
}

export interface TranscriptionWord {
  /** The word, without surrounding spaces. */
  word: string;
  /** Start time in seconds. */
  start: number;
  /** End time in seconds. */
  end: number;
}

/** `response_format: "verbose_json"`. */
export interface TranscriptionVerbose {
  /** `transcribe` or `translate`. */
  task: AudioTask;
  /** Language of the text, as an English name in lower case ("english"), like OpenAI's. */
  language: string;
  /** Length of the audio in seconds. */
  duration: number;
  text: string;
  /** Present unless only `word` granularity was asked for. */
  segments?: TranscriptionSegment[];
  /** Present when `timestamp_granularities[]` includes `word`. */
  words?: TranscriptionWord[];
  usage: DurationUsage;
  /** gigarouter: what this request cost, in US dollars. */
  cost: number;
}

/** A server-sent event of a streamed transcription (`stream=true`), as OpenAI's gpt-4o-transcribe sends. */
export interface TranscriptTextDeltaEvent {
  type: "transcript.text.delta";
  /** Text that follows what earlier deltas carried. */
  delta: string;
}

export interface TranscriptTextDoneEvent {
  type: "transcript.text.done";
  /** The whole text (every delta joined). */
  text: string;
  usage: DurationUsage;
  /** gigarouter: what this request cost, in US dollars. */
  cost: number;
}

export type TranscriptionStreamEvent = TranscriptTextDeltaEvent | TranscriptTextDoneEvent;

/** OpenAI's error envelope (written by lib/errors.ts for every failure). */
export interface ErrorEnvelope {
  error: { message: string; type: string; param: string | null; code: string | null };
}

/** One entry of `GET /v1/models`. */
export interface ModelObject {
  /** Canonical catalog id, e.g. `nvidia/canary-1b-flash`; the API also accepts `short_name`. */
  id: string;
  object: "model";
  /** Unix seconds of the model's first publication. */
  created: number;
  /** The organisation that published it, as in the id (`nvidia`). */
  owned_by: string;
  /** gigarouter: display name, e.g. "Canary 1B Flash". */
  name: string;
  /** gigarouter: alias accepted as `model`, e.g. `canary-1b-flash`. */
  short_name: string;
  /** gigarouter: `live` models answer requests; `coming_soon` ones answer 404 `model_not_live`. */
  status: "live" | "coming_soon";
  /** gigarouter: the model's page. */
  url: string;
  /** gigarouter: `transcription` and, where supported, `translation`. */
  tasks: string[];
  /** gigarouter: spoken languages, BCP-47 (`en`, `de`, or locales like `en-US`). */
  languages: string[];
  /** gigarouter: speech translation directions (`/v1/audio/translations`). */
  translation_pairs: { from: string; to: string }[];
  capabilities: {
    /** Timestamp granularities the model can return. */
    timestamps: TimestampGranularity[];
    /** Transcribes live audio as it is spoken (output SSE with `stream=true` works on every model). */
    streaming: boolean;
    punctuation: boolean;
    language_detection: boolean;
    diarization: boolean;
  };
  /** `response_format` values accepted. */
  response_formats: ResponseFormat[];
  /** Longest audio one request may carry, in seconds, where the model has a limit. */
  max_audio_seconds: number | null;
  pricing: {
    /** Price per minute of audio in US dollars. */
    usd_per_minute: number;
    /** The same in integer micro-dollars. */
    micro_usd_per_minute: number;
    /** True until the model is live and its price is set. */
    estimated: boolean;
    /** Billing unit: audio seconds, rounded up, with a minimum. */
    billing: { unit: "second"; minimum_seconds: number };
  };
}

export interface ModelList {
  object: "list";
  data: ModelObject[];
}
