/**
 * Encoded audio in any accepted container -> 16 kHz mono float32, or a typed AudioDecodeError.
 *
 * Order of checks, cheapest first, so hostile input costs little:
 *   size -> magic bytes -> container header (truncation, declared duration) -> decoder in a worker
 *   thread with a time limit and a running duration limit -> decoded length vs header -> downmix
 *   (done in the worker) -> resample -> silence flag.
 */
import type { Audio } from "../types.js";
import { AudioDecodeError } from "../errors.js";
import { DecodePool, type PoolFailure } from "./decode-pool.js";
import { decodeToMono, type DecodeReply } from "./decode-worker.mjs";
import { peakAbs, SILENCE_PEAK } from "./levels.js";
import { probeAudio, SUPPORTED_FORMATS_TEXT, type AudioFormat } from "./probe.js";
import { resample } from "./resample.js";

export { SILENCE_PEAK } from "./levels.js";

export const TARGET_SAMPLE_RATE = 16000;
export const DEFAULT_MAX_DURATION_SECONDS = 2 * 60 * 60;
export const DEFAULT_MAX_BYTES = 512 * 1024 * 1024;
const MIN_SOURCE_RATE = 4000;
const MAX_SOURCE_RATE = 384000;
const CHUNK_BYTES = 1 << 20;

export interface DecodeOptions {
  /** Longest audio accepted, in seconds; default 2 hours. */
  maxDurationSeconds?: number;
  /** Largest encoded input accepted, in bytes; default 512 MiB. */
  maxBytes?: number;
  /** "mix" (default) averages all channels; a number keeps one channel (0 = left, 1 = right). */
  channel?: "mix" | number;
  /** Throw AudioDecodeError "silent" instead of returning silent audio flagged `silent: true`. */
  rejectSilent?: boolean;
  /**
   * Decode in a worker thread that is terminated on timeout (default true). With false the decoder runs
   * on the calling thread and the time limit cannot interrupt it.
   */
  isolate?: boolean;
  /** Decoder time limit; default 15 s + 5 s per MB of input. */
  timeoutMs?: number;
}

export interface DecodedAudio extends Audio {
  durationSeconds: number;
  /** Peak below SILENCE_PEAK: a model will return empty text. */
  silent: boolean;
  /** Largest absolute sample value after downmix and resampling. */
  peak: number;
  source: { format: AudioFormat; sampleRate: number; channels: number };
}

let sharedPool: DecodePool | undefined;
let workersUnavailable = false;

/** Stops idle decoder workers (they never keep the process alive; this is for orderly shutdown). */
export async function shutdownDecoders(): Promise<void> {
  const pool = sharedPool;
  sharedPool = undefined;
  await pool?.close();
}

export async function decodeAudio(input: Uint8Array | ArrayBuffer, options: DecodeOptions = {}): Promise<DecodedAudio> {
  const bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
  const maxSeconds = options.maxDurationSeconds ?? DEFAULT_MAX_DURATION_SECONDS;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const channel = options.channel ?? "mix";
  if (channel !== "mix" && (!Number.isInteger(channel) || channel < 0)) {
    throw new AudioDecodeError("invalid_option", `channel must be "mix" or a channel index ≥ 0, got ${channel}`);
  }

  if (bytes.length === 0) throw new AudioDecodeError("empty", "The audio file is empty (0 bytes).");
  if (bytes.length > maxBytes) {
    throw new AudioDecodeError("too_large", `The audio file is ${mib(bytes.length)}; the limit is ${mib(maxBytes)}.`);
  }

  const probe = probeAudio(bytes);
  if (!probe) {
    throw new AudioDecodeError(
      "unsupported_format",
      `Not a recognised audio file (supported: ${SUPPORTED_FORMATS_TEXT}).`,
    );
  }
  const label = formatLabel(probe.format);
  if (probe.unsupported) throw new AudioDecodeError("unsupported_format", `${capitalise(probe.unsupported)}.`);
  if (probe.truncated) throw new AudioDecodeError("truncated", `The ${label} file is truncated: ${probe.truncated}.`);
  if (probe.corrupt) throw new AudioDecodeError("corrupt", `The ${label} file is corrupt: ${probe.corrupt}.`);
  if (probe.declaredSeconds !== undefined && probe.declaredSeconds > maxSeconds) {
    throw tooLong(probe.declaredSeconds, maxSeconds);
  }
  if (probe.declaredSeconds === 0) throw new AudioDecodeError("empty", `The ${label} file contains no audio.`);

  const reply = await runDecoder(
    { bytes, decoder: probe.decoder, channel, maxSeconds, chunkBytes: CHUNK_BYTES },
    options.isolate ?? true,
    options.timeoutMs ?? 15_000 + (5_000 * bytes.length) / (1 << 20),
  );
  if (!reply.ok) {
    switch (reply.kind) {
      case "too_long":
        throw tooLong(undefined, maxSeconds);
      case "bad_channel":
        throw new AudioDecodeError("invalid_option", `Cannot select that channel: ${reply.message}.`);
      case "timeout":
        throw new AudioDecodeError("timeout", `The ${label} decoder was stopped: ${reply.message}.`);
      default:
        throw new AudioDecodeError("corrupt", `The ${label} file could not be decoded: ${reply.message}.`);
    }
  }

  const { sampleRate } = reply;
  const decodedSeconds = reply.samples.length / sampleRate;
  if (reply.samples.length === 0) {
    throw new AudioDecodeError("corrupt", `The ${label} file decoded to no audio samples.`);
  }
  if (sampleRate < MIN_SOURCE_RATE || sampleRate > MAX_SOURCE_RATE) {
    throw new AudioDecodeError(
      "unsupported_format",
      `Sample rate ${sampleRate} Hz is outside the supported ${MIN_SOURCE_RATE}-${MAX_SOURCE_RATE} Hz.`,
    );
  }
  if (probe.declaredSeconds !== undefined) {
    // Codec delay and padding make lossy lengths differ slightly from the header; a real cut does not.
    const tolerance = Math.max(0.25, 0.02 * probe.declaredSeconds);
    if (decodedSeconds < probe.declaredSeconds - tolerance) {
      throw new AudioDecodeError(
        "truncated",
        `The ${label} file is truncated: its header declares ${probe.declaredSeconds.toFixed(2)} s ` +
          `but only ${decodedSeconds.toFixed(2)} s could be decoded.`,
      );
    }
  }

  const samples =
    sampleRate === TARGET_SAMPLE_RATE ? reply.samples : resample(reply.samples, sampleRate, TARGET_SAMPLE_RATE);
  const peak = peakAbs(samples);
  const silent = peak < SILENCE_PEAK;
  if (silent && options.rejectSilent) {
    throw new AudioDecodeError("silent", `The audio is silent (peak ${dbfs(peak)} dBFS).`);
  }
  return {
    samples,
    sampleRate: TARGET_SAMPLE_RATE,
    durationSeconds: samples.length / TARGET_SAMPLE_RATE,
    silent,
    peak,
    source: { format: probe.format, sampleRate, channels: reply.channels },
  };
}

async function runDecoder(
  job: Parameters<typeof decodeToMono>[0],
  isolate: boolean,
  timeoutMs: number,
): Promise<DecodeReply | PoolFailure> {
  if (isolate && !workersUnavailable) {
    sharedPool ??= new DecodePool();
    const reply = await sharedPool.run({ ...job, bytes: ownedCopy(job.bytes) }, timeoutMs);
    if (reply.ok || reply.kind !== "unavailable") return reply;
    // Worker threads cannot start here (the module file is missing from a bundle, or workers are not
    // allowed): keep serving by decoding in-thread, and say so once.
    workersUnavailable = true;
    console.warn(`[inference] audio decoding runs in-thread without a time limit: ${reply.message}`);
  }
  try {
    return await decodeToMono(job);
  } catch (error) {
    return { ok: false, kind: "crashed", message: error instanceof Error ? error.message : String(error) };
  }
}

/** A copy with its own exactly-sized buffer, safe to transfer (Buffer#slice would share memory). */
function ownedCopy(bytes: Uint8Array): Uint8Array {
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return copy;
}

function tooLong(seconds: number | undefined, maxSeconds: number): AudioDecodeError {
  const what = seconds === undefined ? "longer than" : `${formatDuration(seconds)} long; the limit is`;
  return new AudioDecodeError("too_long", `The audio is ${what} ${formatDuration(maxSeconds)}.`);
}

function formatDuration(seconds: number): string {
  if (seconds < 120) return `${Math.round(seconds * 100) / 100} s`;
  const minutes = seconds / 60;
  return minutes < 120 ? `${Math.round(minutes * 10) / 10} min` : `${Math.round((minutes / 60) * 100) / 100} h`;
}

function formatLabel(format: AudioFormat): string {
  const labels: Record<AudioFormat, string> = {
    wav: "WAV",
    flac: "FLAC",
    mp3: "MP3",
    aac: "AAC",
    "ogg-opus": "OGG/Opus",
    "ogg-vorbis": "OGG/Vorbis",
    webm: "WebM",
    m4a: "M4A/MP4",
  };
  return labels[format];
}

function mib(n: number): string {
  return `${(n / (1 << 20)).toFixed(1)} MiB`;
}

function dbfs(peak: number): string {
  return peak > 0 ? (20 * Math.log10(peak)).toFixed(1) : "-inf";
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
