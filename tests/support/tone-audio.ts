/**
 * Synthetic test speech for streaming tests: tone bursts ("words") at known times in silence, 16 kHz.
 * With the moshi stub's `label: "pitch"`, each burst comes back as the word `tone<Hz>`.
 */
export interface Burst {
  start: number;
  end: number;
  /** Tone frequency in Hz; use multiples of 100 well apart (300, 500, 700, ...). */
  hz: number;
}

export function toneBursts(bursts: readonly Burst[], totalSeconds: number, sampleRate = 16_000, amplitude = 0.3): Float32Array {
  const out = new Float32Array(Math.round(totalSeconds * sampleRate));
  for (const { start, end, hz } of bursts) {
    const from = Math.round(start * sampleRate);
    const to = Math.min(out.length, Math.round(end * sampleRate));
    for (let i = from; i < to; i++) out[i] = amplitude * Math.sin((2 * Math.PI * hz * (i - from)) / sampleRate);
  }
  return out;
}

/** 16-bit little-endian PCM bytes of float samples (what realtime clients send). */
export function toPcm16(samples: Float32Array): Buffer {
  const bytes = Buffer.alloc(samples.length * 2);
  for (let i = 0; i < samples.length; i++) bytes.writeInt16LE(Math.max(-32768, Math.min(32767, Math.round(samples[i]! * 32767))), i * 2);
  return bytes;
}

/** Splits audio into pieces of uneven lengths (cycling through `sizes`, in samples). */
export function* unevenPieces(samples: Float32Array, sizes: readonly number[] = [1000, 333, 2560, 17, 4800]): Generator<Float32Array> {
  let at = 0;
  for (let i = 0; at < samples.length; i++) {
    const n = sizes[i % sizes.length]!;
    yield samples.subarray(at, Math.min(samples.length, at + n));
    at += n;
  }
}

/** A 16 kHz mono 16-bit WAV file of the samples. */
export function toWav(samples: Float32Array, sampleRate = 16_000): Buffer {
  const data = toPcm16(samples);
  const header = Buffer.alloc(44);
  header.write("RIFF", 0);
  header.writeUInt32LE(36 + data.length, 4);
  header.write("WAVEfmt ", 8);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(sampleRate, 24);
  header.writeUInt32LE(sampleRate * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write("data", 36);
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}
