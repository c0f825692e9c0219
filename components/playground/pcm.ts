/**
 * Plain sample arithmetic for audio in the browser: mixing to mono, finding where the speech is, and
 * writing a WAV file. Pure functions over Float32Arrays, so they are tested without a browser.
 */

/** The average of the channels. */
export function mixToMono(channels: readonly Float32Array[]): Float32Array {
  const [first] = channels;
  if (!first) return new Float32Array(0);
  if (channels.length === 1) return first;
  const out = new Float32Array(first.length);
  for (const channel of channels) {
    for (let i = 0; i < out.length; i++) out[i]! += (channel[i] ?? 0) / channels.length;
  }
  return out;
}

/**
 * The start of the `windowLength`-sample stretch with the most energy: where a word said somewhere in
 * a longer recording is. Running sum over squared samples, O(n).
 */
export function loudestWindowStart(samples: Float32Array, windowLength: number): number {
  if (windowLength >= samples.length) return 0;
  let energy = 0;
  for (let i = 0; i < windowLength; i++) energy += samples[i]! * samples[i]!;
  let best = energy;
  let bestStart = 0;
  for (let start = 1; start + windowLength <= samples.length; start++) {
    const leaving = samples[start - 1]!;
    const entering = samples[start + windowLength - 1]!;
    energy += entering * entering - leaving * leaving;
    if (energy > best) {
      best = energy;
      bestStart = start;
    }
  }
  return bestStart;
}

/** The loudest `seconds` of `samples` (or all of them when shorter). */
export function loudestStretch(samples: Float32Array, sampleRate: number, seconds: number): { samples: Float32Array; startSeconds: number } {
  const length = Math.min(samples.length, Math.floor(seconds * sampleRate));
  const start = loudestWindowStart(samples, length);
  return { samples: samples.slice(start, start + length), startSeconds: start / sampleRate };
}

/** Mono 16-bit PCM WAV bytes. */
export function encodeWav(samples: Float32Array, sampleRate: number): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(44 + samples.length * 2);
  const view = new DataView(bytes.buffer);
  const text = (offset: number, value: string) => {
    for (let i = 0; i < value.length; i++) view.setUint8(offset + i, value.charCodeAt(i));
  };
  text(0, "RIFF");
  view.setUint32(4, 36 + samples.length * 2, true);
  text(8, "WAVE");
  text(12, "fmt ");
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true); // PCM
  view.setUint16(22, 1, true); // mono
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * 2, true);
  view.setUint16(32, 2, true);
  view.setUint16(34, 16, true);
  text(36, "data");
  view.setUint32(40, samples.length * 2, true);
  for (let i = 0; i < samples.length; i++) {
    const s = Math.max(-1, Math.min(1, samples[i]!));
    view.setInt16(44 + i * 2, s < 0 ? s * 0x8000 : s * 0x7fff, true);
  }
  return bytes;
}

/** Root-mean-square level of a block, as 0..1 on a loudness-like scale (-60 dBFS -> 0, 0 dBFS -> 1). */
export function meterLevel(block: Float32Array): number {
  if (block.length === 0) return 0;
  let sum = 0;
  for (let i = 0; i < block.length; i++) sum += block[i]! * block[i]!;
  const rms = Math.sqrt(sum / block.length);
  if (rms <= 0) return 0;
  const db = 20 * Math.log10(rms);
  return Math.max(0, Math.min(1, (db + 60) / 60));
}
