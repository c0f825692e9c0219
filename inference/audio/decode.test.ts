/**
 * Audio in: every shared fixture, every accepted container generated at test time with sox/ffmpeg,
 * and broken input of every kind. Needs Debian `sox` and `ffmpeg`.
 */
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AudioDecodeError } from "../errors.js";
import {
  AUDIO_FIXTURES,
  allAudioFixtures,
  fixture,
  makeTempDir,
  requireTool,
  run,
  type TempDir,
} from "../testing/fixtures.js";
import { decodeAudio, shutdownDecoders, type DecodeOptions, type DecodedAudio } from "./decode.js";

const BECKETT = fixture("beckett.wav");
const BECKETT_SECONDS = 159414 / 16000;

/** What the fixture README and the headers say about each shared file. */
const KNOWN: Record<string, { seconds: number; channels: number; rate: number; format: string }> = {
  "beckett.wav": { seconds: 159414 / 16000, channels: 1, rate: 16000, format: "wav" },
  "stereo_diarization.wav": { seconds: 5, channels: 2, rate: 16000, format: "wav" },
  "two_cities_16k.wav": { seconds: 709986 / 16000, channels: 1, rate: 16000, format: "wav" },
  "jfk.flac": { seconds: 11, channels: 2, rate: 44100, format: "flac" },
  // 59.952 s by frame count; the decoder drops the encoder's delay and padding (LAME gapless info).
  "multilingual.mp3": { seconds: 59.9, channels: 1, rate: 24000, format: "mp3" },
  "librivox-sense-and-sensibility/sense_and_sensibility_01_austen_64kb-0870.wav": { seconds: 7.1, channels: 1, rate: 16000, format: "wav" },
  "librivox-sense-and-sensibility/sense_and_sensibility_01_austen_64kb-0880.wav": { seconds: 2.99, channels: 1, rate: 16000, format: "wav" },
  "librivox-sense-and-sensibility/sense_and_sensibility_01_austen_64kb-0890.wav": { seconds: 5.3, channels: 1, rate: 16000, format: "wav" },
};

function ffmpegFromBeckett(args: string[]): void {
  run("ffmpeg", ["-loglevel", "error", "-y", "-i", BECKETT, ...args]);
}

/**
 * [file, generator, expected source format, source rate (0: any), minimum SNR vs the original in dB].
 * Round trips through 44.1/48 kHz lose the 7-8 kHz band to the two resampling filters (~39 dB).
 */
const GENERATED: Array<[string, (out: string) => void, string, number, number]> = [
  ["pcm8.wav", (o) => run("sox", [BECKETT, "-b", "8", o]), "wav", 16000, 12],
  ["pcm16.wav", (o) => run("sox", [BECKETT, "-b", "16", o]), "wav", 16000, 90],
  ["pcm24.wav", (o) => run("sox", [BECKETT, "-b", "24", o]), "wav", 16000, 85],
  ["pcm32.wav", (o) => run("sox", [BECKETT, "-b", "32", o]), "wav", 16000, 85],
  ["float32.wav", (o) => run("sox", [BECKETT, "-e", "floating-point", "-b", "32", o]), "wav", 16000, 85],
  ["float64.wav", (o) => run("sox", [BECKETT, "-e", "floating-point", "-b", "64", o]), "wav", 16000, 85],
  ["stereo44k.wav", (o) => run("sox", [BECKETT, "-r", "44100", "-c", "2", "-b", "24", o]), "wav", 44100, 30],
  ["48k.flac", (o) => run("sox", [BECKETT, "-r", "48000", o]), "flac", 48000, 30],
  ["opus.ogg", (o) => ffmpegFromBeckett(["-c:a", "libopus", "-b:a", "48k", o]), "ogg-opus", 48000, 10],
  ["vorbis.ogg", (o) => ffmpegFromBeckett(["-c:a", "libvorbis", o]), "ogg-vorbis", 16000, 10],
  ["opus.webm", (o) => ffmpegFromBeckett(["-c:a", "libopus", o]), "webm", 48000, 10],
  ["aac.m4a", (o) => ffmpegFromBeckett(["-c:a", "aac", o]), "m4a", 16000, 10],
  ["aac-faststart.m4a", (o) => ffmpegFromBeckett(["-c:a", "aac", "-movflags", "+faststart", o]), "m4a", 16000, 10],
  ["lame.mp3", (o) => ffmpegFromBeckett(["-c:a", "libmp3lame", "-b:a", "64k", o]), "mp3", 16000, 10],
  ["adts.aac", (o) => ffmpegFromBeckett(["-c:a", "aac", "-f", "adts", o]), "aac", 0, 10],
  // Written to a pipe, as live recorders (browser MediaRecorder, streaming tools) do: no sizes, no duration.
  ["streamed.webm", (o) => ffmpegPiped(o, ["-c:a", "libopus", "-f", "webm"]), "webm", 48000, 10],
  ["streamed.wav", (o) => ffmpegPiped(o, ["-f", "wav"]), "wav", 16000, 90],
];

function ffmpegPiped(out: string, args: string[]): void {
  const bytes = execFileSync("ffmpeg", ["-loglevel", "error", "-i", BECKETT, ...args, "pipe:1"], {
    maxBuffer: 64 * 1024 * 1024,
  });
  writeFileSync(out, bytes);
}

function expectationFor(rel: string) {
  if (rel.startsWith("alphanumeric/")) return { seconds: 1, channels: 1, rate: 16000, format: "wav" };
  const known = KNOWN[rel];
  if (!known) throw new Error(`new fixture ${rel}: add its duration, channels and rate to KNOWN`);
  return known;
}

async function decodeFile(path: string, options?: DecodeOptions): Promise<DecodedAudio> {
  return decodeAudio(readFileSync(path), options);
}

async function decodeError(bytes: Uint8Array, options?: DecodeOptions): Promise<AudioDecodeError> {
  try {
    await decodeAudio(bytes, options);
  } catch (error) {
    if (error instanceof AudioDecodeError) return error;
    throw new Error(`expected an AudioDecodeError, got ${String(error)}`);
  }
  throw new Error("expected decoding to fail");
}

/** Signal-to-error ratio of `test` against `ref` in dB, at the best lag within ±maxLag samples. */
function snrDb(ref: Float32Array, test: Float32Array, maxLag = 0): number {
  let best = -Infinity;
  for (let lag = -maxLag; lag <= maxLag; lag++) {
    let signal = 0;
    let error = 0;
    const n = Math.min(ref.length, test.length - lag);
    for (let i = Math.max(0, -lag); i < n; i++) {
      signal += ref[i]! ** 2;
      error += (ref[i]! - test[i + lag]!) ** 2;
    }
    best = Math.max(best, 10 * Math.log10(signal / error));
  }
  return best;
}

function correlation(a: Float32Array, b: Float32Array): number {
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i++) {
    ab += a[i]! * b[i]!;
    aa += a[i]! ** 2;
    bb += b[i]! ** 2;
  }
  return ab / Math.sqrt(aa * bb);
}

let tmp: TempDir;
let reference: Float32Array;

beforeAll(async () => {
  requireTool("sox", "sox");
  requireTool("ffmpeg", "ffmpeg");
  tmp = makeTempDir("audio");
  for (const [name, generate] of GENERATED) generate(tmp.file(name));
  reference = (await decodeFile(BECKETT)).samples;
}, 120_000);

afterAll(async () => {
  tmp?.remove();
  await shutdownDecoders();
});

describe("every shared fixture decodes to 16 kHz mono", () => {
  it.each(allAudioFixtures().map((p) => relative(AUDIO_FIXTURES, p)))("%s", async (rel) => {
    const expected = expectationFor(rel);
    const audio = await decodeFile(fixture(rel));
    expect(audio.sampleRate).toBe(16000);
    expect(audio.source).toEqual({ format: expected.format, sampleRate: expected.rate, channels: expected.channels });
    expect(audio.durationSeconds).toBeCloseTo(expected.seconds, 2);
    expect(audio.samples.length).toBe(Math.round(audio.durationSeconds * 16000));
    expect(audio.silent).toBe(false);
    expect(audio.peak).toBeGreaterThan(0.01);
    expect(audio.peak).toBeLessThanOrEqual(1.01);
  });

  it("found the fixture set the README describes (8 files + 220 alphanumeric clips)", () => {
    const all = allAudioFixtures();
    expect(all.filter((p) => p.includes("/alphanumeric/"))).toHaveLength(220);
    expect(all.length).toBe(228);
  });
});

describe("channels and resampling", () => {
  it("stereo_diarization.wav: left and right are different speakers; the mix is their average", async () => {
    const left = await decodeFile(fixture("stereo_diarization.wav"), { channel: 0 });
    const right = await decodeFile(fixture("stereo_diarization.wav"), { channel: 1 });
    const mix = await decodeFile(fixture("stereo_diarization.wav"));
    expect(Math.abs(correlation(left.samples, right.samples))).toBeLessThan(0.3);
    let maxDiff = 0;
    for (let i = 0; i < mix.samples.length; i++) {
      maxDiff = Math.max(maxDiff, Math.abs(mix.samples[i]! - (left.samples[i]! + right.samples[i]!) / 2));
    }
    expect(maxDiff).toBeLessThan(1e-6);
  });

  it("asking for a channel the file does not have is an invalid_option error", async () => {
    const error = await decodeError(readFileSync(BECKETT), { channel: 1 });
    expect(error.code).toBe("invalid_option");
  });

  it("jfk.flac (44.1 kHz stereo 24-bit) matches sox's own 16 kHz mono conversion (> 60 dB SNR)", async () => {
    const soxFile = tmp.file("jfk-sox.wav");
    run("sox", [fixture("jfk.flac"), "-r", "16000", "-c", "1", "-e", "floating-point", "-b", "32", soxFile]);
    const ours = await decodeFile(fixture("jfk.flac"));
    const sox = await decodeFile(soxFile);
    expect(ours.samples.length).toBe(sox.samples.length);
    expect(snrDb(sox.samples, ours.samples)).toBeGreaterThan(60);
  });
});

describe("every accepted container, generated from beckett.wav", () => {
  it.each(GENERATED)("%s", async (name, _generate, format, rate, minSnr) => {
    const audio = await decodeFile(tmp.file(name));
    expect(audio.source.format).toBe(format);
    // ADTS AAC at 16 kHz is decoded with implicit SBR at 32 kHz; the rate is whatever the decoder says.
    if (rate) expect(audio.source.sampleRate).toBe(rate);
    // Lossy encoders without gapless metadata add up to ~0.1 s of delay/padding.
    expect(Math.abs(audio.durationSeconds - BECKETT_SECONDS)).toBeLessThan(0.1);
    expect(snrDb(reference, audio.samples, minSnr < 30 ? 1200 : 0)).toBeGreaterThan(minSnr);
  });
});

describe("broken and hostile input gives a typed error, never a crash or a hang", () => {
  const wav = () => new Uint8Array(readFileSync(BECKETT));

  function wavHeader(opts: { rate: number; channels: number; bits: number; format?: number; dataBytes: number }) {
    const header = Buffer.alloc(44);
    const blockAlign = (opts.channels * opts.bits) / 8;
    header.write("RIFF", 0);
    header.writeUInt32LE((36 + opts.dataBytes) >>> 0, 4);
    header.write("WAVEfmt ", 8);
    header.writeUInt32LE(16, 16);
    header.writeUInt16LE(opts.format ?? 1, 20);
    header.writeUInt16LE(opts.channels, 22);
    header.writeUInt32LE(opts.rate, 24);
    header.writeUInt32LE(opts.rate * blockAlign, 28);
    header.writeUInt16LE(blockAlign, 32);
    header.writeUInt16LE(opts.bits, 34);
    header.write("data", 36);
    header.writeUInt32LE(opts.dataBytes >>> 0, 40);
    return header;
  }

  it("0 bytes -> empty", async () => {
    expect((await decodeError(new Uint8Array(0))).code).toBe("empty");
  });

  it("a WAV with a zero-length data chunk -> empty", async () => {
    const error = await decodeError(wavHeader({ rate: 16000, channels: 1, bits: 16, dataBytes: 0 }));
    expect(error.code).toBe("empty");
  });

  it("an ID3 tag with no audio after it -> empty", async () => {
    const id3 = Buffer.from([0x49, 0x44, 0x33, 3, 0, 0, 0, 0, 0, 10, ...new Array(10).fill(0)]);
    expect((await decodeError(id3)).code).toBe("empty");
  });

  it("random bytes and text -> unsupported_format, naming the formats that are accepted", async () => {
    let seed = 7;
    const garbage = Uint8Array.from({ length: 5000 }, () => (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24);
    const error = await decodeError(garbage);
    expect(error.code).toBe("unsupported_format");
    expect(error.message).toMatch(/WAV, FLAC, MP3/);
    expect((await decodeError(Buffer.from("<html>not audio</html>"))).code).toBe("unsupported_format");
  });

  it("a WAV whose header promises 4 GB of data -> truncated (nothing is allocated for it)", async () => {
    const bytes = Buffer.concat([wavHeader({ rate: 16000, channels: 1, bits: 16, dataBytes: 0xfffffff0 }), Buffer.alloc(1000)]);
    const error = await decodeError(bytes);
    expect(error.code).toBe("truncated");
    expect(error.message).toMatch(/declares .* more audio than the file holds/);
  });

  it("a WAV header alone, and a WAV cut mid-data -> truncated", async () => {
    expect((await decodeError(wav().subarray(0, 40))).code).toBe("truncated");
    expect((await decodeError(wav().subarray(0, 20000))).code).toBe("truncated");
  });

  it("unsupported WAV encodings and 64-bit RF64 -> unsupported_format", async () => {
    const mp3InWav = wavHeader({ rate: 16000, channels: 1, bits: 16, format: 0x55, dataBytes: 100 });
    expect((await decodeError(Buffer.concat([mp3InWav, Buffer.alloc(100)]))).code).toBe("unsupported_format");
    const rf64 = wav();
    rf64.set(Buffer.from("RF64"), 0);
    expect((await decodeError(rf64)).code).toBe("unsupported_format");
  });

  it("a WAV declaring zero channels -> corrupt", async () => {
    const bytes = wav();
    bytes[22] = 0;
    bytes[23] = 0;
    expect((await decodeError(bytes)).code).toBe("corrupt");
  });

  it.each([
    ["FLAC", () => readFileSync(fixture("jfk.flac")), "flac"],
    ["MP3", () => readFileSync(fixture("multilingual.mp3")), "mp3"],
  ])("a %s cut to a tenth -> truncated (its header states the full length)", async (_label, load) => {
    const bytes = new Uint8Array(load());
    const error = await decodeError(bytes.subarray(0, Math.floor(bytes.length / 10)));
    expect(error.code).toBe("truncated");
  });

  it.each(["opus.ogg", "opus.webm", "aac.m4a"])("generated %s cut short or with its body replaced by noise", async (name) => {
    const bytes = new Uint8Array(readFileSync(tmp.file(name)));
    expect((await decodeError(bytes.subarray(0, Math.floor(bytes.length / 3)))).code).toBe("truncated");
    const noisy = bytes.slice();
    let seed = 99;
    for (let i = 400; i < noisy.length; i++) noisy[i] = (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24;
    expect(["corrupt", "truncated"]).toContain((await decodeError(noisy)).code);
  });

  it("OGG carrying FLAC (a codec the decoders lack) -> unsupported_format", async () => {
    const path = tmp.file("flac.ogg");
    run("ffmpeg", ["-loglevel", "error", "-y", "-i", BECKETT, "-c:a", "flac", "-f", "ogg", path]);
    expect((await decodeError(readFileSync(path))).code).toBe("unsupported_format");
  });

  it("over-long audio is refused from the header, before decoding", async () => {
    // 2 h 1 min of 8-bit 4 kHz WAV: 29 MB, over the default 2-hour limit.
    const seconds = 2 * 3600 + 60;
    const header = wavHeader({ rate: 4000, channels: 1, bits: 8, dataBytes: seconds * 4000 });
    const error = await decodeError(Buffer.concat([header, Buffer.alloc(seconds * 4000, 128)]));
    expect(error.code).toBe("too_long");
    expect(error.message).toMatch(/2\.02 h long; the limit is 2 h/);
    expect((await decodeError(readFileSync(BECKETT), { maxDurationSeconds: 5 })).code).toBe("too_long");
  });

  it("over-long audio whose header hides its length is stopped while decoding", async () => {
    const path = tmp.file("noxing.mp3");
    run("ffmpeg", ["-loglevel", "error", "-y", "-i", BECKETT, "-c:a", "libmp3lame", "-write_xing", "0", path]);
    const error = await decodeError(readFileSync(path), { maxDurationSeconds: 5 });
    expect(error.code).toBe("too_long");
    expect((await decodeFile(path)).durationSeconds).toBeGreaterThan(9.9);
  });

  it("input over the byte limit -> too_large", async () => {
    expect((await decodeError(readFileSync(BECKETT), { maxBytes: 1000 })).code).toBe("too_large");
  });

  it("a decoder that runs past its time limit is stopped (timeout), and the next decode still works", async () => {
    const error = await decodeError(readFileSync(fixture("multilingual.mp3")), { timeoutMs: 1 });
    expect(error.code).toBe("timeout");
    expect((await decodeFile(fixture("multilingual.mp3"))).durationSeconds).toBeCloseTo(59.9, 1);
  });

  it("300 random mutations of seven formats only ever decode or fail with AudioDecodeError", async () => {
    const sources = ["pcm16.wav", "48k.flac", "opus.ogg", "opus.webm", "aac.m4a", "lame.mp3", "adts.aac"].map(
      (name) => new Uint8Array(readFileSync(tmp.file(name))),
    );
    let seed = 12345;
    const random = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
    const outcomes = new Map<string, number>();
    for (let trial = 0; trial < 300; trial++) {
      const source = sources[trial % sources.length]!;
      let bytes = source.slice();
      const kind = trial % 3;
      if (kind === 0) {
        // Flip bytes, mostly inside the first 2 KB where the headers are.
        for (let k = 0; k < 1 + Math.floor(random() * 8); k++) {
          const at = Math.floor(random() * (random() < 0.7 ? Math.min(2048, bytes.length) : bytes.length));
          bytes[at] = Math.floor(random() * 256);
        }
      } else if (kind === 1) {
        bytes = bytes.subarray(0, Math.floor(random() * bytes.length));
      } else {
        const at = Math.floor(random() * bytes.length);
        bytes.fill(Math.floor(random() * 256), at, Math.min(bytes.length, at + 1 + Math.floor(random() * 4096)));
      }
      try {
        const audio = await decodeAudio(bytes, { timeoutMs: 20_000 });
        expect(audio.sampleRate).toBe(16000);
        expect(Number.isFinite(audio.peak)).toBe(true);
        outcomes.set("decoded", (outcomes.get("decoded") ?? 0) + 1);
      } catch (error) {
        if (!(error instanceof AudioDecodeError)) throw error;
        outcomes.set(error.code, (outcomes.get(error.code) ?? 0) + 1);
      }
    }
    expect(outcomes.get("decoded") ?? 0).toBeGreaterThan(0);
    expect(outcomes.get("truncated") ?? 0).toBeGreaterThan(0);
  }, 240_000);
});

describe("silence and isolation", () => {
  it("silent audio decodes, flagged silent; rejectSilent turns it into a 'silent' error", async () => {
    const path = tmp.file("silence.wav");
    run("sox", ["-n", "-r", "16000", "-b", "16", path, "trim", "0", "3"]);
    const audio = await decodeFile(path);
    expect(audio.silent).toBe(true);
    expect(audio.durationSeconds).toBe(3);
    expect((await decodeError(readFileSync(path), { rejectSilent: true })).code).toBe("silent");
  });

  it("decodes on the calling thread when isolation is off, with the same result", async () => {
    const inline = await decodeFile(fixture("jfk.flac"), { isolate: false });
    const isolated = await decodeFile(fixture("jfk.flac"));
    expect(inline.samples).toEqual(isolated.samples);
  });

  it("leaves the caller's buffer usable (the worker gets a copy)", async () => {
    const bytes = readFileSync(BECKETT);
    await decodeAudio(bytes);
    expect(bytes.byteLength).toBeGreaterThan(0);
    expect(bytes.subarray(0, 4).toString()).toBe("RIFF");
    writeFileSync(tmp.file("copy.wav"), bytes);
  });
});
