/**
 * What a picked file is, by its first bytes (never its name), so an unsupported file is refused before
 * anything is uploaded. The engine's own probe (inference/audio/probe.ts) stays the judge: this is the
 * same magic-byte test, without the container walk, for a quick answer in the browser.
 */

/** The formats the engine decodes, in its own words (kept equal to inference's SUPPORTED_FORMATS_TEXT by a test). */
export const SUPPORTED_FORMATS_TEXT = "WAV, FLAC, MP3, AAC (ADTS), OGG/Opus, OGG/Vorbis, WebM and M4A/MP4";

/** For the file picker: audio types plus the extensions browsers do not map to audio/* reliably. */
export const ACCEPT_AUDIO = "audio/*,video/webm,video/mp4,.wav,.flac,.mp3,.aac,.ogg,.oga,.opus,.webm,.m4a,.mp4";

export type SniffedFormat = "WAV" | "FLAC" | "MP3" | "AAC" | "OGG" | "WebM" | "M4A/MP4";

/** The format of `bytes` (the first few KiB are enough), or null when it is none the engine reads. */
export function sniffAudioFormat(bytes: Uint8Array): SniffedFormat | null {
  const start = id3v2Length(bytes);
  if (ascii(bytes, 0, 4) === "RIFF" && ascii(bytes, 8, 4) === "WAVE") return "WAV";
  if (ascii(bytes, start, 4) === "fLaC") return "FLAC";
  if (ascii(bytes, 0, 4) === "OggS") return "OGG";
  if (bytes[0] === 0x1a && bytes[1] === 0x45 && bytes[2] === 0xdf && bytes[3] === 0xa3) return "WebM";
  if (ascii(bytes, 4, 4) === "ftyp") return "M4A/MP4";
  const b0 = bytes[start];
  const b1 = bytes[start + 1];
  if (b0 === 0xff && b1 !== undefined) {
    // ADTS: sync 0xFFF, layer 00. MPEG audio: sync 0xFFE, layer != 00.
    if ((b1 & 0xf6) === 0xf0) return "AAC";
    if ((b1 & 0xe0) === 0xe0 && (b1 & 0x06) !== 0) return "MP3";
  }
  // An ID3 tag is only written in front of MP3 (or AAC) audio.
  if (start > 0) return "MP3";
  return null;
}

function id3v2Length(b: Uint8Array): number {
  if (ascii(b, 0, 3) !== "ID3" || b.length < 10) return 0;
  const size = ((b[6]! & 0x7f) << 21) | ((b[7]! & 0x7f) << 14) | ((b[8]! & 0x7f) << 7) | (b[9]! & 0x7f);
  return 10 + size + (b[5]! & 0x10 ? 10 : 0);
}

function ascii(b: Uint8Array, offset: number, length: number): string {
  if (offset + length > b.length) return "";
  return String.fromCharCode(...b.subarray(offset, offset + length));
}
