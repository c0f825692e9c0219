import { deflateSync } from "node:zlib";
import { microUsdToUsdNumber, type Charge } from "@/lib/metering/price";
import type {
  AudioTask,
  DurationUsage,
  ResponseFormat,
  TimestampGranularity,
  TranscriptionJson,
  TranscriptionSegment,
  TranscriptionVerbose,
  TranscriptionWord,
} from "./types";

/**
 * A finished transcript -> the body OpenAI would send for each `response_format`. Pure apart from zlib.
 */

export interface TimedText {
  text: string;
  /** Seconds from the start of the audio. */
  start: number;
  end: number;
}

/** What the engine produced, in the terms the formats need. */
export interface AudioResult {
  task: AudioTask;
  text: string;
  /** Language code of the text that came out ("en", "de-DE"), when known. */
  language?: string;
  durationSeconds: number;
  segments: readonly TimedText[];
  words: readonly TimedText[];
  silent: boolean;
  /** Log probability of the result where the engine has one (classifiers), else undefined. */
  logprob?: number;
  /** The request's temperature (echoed in segments, as OpenAI does). */
  temperature: number;
}

export interface FormatOptions {
  responseFormat: ResponseFormat;
  /** `timestamp_granularities[]`; empty means OpenAI's default, segments. */
  granularities: readonly TimestampGranularity[];
  charge: Charge;
}

export interface FormattedBody {
  body: string;
  contentType: string;
}

export function usageOf(charge: Charge): DurationUsage {
  return { type: "duration", seconds: charge.billedSeconds };
}

export function formatResult(result: AudioResult, options: FormatOptions): FormattedBody {
  const { responseFormat, charge } = options;
  switch (responseFormat) {
    case "json": {
      const body: TranscriptionJson = { text: result.text, usage: usageOf(charge), cost: microUsdToUsdNumber(charge.costMicroUsd) };
      return json(body);
    }
    case "verbose_json":
      return json(verboseJson(result, options));
    case "text":
      return { body: `${result.text}\n`, contentType: "text/plain; charset=utf-8" };
    case "srt":
      return { body: srt(cuesOf(result)), contentType: "text/plain; charset=utf-8" };
    case "vtt":
      return { body: vtt(cuesOf(result)), contentType: "text/vtt; charset=utf-8" };
  }
}

function json(body: unknown): FormattedBody {
  return { body: JSON.stringify(body), contentType: "application/json" };
}

export function verboseJson(result: AudioResult, options: FormatOptions): TranscriptionVerbose {
  const granularities = options.granularities.length > 0 ? options.granularities : (["segment"] as const);
  // Built in OpenAI's field order: what a person reads in a raw response comes first.
  return {
    task: result.task,
    language: languageName(result.language),
    duration: roundSeconds(result.durationSeconds),
    text: result.text,
    ...(granularities.includes("segment") ? { segments: cuesOf(result).map((cue, id) => segmentOf(cue, id, result)) } : {}),
    ...(granularities.includes("word")
      ? { words: result.words.map<TranscriptionWord>((w) => ({ word: w.text.trim(), start: roundSeconds(w.start), end: roundSeconds(w.end) })) }
      : {}),
    usage: usageOf(options.charge),
    cost: microUsdToUsdNumber(options.charge.costMicroUsd),
  };
}

/**
 * The timed stretches subtitles and segments are made of: the engine's segments, or, for a model that
 * times nothing, the whole text over the whole audio (a transcript is still a valid one-cue subtitle).
 */
export function cuesOf(result: AudioResult): TimedText[] {
  if (result.segments.length > 0) return result.segments.map((s) => ({ ...s, text: s.text.trim() }));
  const text = result.text.trim();
  return text ? [{ text, start: 0, end: result.durationSeconds }] : [];
}

function segmentOf(cue: TimedText, id: number, result: AudioResult): TranscriptionSegment {
  return {
    id,
    seek: Math.floor(cue.start * 100),
    start: roundSeconds(cue.start),
    end: roundSeconds(cue.end),
    text: cue.text,
    tokens: [],
    temperature: result.temperature,
    avg_logprob: result.logprob ?? 0,
    compression_ratio: compressionRatio(cue.text),
    no_speech_prob: result.silent ? 1 : 0,
  };
}

/** Whisper's repetition check: UTF-8 length over zlib-compressed length. */
export function compressionRatio(text: string): number {
  const bytes = Buffer.from(text, "utf8");
  if (bytes.length === 0) return 0;
  return Math.round((bytes.length / deflateSync(bytes).length) * 1e6) / 1e6;
}

/** "en" / "en-US" -> "english", as OpenAI names languages in verbose_json; "" when unknown. */
export function languageName(code: string | undefined): string {
  const base = code?.trim().toLowerCase().split(/[-_]/)[0];
  if (!base || base === "auto") return "";
  try {
    return (new Intl.DisplayNames(["en"], { type: "language" }).of(base) ?? base).toLowerCase();
  } catch {
    return base;
  }
}

/** Millisecond precision, as subtitles carry; avoids 1.2000000000000002 in JSON. */
function roundSeconds(seconds: number): number {
  return Math.round(seconds * 1000) / 1000;
}

/** 3723.5 -> "01:02:03,500" (SRT) or "01:02:03.500" (WebVTT). */
export function timestamp(seconds: number, separator: "," | "."): string {
  const totalMs = Math.max(0, Math.round(seconds * 1000));
  const ms = totalMs % 1000;
  const totalSeconds = Math.floor(totalMs / 1000);
  const h = Math.floor(totalSeconds / 3600);
  const m = Math.floor((totalSeconds % 3600) / 60);
  const s = totalSeconds % 60;
  const pad = (n: number, width = 2) => String(n).padStart(width, "0");
  return `${pad(h)}:${pad(m)}:${pad(s)}${separator}${pad(ms, 3)}`;
}

export function srt(cues: readonly TimedText[]): string {
  return cues
    .map((cue, i) => `${i + 1}\n${timestamp(cue.start, ",")} --> ${timestamp(cue.end, ",")}\n${cue.text}\n`)
    .join("\n");
}

export function vtt(cues: readonly TimedText[]): string {
  const body = cues.map((cue) => `${timestamp(cue.start, ".")} --> ${timestamp(cue.end, ".")}\n${cue.text}\n`).join("\n");
  return body ? `WEBVTT\n\n${body}` : "WEBVTT\n";
}
