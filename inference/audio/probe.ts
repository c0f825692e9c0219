/**
 * Container sniffing before any decoder runs: which format the bytes are (by magic bytes, never by file
 * name), what the header says about duration, and whether the container is visibly cut short or broken.
 *
 * This reads only headers and box/page/element framing (no codec work), so it is fast and cannot hang:
 * every loop advances by a positive amount through a finite buffer.
 */

/** Formats the engine accepts; `decoder` is the audio-decode codec name used for it. */
export type AudioFormat = "wav" | "flac" | "mp3" | "aac" | "ogg-opus" | "ogg-vorbis" | "webm" | "m4a";

export const SUPPORTED_FORMATS_TEXT = "WAV, FLAC, MP3, AAC (ADTS), OGG/Opus, OGG/Vorbis, WebM and M4A/MP4";

export type DecoderName = "wav" | "flac" | "mp3" | "aac" | "opus" | "oga" | "webm" | "m4a";

export interface ProbeResult {
  format: AudioFormat;
  decoder: DecoderName;
  /** Header facts, where the container states them. */
  sampleRate?: number;
  channels?: number;
  /** Duration the header declares; absent when the container does not say (or says "unknown"). */
  declaredSeconds?: number;
  /** Why the bytes are visibly shorter than the container says. */
  truncated?: string;
  /** Why the container structure is invalid. */
  corrupt?: string;
  /** A recognised container holding something the decoder cannot handle. */
  unsupported?: string;
}

export function probeAudio(bytes: Uint8Array): ProbeResult | undefined {
  const start = skipId3v2(bytes);
  if (start > bytes.length) {
    return { format: "mp3", decoder: "mp3", truncated: "the ID3 tag runs past the end of the file" };
  }
  if (start > 0 && start === bytes.length) return { format: "mp3", decoder: "mp3", declaredSeconds: 0 };
  if (ascii(bytes, 0, 4) === "RIFF" && ascii(bytes, 8, 4) === "WAVE") return probeWav(bytes);
  if (ascii(bytes, 0, 4) === "RF64" || ascii(bytes, 0, 4) === "BW64") {
    return { format: "wav", decoder: "wav", unsupported: "64-bit RF64/BW64 WAV is not supported; use a plain RIFF WAV" };
  }
  if (ascii(bytes, start, 4) === "fLaC") return probeFlac(bytes, start);
  if (ascii(bytes, 0, 4) === "OggS") return probeOgg(bytes);
  if (u32be(bytes, 0) === 0x1a45dfa3) return probeWebm(bytes);
  if (ascii(bytes, 4, 4) === "ftyp") return probeMp4(bytes);
  if (isAdtsHeader(bytes, start)) return { format: "aac", decoder: "aac" };
  const mp3 = probeMp3(bytes, start);
  if (mp3) return mp3;
  if (start > 0) {
    // Some taggers leave padding or junk between the ID3 tag and the first MPEG frame.
    const limit = Math.min(bytes.length - 4, start + 64 * 1024);
    for (let pos = start + 1; pos < limit; pos++) {
      if (bytes[pos] !== 0xff) continue;
      const found = probeMp3(bytes, pos);
      if (found) return found;
    }
  }
  return undefined;
}

// ---------------------------------------------------------------- WAV

const WAV_ENCODINGS: Record<number, { name: string; bits: number[] }> = {
  0x0001: { name: "PCM", bits: [8, 16, 24, 32] },
  0x0003: { name: "IEEE float", bits: [32, 64] },
  0x0006: { name: "A-law", bits: [8] },
  0x0007: { name: "µ-law", bits: [8] },
  0x0002: { name: "MS ADPCM", bits: [4] },
  0x0011: { name: "IMA ADPCM", bits: [4] },
};
/** RIFF writers that stream (pipes) leave the data size as 0 or 0xFFFFFFFF: read to the end then. */
const WAV_UNKNOWN_SIZES = new Set([0, 0xffffffff]);

function probeWav(b: Uint8Array): ProbeResult {
  const result: ProbeResult = { format: "wav", decoder: "wav" };
  let pos = 12;
  let fmt: { encoding: number; channels: number; sampleRate: number; blockAlign: number; bits: number } | undefined;
  while (pos + 8 <= b.length) {
    const id = ascii(b, pos, 4);
    const size = u32le(b, pos + 4);
    if (id === "fmt ") {
      if (size < 16 || pos + 8 + 16 > b.length) return { ...result, truncated: "the fmt chunk is cut short" };
      let encoding = u16le(b, pos + 8);
      if (encoding === 0xfffe && size >= 40 && pos + 8 + 26 <= b.length) encoding = u16le(b, pos + 8 + 24);
      fmt = {
        encoding,
        channels: u16le(b, pos + 10),
        sampleRate: u32le(b, pos + 12),
        blockAlign: u16le(b, pos + 20),
        bits: u16le(b, pos + 22),
      };
      const known = WAV_ENCODINGS[encoding];
      if (!known) return { ...result, unsupported: `WAV encoding 0x${encoding.toString(16)} is not supported` };
      if (fmt.channels === 0 || fmt.sampleRate === 0 || fmt.blockAlign === 0) {
        return { ...result, corrupt: "the WAV header declares zero channels, sample rate or block size" };
      }
      if (!known.bits.includes(fmt.bits)) {
        return { ...result, unsupported: `${fmt.bits}-bit ${known.name} WAV is not supported` };
      }
      result.sampleRate = fmt.sampleRate;
      result.channels = fmt.channels;
    } else if (id === "data") {
      if (!fmt) return { ...result, corrupt: "the WAV data chunk comes before its fmt chunk" };
      const available = b.length - (pos + 8);
      const dataBytes = WAV_UNKNOWN_SIZES.has(size) ? available : size;
      if (dataBytes > available) {
        const missing = ((dataBytes - available) / fmt.blockAlign / fmt.sampleRate).toFixed(2);
        return { ...result, truncated: `the WAV header declares ${missing} s more audio than the file holds` };
      }
      if (fmt.encoding === 0x0002 || fmt.encoding === 0x0011) return result; // ADPCM: block maths differ
      return { ...result, declaredSeconds: Math.floor(dataBytes / fmt.blockAlign) / fmt.sampleRate };
    }
    // Chunks are word aligned: an odd size is followed by one pad byte.
    pos += 8 + size + (size & 1);
  }
  if (!fmt) return { ...result, corrupt: "no fmt chunk in the WAV file" };
  return { ...result, truncated: "no data chunk in the WAV file" };
}

// ---------------------------------------------------------------- FLAC

function probeFlac(b: Uint8Array, start: number): ProbeResult {
  const result: ProbeResult = { format: "flac", decoder: "flac" };
  const first = start + 4;
  if (first + 4 + 34 > b.length) return { ...result, truncated: "the FLAC header is cut short" };
  const type = b[first]! & 0x7f;
  const length = u24be(b, first + 1);
  if (type !== 0 || length !== 34) return { ...result, corrupt: "the FLAC file has no STREAMINFO block" };
  const s = first + 4;
  const minBlock = u16be(b, s);
  const maxBlock = u16be(b, s + 2);
  const sampleRate = (b[s + 10]! << 12) | (b[s + 11]! << 4) | (b[s + 12]! >> 4);
  const channels = ((b[s + 12]! >> 1) & 0x07) + 1;
  const totalSamples = (b[s + 13]! & 0x0f) * 2 ** 32 + u32be(b, s + 14);
  if (minBlock < 16 || maxBlock < minBlock || sampleRate === 0) {
    return { ...result, corrupt: "the FLAC STREAMINFO block is invalid" };
  }
  // Walk the remaining metadata blocks: a file cut inside them has no audio frames at all.
  let pos = first;
  for (;;) {
    if (pos + 4 > b.length) return { ...result, truncated: "the FLAC metadata is cut short" };
    const last = (b[pos]! & 0x80) !== 0;
    pos += 4 + u24be(b, pos + 1);
    if (pos > b.length) return { ...result, truncated: "the FLAC metadata is cut short" };
    if (last) break;
  }
  return {
    ...result,
    sampleRate,
    channels,
    ...(totalSamples > 0 ? { declaredSeconds: totalSamples / sampleRate } : {}),
  };
}

// ---------------------------------------------------------------- OGG

function probeOgg(b: Uint8Array): ProbeResult {
  const firstBodyStart = oggBodyStart(b, 0);
  if (firstBodyStart === undefined) return { format: "ogg-opus", decoder: "opus", truncated: "the first OGG page is cut short" };
  let result: ProbeResult;
  let samplesPerSecond: number;
  let preSkip = 0;
  if (ascii(b, firstBodyStart, 8) === "OpusHead") {
    result = { format: "ogg-opus", decoder: "opus", channels: b[firstBodyStart + 9]!, sampleRate: 48000 };
    preSkip = u16le(b, firstBodyStart + 10);
    samplesPerSecond = 48000; // Opus granule positions always count 48 kHz samples
  } else if (b[firstBodyStart] === 1 && ascii(b, firstBodyStart + 1, 6) === "vorbis") {
    const rate = u32le(b, firstBodyStart + 12);
    result = { format: "ogg-vorbis", decoder: "oga", channels: b[firstBodyStart + 11]!, sampleRate: rate };
    samplesPerSecond = rate;
  } else {
    return {
      format: "ogg-opus",
      decoder: "opus",
      unsupported: "this OGG file carries neither Opus nor Vorbis audio (e.g. FLAC-in-OGG or video)",
    };
  }
  if (!samplesPerSecond || !result.channels) return { ...result, corrupt: "the OGG codec header is invalid" };

  // Walk the pages of the first logical stream; the last granule position is its length in samples.
  const serial = u32le(b, 14);
  let pos = 0;
  let lastGranule = -1;
  while (pos < b.length) {
    if (ascii(b, pos, 4) !== "OggS") return { ...result, corrupt: `no OGG page where one should start (byte ${pos})` };
    const bodyStart = oggBodyStart(b, pos);
    if (bodyStart === undefined) return { ...result, truncated: "the last OGG page header is cut short" };
    let bodyLength = 0;
    const segments = b[pos + 26]!;
    for (let i = 0; i < segments; i++) bodyLength += b[pos + 27 + i]!;
    if (bodyStart + bodyLength > b.length) return { ...result, truncated: "the last OGG page is cut short" };
    const granuleLow = u32le(b, pos + 6);
    const granuleHigh = u32le(b, pos + 10);
    // All-ones means "no packet ends on this page".
    const noGranule = granuleLow === 0xffffffff && granuleHigh === 0xffffffff;
    if (u32le(b, pos + 14) === serial && !noGranule) lastGranule = granuleHigh * 2 ** 32 + granuleLow;
    pos = bodyStart + bodyLength;
  }
  if (lastGranule >= 0) result.declaredSeconds = Math.max(0, lastGranule - preSkip) / samplesPerSecond;
  return result;
}

function oggBodyStart(b: Uint8Array, pos: number): number | undefined {
  if (pos + 27 > b.length) return undefined;
  const headerEnd = pos + 27 + b[pos + 26]!;
  return headerEnd > b.length ? undefined : headerEnd;
}

// ---------------------------------------------------------------- WebM / Matroska (EBML)

const EBML = { segment: 0x18538067, info: 0x1549a966, timecodeScale: 0x2ad7b1, duration: 0x4489, cluster: 0x1f43b675 };

function probeWebm(b: Uint8Array): ProbeResult {
  const result: ProbeResult = { format: "webm", decoder: "webm" };
  const header = readElement(b, 0);
  if (!header) return { ...result, truncated: "the WebM header is cut short" };
  if (header.end > b.length) return { ...result, truncated: "the WebM header is cut short" };
  const segment = readElement(b, header.end);
  if (!segment) return { ...result, truncated: "the WebM file ends before its Segment" };
  if (segment.id !== EBML.segment) return { ...result, corrupt: "the WebM file has no Segment after its header" };
  if (!segment.unknownSize && segment.end > b.length) {
    return { ...result, truncated: "the WebM Segment is longer than the file" };
  }
  const segmentEnd = segment.unknownSize ? b.length : segment.end;
  let timecodeScale = 1_000_000; // ns per tick, Matroska's default
  let durationTicks: number | undefined;
  let pos = segment.dataStart;
  while (pos < segmentEnd) {
    const child = readElement(b, pos);
    if (!child) return { ...result, truncated: "a WebM element header is cut short" };
    if (child.unknownSize) break; // live-recorded clusters (MediaRecorder) have no size: stop walking
    if (child.end > b.length) return { ...result, truncated: "the last WebM element runs past the end of the file" };
    if (child.id === EBML.info) {
      let p = child.dataStart;
      while (p < child.end) {
        const field = readElement(b, p);
        if (!field || field.unknownSize || field.end > child.end) break;
        if (field.id === EBML.timecodeScale) timecodeScale = readUint(b, field.dataStart, field.end - field.dataStart);
        if (field.id === EBML.duration) durationTicks = readFloat(b, field.dataStart, field.end - field.dataStart);
        p = field.end;
      }
    }
    pos = child.end;
  }
  if (durationTicks !== undefined && Number.isFinite(durationTicks) && durationTicks >= 0) {
    result.declaredSeconds = (durationTicks * timecodeScale) / 1e9;
  }
  return result;
}

interface EbmlElement {
  id: number;
  dataStart: number;
  end: number;
  unknownSize: boolean;
}

function readElement(b: Uint8Array, pos: number): EbmlElement | undefined {
  const id = readVint(b, pos, true);
  if (!id) return undefined;
  const size = readVint(b, pos + id.length, false);
  if (!size) return undefined;
  const dataStart = pos + id.length + size.length;
  return { id: id.value, dataStart, end: dataStart + size.value, unknownSize: size.unknown };
}

/** EBML variable-length integer; IDs keep their length marker bit, sizes drop it. */
function readVint(b: Uint8Array, pos: number, keepMarker: boolean) {
  if (pos >= b.length) return undefined;
  const first = b[pos]!;
  if (first === 0) return undefined;
  const length = Math.clz32(first) - 23; // 1..8
  if (pos + length > b.length) return undefined;
  let value = keepMarker ? first : first & (0xff >> length);
  let allOnes = value === 0xff >> length;
  for (let i = 1; i < length; i++) {
    value = value * 256 + b[pos + i]!;
    if (b[pos + i] !== 0xff) allOnes = false;
  }
  return { value, length, unknown: !keepMarker && allOnes };
}

function readUint(b: Uint8Array, pos: number, length: number): number {
  let v = 0;
  for (let i = 0; i < length; i++) v = v * 256 + b[pos + i]!;
  return v;
}

function readFloat(b: Uint8Array, pos: number, length: number): number | undefined {
  const view = new DataView(b.buffer, b.byteOffset + pos, length);
  if (length === 4) return view.getFloat32(0);
  if (length === 8) return view.getFloat64(0);
  return undefined;
}

// ---------------------------------------------------------------- MP4 / M4A

function probeMp4(b: Uint8Array): ProbeResult {
  const result: ProbeResult = { format: "m4a", decoder: "m4a" };
  let pos = 0;
  let sawMoov = false;
  while (pos + 8 <= b.length) {
    const box = readBox(b, pos);
    if (!/^[\x20-\x7e]{4}$/.test(box.type)) return { ...result, corrupt: `no valid MP4 box at byte ${pos}` };
    if (box.end > b.length) return { ...result, truncated: `the MP4 '${box.type}' box runs past the end of the file` };
    if (box.type === "moov") {
      sawMoov = true;
      const mvhd = findChildBox(b, box.dataStart, box.end, "mvhd");
      if (mvhd) {
        const v = b[mvhd.dataStart]!;
        const timescale = u32be(b, mvhd.dataStart + (v === 1 ? 20 : 12));
        const duration =
          v === 1
            ? u32be(b, mvhd.dataStart + 24) * 2 ** 32 + u32be(b, mvhd.dataStart + 28)
            : u32be(b, mvhd.dataStart + 16);
        if (timescale > 0) result.declaredSeconds = duration / timescale;
      }
    }
    pos = box.end;
  }
  if (pos < b.length) return { ...result, truncated: "the last MP4 box header is cut short" };
  if (!sawMoov) return { ...result, corrupt: "the MP4 file has no 'moov' box (no track table)" };
  return result;
}

function readBox(b: Uint8Array, pos: number) {
  const size32 = u32be(b, pos);
  const type = ascii(b, pos + 4, 4);
  let headerSize = 8;
  let size = size32;
  if (size32 === 1) {
    headerSize = 16;
    size = u32be(b, pos + 8) * 2 ** 32 + u32be(b, pos + 12);
  } else if (size32 === 0) {
    size = b.length - pos; // "extends to the end of the file"
  }
  // A size smaller than its own header would never advance; treat it as running past the end.
  if (size < headerSize) size = Number.MAX_SAFE_INTEGER;
  return { type, dataStart: pos + headerSize, end: pos + size };
}

function findChildBox(b: Uint8Array, start: number, end: number, type: string) {
  let pos = start;
  while (pos + 8 <= end) {
    const box = readBox(b, pos);
    if (box.end > end) return undefined;
    if (box.type === type) return box;
    pos = box.end;
  }
  return undefined;
}

// ---------------------------------------------------------------- MP3 / ADTS

const MP3_BITRATES: Record<string, number[]> = {
  // kbit/s by bitrate index 1..14, keyed by MPEG version (1 or 2; 2.5 uses 2) and layer.
  "1-1": [32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448],
  "1-2": [32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384],
  "1-3": [32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320],
  "2-1": [32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256],
  "2-2": [8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
  "2-3": [8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
};
const MP3_RATES: Record<number, number[]> = { 3: [44100, 48000, 32000], 2: [22050, 24000, 16000], 0: [11025, 12000, 8000] };

interface Mp3Frame {
  length: number;
  sampleRate: number;
  channels: number;
  samplesPerFrame: number;
  mpeg1: boolean;
}

function readMp3Frame(b: Uint8Array, pos: number): Mp3Frame | undefined {
  if (pos + 4 > b.length) return undefined;
  const b1 = b[pos + 1]!;
  const b2 = b[pos + 2]!;
  if (b[pos] !== 0xff || (b1 & 0xe0) !== 0xe0) return undefined;
  const versionBits = (b1 >> 3) & 3;
  const layerBits = (b1 >> 1) & 3;
  const bitrateIndex = b2 >> 4;
  const rateIndex = (b2 >> 2) & 3;
  if (versionBits === 1 || layerBits === 0 || bitrateIndex === 0 || bitrateIndex === 15 || rateIndex === 3) {
    return undefined;
  }
  const mpeg1 = versionBits === 3;
  const layer = 4 - layerBits; // 1, 2 or 3
  const bitrate = MP3_BITRATES[`${mpeg1 ? 1 : 2}-${layer}`]![bitrateIndex - 1]! * 1000;
  const sampleRate = MP3_RATES[versionBits]![rateIndex]!;
  const padding = (b2 >> 1) & 1;
  const channels = b[pos + 3]! >> 6 === 3 ? 1 : 2;
  let length: number;
  let samplesPerFrame: number;
  if (layer === 1) {
    length = (Math.floor((12 * bitrate) / sampleRate) + padding) * 4;
    samplesPerFrame = 384;
  } else {
    const perFrame = layer === 3 && !mpeg1 ? 72 : 144;
    length = Math.floor((perFrame * bitrate) / sampleRate) + padding;
    samplesPerFrame = layer === 3 && !mpeg1 ? 576 : 1152;
  }
  return { length, sampleRate, channels, samplesPerFrame, mpeg1 };
}

function probeMp3(b: Uint8Array, start: number): ProbeResult | undefined {
  // Require two consecutive valid frame headers (or one that fills the file), so random bytes that
  // happen to start with 0xFFE are not taken for MP3.
  const frame = readMp3Frame(b, start);
  if (!frame) return undefined;
  const next = start + frame.length;
  if (next + 4 <= b.length && !readMp3Frame(b, next)) return undefined;
  const result: ProbeResult = { format: "mp3", decoder: "mp3", sampleRate: frame.sampleRate, channels: frame.channels };
  if (next > b.length) return { ...result, truncated: "the first MP3 frame is cut short" };
  // A Xing/Info (LAME) or VBRI header in the first frame states the frame count.
  const sideInfo = frame.mpeg1 ? (frame.channels === 1 ? 17 : 32) : frame.channels === 1 ? 9 : 17;
  const xing = start + 4 + sideInfo;
  let frames: number | undefined;
  const tag = ascii(b, xing, 4);
  if ((tag === "Xing" || tag === "Info") && xing + 12 <= b.length && (u32be(b, xing + 4) & 1) !== 0) {
    frames = u32be(b, xing + 8);
  } else if (ascii(b, start + 36, 4) === "VBRI" && start + 36 + 18 <= b.length) {
    frames = u32be(b, start + 36 + 14);
  }
  if (frames !== undefined && frames > 0) result.declaredSeconds = (frames * frame.samplesPerFrame) / frame.sampleRate;
  return result;
}

function isAdtsHeader(b: Uint8Array, pos: number): boolean {
  if (pos + 7 > b.length) return false;
  // 12-bit sync, layer bits 00 (MP3 frames never have layer 00), a valid sampling-frequency index.
  return b[pos] === 0xff && (b[pos + 1]! & 0xf6) === 0xf0 && ((b[pos + 2]! >> 2) & 0x0f) < 13;
}

// ---------------------------------------------------------------- helpers

/** Offset past a leading ID3v2 tag (MP3 and some FLAC files start with one), else 0. */
function skipId3v2(b: Uint8Array): number {
  if (ascii(b, 0, 3) !== "ID3" || b.length < 10) return 0;
  const size = ((b[6]! & 0x7f) << 21) | ((b[7]! & 0x7f) << 14) | ((b[8]! & 0x7f) << 7) | (b[9]! & 0x7f);
  const footer = (b[5]! & 0x10) !== 0 ? 10 : 0;
  return 10 + size + footer;
}

function ascii(b: Uint8Array, pos: number, length: number): string {
  if (pos < 0 || pos + length > b.length) return "";
  let s = "";
  for (let i = 0; i < length; i++) s += String.fromCharCode(b[pos + i]!);
  return s;
}

function u16le(b: Uint8Array, p: number): number {
  return (b[p] ?? 0) | ((b[p + 1] ?? 0) << 8);
}
function u32le(b: Uint8Array, p: number): number {
  return ((b[p] ?? 0) | ((b[p + 1] ?? 0) << 8) | ((b[p + 2] ?? 0) << 16)) + (b[p + 3] ?? 0) * 0x1000000;
}
function u16be(b: Uint8Array, p: number): number {
  return ((b[p] ?? 0) << 8) | (b[p + 1] ?? 0);
}
function u24be(b: Uint8Array, p: number): number {
  return ((b[p] ?? 0) << 16) | ((b[p + 1] ?? 0) << 8) | (b[p + 2] ?? 0);
}
function u32be(b: Uint8Array, p: number): number {
  return (b[p] ?? 0) * 0x1000000 + (((b[p + 1] ?? 0) << 16) | ((b[p + 2] ?? 0) << 8) | (b[p + 3] ?? 0));
}
