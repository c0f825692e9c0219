/**
 * A finished playground run in the terms the page needs: words with times (to highlight and seek), and
 * the transcript as plain text, SubRip, WebVTT and JSON for download. Pure; no browser APIs.
 */

/** The API's verbose_json answer, as far as the playground reads it. */
export interface VerboseTranscription {
  task?: string;
  language?: string;
  duration?: number;
  text: string;
  segments?: { id?: number; start: number; end: number; text: string }[];
  words?: { word: string; start: number; end: number }[];
  usage?: { type: "duration"; seconds: number };
  cost?: number;
}

export interface TimedWord {
  text: string;
  start: number;
  end: number;
}

export interface TimedWords {
  words: TimedWord[];
  /** True when the model gave no word times and they were spread over its segments by length. */
  approximate: boolean;
}

/**
 * Word times for highlighting: the model's own where it returned them; otherwise each segment's time is
 * shared among its words in proportion to their length; with no segments, the whole audio is one span.
 */
export function timedWords(result: VerboseTranscription): TimedWords {
  if (result.words && result.words.length > 0) {
    return { words: result.words.map((w) => ({ text: w.word.trim(), start: w.start, end: w.end })), approximate: false };
  }
  const spans =
    result.segments && result.segments.length > 0
      ? result.segments
      : result.text.trim()
        ? [{ start: 0, end: result.duration ?? 0, text: result.text }]
        : [];
  const words: TimedWord[] = [];
  for (const span of spans) {
    const parts = span.text.trim().split(/\s+/).filter(Boolean);
    const totalChars = parts.reduce((sum, part) => sum + part.length, 0);
    let at = span.start;
    for (const part of parts) {
      const length = totalChars > 0 ? ((span.end - span.start) * part.length) / totalChars : 0;
      words.push({ text: part, start: round3(at), end: round3(at + length) });
      at += length;
    }
  }
  // One word over one span is exact enough: the model timed that span.
  const approximate = !(spans.length === words.length);
  return { words, approximate };
}

/** The word being spoken at `seconds`, or -1 between and outside words. */
export function activeWordIndex(words: readonly TimedWord[], seconds: number): number {
  let low = 0;
  let high = words.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const word = words[mid]!;
    if (seconds < word.start) high = mid - 1;
    else if (seconds >= word.end) low = mid + 1;
    else return mid;
  }
  return -1;
}

interface Cue {
  start: number;
  end: number;
  text: string;
}

/** Subtitle cues: the segments, or the whole text over the whole audio when there are none. */
export function cuesOf(result: VerboseTranscription): Cue[] {
  if (result.segments && result.segments.length > 0) {
    return result.segments.map((s) => ({ start: s.start, end: s.end, text: s.text.trim() })).filter((c) => c.text);
  }
  const text = result.text.trim();
  return text ? [{ start: 0, end: result.duration ?? 0, text }] : [];
}

export type DownloadFormat = "txt" | "srt" | "vtt" | "json";

export const DOWNLOAD_FORMATS: readonly { format: DownloadFormat; label: string; mime: string }[] = [
  { format: "txt", label: "TXT", mime: "text/plain;charset=utf-8" },
  { format: "srt", label: "SRT", mime: "application/x-subrip;charset=utf-8" },
  { format: "vtt", label: "VTT", mime: "text/vtt;charset=utf-8" },
  { format: "json", label: "JSON", mime: "application/json" },
];

export function formatTranscript(result: VerboseTranscription, format: DownloadFormat): string {
  switch (format) {
    case "txt":
      return `${result.text.trim()}\n`;
    case "srt":
      return cuesOf(result)
        .map((cue, i) => `${i + 1}\n${clock(cue.start, ",")} --> ${clock(cue.end, ",")}\n${cue.text}\n`)
        .join("\n");
    case "vtt":
      return `WEBVTT\n\n${cuesOf(result)
        .map((cue) => `${clock(cue.start, ".")} --> ${clock(cue.end, ".")}\n${cue.text}\n`)
        .join("\n")}`;
    case "json":
      return `${JSON.stringify(result, null, 2)}\n`;
  }
}

/** "transcript-seven.srt" from the audio's name. */
export function downloadName(audioName: string, format: DownloadFormat): string {
  const base = audioName.replace(/\.[^.]+$/, "").replace(/[^\w.-]+/g, "-").replace(/^-+|-+$/g, "") || "audio";
  return `transcript-${base}.${format}`;
}

/** 3.5 -> "00:00:03,500" (SubRip) or "00:00:03.500" (WebVTT). */
export function clock(seconds: number, separator: "," | "."): string {
  const ms = Math.max(0, Math.round(seconds * 1000));
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = Math.floor((ms % 60_000) / 1000);
  return `${pad(h)}:${pad(m)}:${pad(s)}${separator}${String(ms % 1000).padStart(3, "0")}`;
}

/** 61.25 -> "1:01.25": the player's time. */
export function playerTime(seconds: number): string {
  const cs = Math.max(0, Math.round(seconds * 100));
  const m = Math.floor(cs / 6000);
  const s = Math.floor((cs % 6000) / 100);
  return `${m}:${pad(s)}.${pad(cs % 100)}`;
}

function pad(n: number): string {
  return String(n).padStart(2, "0");
}

function round3(n: number): number {
  return Math.round(n * 1000) / 1000;
}
