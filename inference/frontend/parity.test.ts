/**
 * Front-end parity with an independent reference: scripts/python/frontend_reference.py (torch.stft and
 * a numpy Slaney filterbank, run with Debian's python3-torch). Both sides get the SAME decoded 16 kHz
 * samples (written by the engine's decoder to .f32 files), so only the front ends are compared.
 */
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeAudio, shutdownDecoders } from "../audio/decode.js";
import {
  DEBIAN_PYTHON,
  REPO_DIR,
  fixture,
  makeTempDir,
  requireTorchPython,
  type TempDir,
} from "../testing/fixtures.js";
import { MoonshineFrontend } from "./moonshine.js";
import { NemoFrontend, nemoFrameCount, type NemoNormalize } from "./nemo.js";

const TOLERANCE = 1e-4;
const SCRIPT = join(REPO_DIR, "scripts", "python", "frontend_reference.py");

/** Real speech of several lengths, rates and channel layouts (all decoded to 16 kHz mono first). */
const FILES = [
  "beckett.wav",
  "two_cities_16k.wav", // 44 s
  "multilingual.mp3", // 60 s, 24 kHz MP3
  "jfk.flac", // 44.1 kHz stereo
  "stereo_diarization.wav",
  "librivox-sense-and-sensibility/sense_and_sensibility_01_austen_64kb-0880.wav",
  "alphanumeric/seven/petewarden_nohash_0.wav",
  "alphanumeric/z/petewarden_nohash_0.wav",
];

let tmp: TempDir;
const samples = new Map<string, Float32Array>();
const f32Paths: string[] = [];

interface ReferenceOutput {
  input: string;
  output: string;
  n_mels: number;
  frames: number;
}

/** Runs the reference once over all inputs; returns features by input path. */
function reference(args: string[]): Map<string, { data: Float32Array; nMels: number; frames: number }> {
  const result = spawnSync(DEBIAN_PYTHON, [SCRIPT, ...args, "--out-dir", tmp.path, ...f32Paths], {
    encoding: "utf8",
    maxBuffer: 16 * 1024 * 1024,
  });
  if (result.status !== 0) throw new Error(`frontend_reference.py failed: ${result.stderr || result.error?.message}`);
  const out = new Map<string, { data: Float32Array; nMels: number; frames: number }>();
  for (const line of result.stdout.trim().split("\n")) {
    const row = JSON.parse(line) as ReferenceOutput;
    const bytes = readFileSync(row.output);
    const data = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
    out.set(row.input, { data, nMels: row.n_mels, frames: row.frames });
  }
  return out;
}

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
  return max;
}

beforeAll(async () => {
  requireTorchPython();
  tmp = makeTempDir("frontend");
  // A short clip (< 1 s, padded by moonshine) and one under a hop (0 NeMo frames) too.
  const beckett = (await decodeAudio(readFileSync(fixture("beckett.wav")))).samples;
  const extra: Array<[string, Float32Array]> = [
    ["short-0.6s", beckett.slice(16000, 16000 + 9600)],
    ["tiny-100", beckett.slice(20000, 20100)],
  ];
  for (const rel of FILES) extra.push([rel, (await decodeAudio(readFileSync(fixture(rel)))).samples]);
  for (const [name, s] of extra) {
    const path = join(tmp.path, `${basename(name).replace(/\W+/g, "_")}.f32`);
    writeFileSync(path, new Uint8Array(s.buffer, s.byteOffset, s.byteLength));
    samples.set(path, s);
    f32Paths.push(path);
  }
}, 120_000);

afterAll(async () => {
  tmp?.remove();
  await shutdownDecoders();
});

describe("NeMo log-mel front end vs torch reference", () => {
  it.each<NemoNormalize>(["per_feature", "none"])(`normalize=%s: max |diff| ≤ ${TOLERANCE} on every clip`, (normalize) => {
    const ref = reference(["nemo", "--normalize", normalize]);
    const frontend = new NemoFrontend({ normalize });
    for (const path of f32Paths) {
      const clip = samples.get(path)!;
      const expected = ref.get(path)!;
      const ours = frontend.compute(clip);
      expect(ours.nMels).toBe(128);
      expect(ours.frames).toBe(Math.floor(clip.length / 160));
      expect(ours.frames).toBe(expected.frames);
      expect(maxAbsDiff(ours.data, expected.data), path).toBeLessThanOrEqual(TOLERANCE);
    }
  });

  it("a batch is each clip's own features, zero-padded to the longest, with its frame count", () => {
    const ref = reference(["nemo", "--normalize", "per_feature"]);
    const clips = f32Paths.map((p) => samples.get(p)!);
    const batch = new NemoFrontend({ normalize: "per_feature" }).computeBatch(clips, { padTo: 8 });
    const longest = Math.max(...clips.map((c) => nemoFrameCount(c.length)));
    expect(batch.maxFrames).toBe(Math.ceil(longest / 8) * 8);
    expect(batch.frames).toEqual(clips.map((c) => nemoFrameCount(c.length)));
    f32Paths.forEach((path, b) => {
      const expected = ref.get(path)!;
      const frames = batch.frames[b]!;
      for (let m = 0; m < 128; m++) {
        const row = batch.data.subarray((b * 128 + m) * batch.maxFrames, (b * 128 + m + 1) * batch.maxFrames);
        const want = expected.data.subarray(m * frames, (m + 1) * frames);
        expect(maxAbsDiff(row.subarray(0, frames), want)).toBeLessThanOrEqual(TOLERANCE);
        expect(row.subarray(frames).every((v) => v === 0)).toBe(true);
      }
    });
  });
});

describe("moonshine-micro front end vs torch reference", () => {
  it(`max |diff| ≤ ${TOLERANCE} on every clip (cropped or padded to 1 s), layout [64, 128]`, () => {
    const ref = reference(["moonshine"]);
    const frontend = new MoonshineFrontend();
    for (const path of f32Paths) {
      const expected = ref.get(path)!;
      expect([expected.nMels, expected.frames]).toEqual([64, 128]);
      expect(maxAbsDiff(frontend.compute(samples.get(path)!), expected.data), path).toBeLessThanOrEqual(TOLERANCE);
    }
  });

  it("a batch is the clips' features stacked as [B, 1, 64, 128]", () => {
    const frontend = new MoonshineFrontend();
    const clips = f32Paths.slice(0, 3).map((p) => samples.get(p)!);
    const batch = frontend.computeBatch(clips);
    expect(batch.length).toBe(3 * 64 * 128);
    clips.forEach((clip, b) => {
      expect(batch.subarray(b * 8192, (b + 1) * 8192)).toEqual(frontend.compute(clip));
    });
  });
});
