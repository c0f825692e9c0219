/**
 * The catalog's domain types: the one shape every model entry takes. Entries live in
 * `lib/catalog/models/*.ts`; pages, the API and the seed read them through `lib/catalog`.
 *
 * Numbers are only present when someone published them: an absent field means "not published",
 * never zero. Every published figure carries the source it came from.
 */

/** What a model does with speech. */
export type Task = "transcription" | "translation";

/** Serving state shown to users. Derived at run time (weights present or upstream configured), never stored as a flag. */
export type ModelStatus = "live" | "coming_soon";

/** Which engine runner serves the model once its weights are present (see `inference/`). */
export type RunnerKind =
  | "moonshine-micro"
  | "canary-aed"
  | "nemotron-streaming"
  | "kyutai-upstream"
  | "none";

export type TimestampGranularity = "word" | "segment";

/** A public fact's origin, e.g. the Hugging Face model card. */
export interface Source {
  label: string;
  url: string;
}

export interface BenchmarkResult {
  /** Dataset name as shown, e.g. "LibriSpeech Clean". */
  dataset: string;
  /** Word error rate in percent, exactly as published (e.g. 1.48). */
  wer: number;
}

/**
 * A published WER table. The table named "Hugging Face Open ASR Leaderboard" is the one the catalog
 * averages for "sort by WER" (same test sets for every model); others are shown, not averaged.
 */
export interface BenchmarkTable {
  /** e.g. "Hugging Face Open ASR Leaderboard". */
  name: string;
  /** Conditions as published: decoding, normalisation, punctuation. */
  conditions: string;
  results: BenchmarkResult[];
  source: Source;
}

export interface SpeedFigure {
  /** Inverse real-time factor: seconds of audio per second of compute. */
  rtfx: number;
  hardware: string;
  batchSize?: number;
  note?: string;
  source: Source;
}

export interface FaqEntry {
  question: string;
  answer: string;
}

/** A block of the "about this model" text, in gigarouter's own words. */
export interface AboutSection {
  heading?: string;
  paragraphs: string[];
  bullets?: string[];
}

export interface Capabilities {
  /** Audio in as it is spoken, text out within `streaming.latencyMs`. */
  streaming: boolean;
  timestamps: TimestampGranularity[];
  /** Can emit punctuation and capitalisation. */
  punctuation: boolean;
  /** Can be asked to toggle punctuation/capitalisation off. */
  punctuationToggle: boolean;
  languageDetection: boolean;
  diarization: boolean;
}

export interface StreamingSpec {
  /** Delay between audio in and text out, in milliseconds, where published. */
  latencyMs?: number;
  /** Chunk sizes the model can run with, in milliseconds. */
  chunkSizesMs?: number[];
  note?: string;
}

export interface TranslationPair {
  from: string;
  to: string;
}

/** One part (or stage) of a model's published training data. */
export interface TrainingDataPart {
  /** e.g. "Public datasets" or "Long-form fine-tuning". */
  label: string;
  hours: number;
  note?: string;
}

/** A published accuracy figure that is not a WER (e.g. top-1 accuracy of a classifier), in percent. */
export interface AccuracyFigure {
  /** What is measured, e.g. "Top-1 accuracy". */
  metric: string;
  /** Percent, exactly as published (90.91). */
  value: number;
  /** Where it was measured, e.g. "220 held-out real clips". */
  dataset: string;
  source: Source;
}

export interface Pricing {
  /** Price per minute of audio, integer micro-dollars (3400 = $0.0034). */
  perMinuteMicroUsd: number;
  /** True while the model is not live: shown as "estimated, set at launch". */
  estimated: boolean;
}

export interface CatalogModel {
  /** Canonical id, "org/name" as on Hugging Face, e.g. "nvidia/canary-1b-flash". */
  id: string;
  /** Short alias accepted by the API, e.g. "canary-1b-flash". */
  shortName: string;
  /** Human name, e.g. "Canary 1B Flash". */
  name: string;
  /** Organisation display name, e.g. "NVIDIA". */
  orgName: string;
  /** One sentence under the title. */
  summary: string;
  /** ISO date (day or month precision, "2025-03" or "2025-03-10") of first publication. */
  publishedAt: string;
  updatedAt: string;
  tasks: Task[];
  /** Task as the model card words it, e.g. "ASR and AST (Automatic Speech Translation)". */
  taskLabel: string;
  architecture: string;
  parameters: {
    /** Parameter count as a number (883_000_000), for sorting. */
    count: number;
    /** As published, e.g. "883 million" or "~2.6 billion". */
    label: string;
    /** A published caveat, e.g. another count from the weights' metadata. */
    note?: string;
  };
  license: {
    /** SPDX-like id, lower case, e.g. "cc-by-4.0". */
    id: string;
    /** As shown in specs, e.g. "CC-BY-4.0". */
    label: string;
    commercialUse: boolean;
    url?: string;
  };
  /** BCP-47 language codes the model transcribes ("en", "de", or locales like "en-US"). */
  languages: string[];
  translationPairs: TranslationPair[];
  capabilities: Capabilities;
  streaming?: StreamingSpec;
  /** Training data in hours, where published. */
  trainingHours?: number;
  /** Training data by part or stage, where published (parts need not sum to `trainingHours`). */
  trainingData?: TrainingDataPart[];
  /** Longest single input the model is published to handle, in seconds. */
  maxAudioSeconds?: number;
  /** Short labels shown as badges, as the model's provider page shows them (e.g. "Commercial use"). */
  tags?: string[];
  about: AboutSection[];
  keyCapabilities: string[];
  bestFor: string[];
  benchmarks: BenchmarkTable[];
  speed: SpeedFigure[];
  /** Non-WER accuracy figures (classifiers); never mixed into WER sorting or charts. */
  accuracy?: AccuracyFigure[];
  /** Other published performance statements, e.g. "400 streams in real time on one H100". */
  performanceNotes: string[];
  faq: FaqEntry[];
  pricing: Pricing;
  /**
   * Number of API providers serving it elsewhere, as shown on the seed pages. Absent where nobody has
   * counted them: pages show nothing rather than a made-up 0.
   */
  apiProviders?: number;
  /** Monthly downloads where published (3900 shows as "3.9K"). */
  downloadsPerMonth?: number;
  links: Source[];
  serving: {
    runner: RunnerKind;
    /** Folder name under the models directory where its weights are looked for. */
    weightsDir?: string;
  };
  /** Ids of related models, in display order. */
  related: string[];
  featured?: boolean;
}

/** A catalog entry with its run-time serving status. */
export interface ModelView extends CatalogModel {
  status: ModelStatus;
}
