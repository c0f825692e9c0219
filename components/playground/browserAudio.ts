import { sniffAudioFormat, type SniffedFormat } from "./audioFormat";
import { encodeWav, loudestStretch, mixToMono } from "./pcm";

/**
 * Audio the playground holds: the bytes to upload plus what the browser learned by decoding them
 * (duration for the price estimate, peaks for the waveform). Browser-only.
 */

export type AudioSource = "file" | "recording" | "sample";

export interface LoadedAudio {
  blob: Blob;
  /** Upload name, e.g. "seven.wav" or "recording.webm". */
  name: string;
  source: AudioSource;
  format: SniffedFormat;
  /** Seconds, from the browser's decoder; null when this browser cannot decode the format (the server still can). */
  duration: number | null;
  /** Waveform peaks (one channel), or null when undecodable. */
  peaks: Float32Array | null;
  /** Samples at PREVIEW_RATE for trimming; null when undecodable. */
  samples: Float32Array | null;
  /** Set when this audio is the loudest stretch of a longer one: the original's length in seconds. */
  trimmedFrom?: number;
}

/** Decoding straight to 16 kHz mono: the rate the engine uses, and plenty for peaks and trimming. */
const PREVIEW_RATE = 16_000;
const PEAK_POINTS = 2_000;

export type LoadFailure = { error: "unsupported"; name: string } | { error: "empty"; name: string };

export async function loadAudio(blob: Blob, name: string, source: AudioSource): Promise<LoadedAudio | LoadFailure> {
  if (blob.size === 0) return { error: "empty", name };
  const head = new Uint8Array(await blob.slice(0, 64 * 1024).arrayBuffer());
  const format = sniffAudioFormat(head);
  if (!format) return { error: "unsupported", name };
  const decoded = await decode(blob);
  return {
    blob,
    name,
    source,
    format,
    duration: decoded ? decoded.length / PREVIEW_RATE : null,
    peaks: decoded ? peaksOf(decoded, PEAK_POINTS) : null,
    samples: decoded,
  };
}

async function decode(blob: Blob): Promise<Float32Array | null> {
  if (typeof OfflineAudioContext === "undefined") return null;
  try {
    const context = new OfflineAudioContext(1, 1, PREVIEW_RATE);
    const buffer = await context.decodeAudioData(await blob.arrayBuffer());
    const channels = Array.from({ length: buffer.numberOfChannels }, (_, i) => buffer.getChannelData(i));
    return mixToMono(channels);
  } catch {
    return null;
  }
}

/** The loudest `seconds` of `audio` as a 16 kHz WAV: what a one-second model needs from a longer take. */
export function trimToLoudest(audio: LoadedAudio, seconds: number): LoadedAudio {
  if (!audio.samples) return audio;
  const stretch = loudestStretch(audio.samples, PREVIEW_RATE, seconds);
  const wav = encodeWav(stretch.samples, PREVIEW_RATE);
  return {
    blob: new Blob([wav], { type: "audio/wav" }),
    name: `${audio.name.replace(/\.[^.]+$/, "")}-trimmed.wav`,
    source: audio.source,
    format: "WAV",
    duration: stretch.samples.length / PREVIEW_RATE,
    peaks: peaksOf(stretch.samples, PEAK_POINTS),
    samples: stretch.samples,
    trimmedFrom: audio.trimmedFrom ?? audio.duration ?? undefined,
  };
}

/** Largest absolute sample per bucket, with its sign alternating so the waveform stays symmetric. */
function peaksOf(samples: Float32Array, points: number): Float32Array {
  const count = Math.max(1, Math.min(points, samples.length));
  const size = samples.length / count;
  const peaks = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    let max = 0;
    const end = Math.min(samples.length, Math.floor((i + 1) * size));
    for (let j = Math.floor(i * size); j < end; j++) {
      const v = Math.abs(samples[j]!);
      if (v > max) max = v;
    }
    peaks[i] = i % 2 === 0 ? max : -max;
  }
  return peaks;
}

export function formatSize(bytes: number): string {
  if (bytes >= 1 << 20) return `${(bytes / (1 << 20)).toFixed(1)} MB`;
  if (bytes >= 1 << 10) return `${Math.round(bytes / (1 << 10))} KB`;
  return `${bytes} B`;
}
