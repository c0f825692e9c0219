import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeAudio, loadModel, ModelLoadError, TranscribeError, type Audio, type LoadedModel, type Transcript } from "../index.js";
import { AUDIO_FIXTURES, MOONSHINE_DIR, REPO_DIR } from "../testing/fixtures.js";
import { EngineUnavailableError, openModelPool, type BatchInfo, type ModelPool } from "./index.js";
import { CRASH_MARK, FAIL_MARK } from "./testing/faulty-loader.js";

const FAULTY_LOADER = new URL("./testing/faulty-loader.ts", import.meta.url).href;
const CANARY_SHERPA = fileURLToPath(new URL("../models/canary/fixtures/sherpa/", import.meta.url));

/** Two clips of every letter and digit word in the alphanumeric fixtures, decoded once. */
async function alphanumericClips(perLabel = 1): Promise<{ label: string; audio: Audio }[]> {
  const root = join(AUDIO_FIXTURES, "alphanumeric");
  const out: { label: string; audio: Audio }[] = [];
  for (const label of readdirSync(root).sort()) {
    for (const name of readdirSync(join(root, label)).sort().slice(0, perLabel)) {
      const decoded = await decodeAudio(readFileSync(join(root, label, name)));
      out.push({ label, audio: { samples: decoded.samples, sampleRate: 16000 } });
    }
  }
  return out;
}

function withFirstSample(audio: Audio, value: number): Audio {
  const samples = audio.samples.slice();
  samples[0] = value;
  return { samples, sampleRate: 16000 };
}

/** What a client sees, without float noise: text, times and the ranking of the alternatives. */
function visible(t: Transcript) {
  return {
    text: t.text,
    segments: t.segments,
    words: t.words,
    durationSeconds: t.durationSeconds,
    alternatives: t.alternatives?.map((a) => a.text),
  };
}

describe("model pool: moonshine-micro in worker threads", () => {
  let clips: { label: string; audio: Audio }[];
  let direct: LoadedModel;
  let expected: Transcript[];
  let pool: ModelPool;
  const batches: BatchInfo[] = [];

  beforeAll(async () => {
    clips = await alphanumericClips();
    direct = await loadModel(MOONSHINE_DIR, { intraOpThreads: 1 });
    expected = [];
    for (const clip of clips) expected.push(await direct.transcribe(clip.audio, { timestamps: true }));
    pool = await openModelPool(MOONSHINE_DIR, {
      workers: 2,
      intraOpThreads: 1,
      loaderModule: FAULTY_LOADER,
      onBatch: (b) => batches.push(b),
    });
  });

  afterAll(async () => {
    await pool?.close();
    await direct?.dispose();
  });

  it("reports the model it serves", () => {
    expect(pool.manifest.runner).toBe("moonshine-micro");
    expect(pool.provider).toBe("cpu");
    expect(pool.capabilities.labels).toContain("seven");
    expect(pool.stats().workers.ready).toBe(2);
  });

  it("gives the same transcripts as direct single runs, whether requests come together or one by one", async () => {
    const together = await Promise.all(clips.map((c) => pool.transcribe(c.audio, { timestamps: true })));
    const oneByOne: Transcript[] = [];
    for (const clip of clips) oneByOne.push(await pool.transcribe(clip.audio, { timestamps: true }));
    expect(together.map(visible)).toEqual(expected.map(visible));
    expect(oneByOne.map(visible)).toEqual(expected.map(visible));
    together.forEach((t, i) => {
      t.alternatives!.forEach((a, k) => expect(a.probability).toBeCloseTo(expected[i]!.alternatives![k]!.probability, 5));
    });
    // The model itself gets most of these right; the pool changes nothing about that.
    const correct = together.filter((t, i) => t.text === clips[i]!.label).length;
    expect(correct).toBeGreaterThan(clips.length * 0.8);
  });

  it("batches concurrent requests and runs sequential ones alone", async () => {
    const before = batches.length;
    await Promise.all(clips.slice(0, 16).map((c) => pool.transcribe(c.audio)));
    const concurrent = batches.slice(before);
    expect(concurrent.reduce((n, b) => n + b.size, 0)).toBe(16);
    expect(Math.max(...concurrent.map((b) => b.size))).toBeGreaterThan(1);
    // 16 requests over two idle workers: shared between them, not sixteen batches of one.
    expect(concurrent.length).toBeLessThanOrEqual(4);
    // Each batch reports its longest clip (what the model pads to), the longest of all among them.
    const longest = Math.max(...clips.slice(0, 16).map((c) => c.audio.samples.length / 16000));
    expect(Math.max(...concurrent.map((b) => b.longestSeconds))).toBeCloseTo(longest, 6);
    for (const b of concurrent) expect(b.longestSeconds * b.size).toBeGreaterThanOrEqual(b.audioSeconds - 1e-9);

    const mark = batches.length;
    for (const clip of clips.slice(0, 4)) await pool.transcribe(clip.audio);
    expect(batches.slice(mark).map((b) => b.size)).toEqual([1, 1, 1, 1]);

    const stats = pool.stats();
    expect(stats.batchSizes[1]).toBeGreaterThanOrEqual(4);
    expect(stats.items).toBe(batches.reduce((n, b) => n + b.size, 0));
  });

  it("fails only the request the model refuses when it shares a batch with others", async () => {
    const requests = clips.slice(0, 8).map((c, i) => (i === 3 ? withFirstSample(c.audio, FAIL_MARK) : c.audio));
    const results = await Promise.allSettled(requests.map((audio) => pool.transcribe(audio)));
    const failed = results[3]!;
    expect(failed.status).toBe("rejected");
    expect((failed as PromiseRejectedResult).reason).toBeInstanceOf(TranscribeError);
    expect((failed as PromiseRejectedResult).reason.code).toBe("unsupported_option");
    results.forEach((r, i) => {
      if (i === 3) return;
      expect(r.status).toBe("fulfilled");
      expect((r as PromiseFulfilledResult<Transcript>).value.text).toBe(expected[i]!.text);
    });
  });

  it("survives a worker crash: only the crashing request fails, its batch-mates are retried, the worker is replaced", async () => {
    const crashesBefore = pool.stats().crashes;
    const requests = clips.slice(0, 8).map((c, i) => (i === 5 ? withFirstSample(c.audio, CRASH_MARK) : c.audio));
    const results = await Promise.allSettled(requests.map((audio) => pool.transcribe(audio)));
    const crashed = results[5]!;
    expect(crashed.status).toBe("rejected");
    const reason = (crashed as PromiseRejectedResult).reason;
    expect(reason).toBeInstanceOf(EngineUnavailableError);
    expect(reason.code).toBe("worker_crashed");
    results.forEach((r, i) => {
      if (i === 5) return;
      expect(r.status).toBe("fulfilled");
      expect((r as PromiseFulfilledResult<Transcript>).value.text).toBe(expected[i]!.text);
    });
    expect(pool.stats().crashes).toBeGreaterThan(crashesBefore);
    // Replacements load, and the pool serves as before.
    const after = await Promise.all(clips.slice(0, 4).map((c) => pool.transcribe(c.audio)));
    expect(after.map((t) => t.text)).toEqual(expected.slice(0, 4).map((t) => t.text));
    await expect.poll(() => pool.stats().workers.ready, { timeout: 30_000 }).toBe(2);
  });

  it("drops a request whose caller gave up, without disturbing the others", async () => {
    const controller = new AbortController();
    const requests = clips.slice(0, 6).map((c, i) =>
      pool.transcribe(c.audio, {}, i === 2 ? { signal: controller.signal } : {}),
    );
    controller.abort(new Error("client went away"));
    const results = await Promise.allSettled(requests);
    expect(results[2]!.status).toBe("rejected");
    expect((results[2] as PromiseRejectedResult).reason.message).toBe("client went away");
    results.forEach((r, i) => {
      if (i !== 2) expect((r as PromiseFulfilledResult<Transcript>).value.text).toBe(expected[i]!.text);
    });
    await expect(pool.transcribe(clips[0]!.audio, {}, { signal: controller.signal })).rejects.toThrow("client went away");
  });

  it("refuses audio longer than the model takes before it reaches a worker, and decodes encoded bytes", async () => {
    const long: Audio = { samples: new Float32Array(16000 * 11), sampleRate: 16000 };
    await expect(pool.transcribe(long)).rejects.toMatchObject({ code: "audio_too_long" });
    const bytes = readFileSync(join(AUDIO_FIXTURES, "alphanumeric", "seven", readdirSync(join(AUDIO_FIXTURES, "alphanumeric", "seven"))[0]!));
    expect((await pool.transcribe(bytes)).text).toBe("seven");
  });

  it("keeps the caller's samples intact", async () => {
    const audio = clips[0]!.audio;
    const copy = audio.samples.slice();
    await pool.transcribe(audio);
    expect(audio.samples.length).toBe(copy.length);
    expect(audio.samples).toEqual(copy);
  });
});

describe("model pool: Canary (sherpa-onnx layout fixture)", () => {
  it("batches requests with different options and matches single direct runs token for token", async () => {
    const decoded = await Promise.all(
      ["jfk.flac", "beckett.wav"].map(async (name) => (await decodeAudio(readFileSync(join(AUDIO_FIXTURES, name)))).samples),
    );
    const audio: Audio[] = [
      { samples: decoded[0]!.subarray(0, 16000 * 3), sampleRate: 16000 },
      { samples: decoded[1]!.subarray(0, 16000 * 4), sampleRate: 16000 },
      { samples: decoded[0]!.subarray(16000, 16000 * 5), sampleRate: 16000 },
    ];
    const options = [{ language: "en" }, { language: "en", targetLanguage: "de", timestamps: true }, { punctuation: false }];
    const direct = await loadModel(CANARY_SHERPA);
    const expected: Transcript[] = [];
    for (let i = 0; i < audio.length; i++) expected.push(await direct.transcribe(audio[i]!, options[i]));
    await direct.dispose();

    const sizes: number[] = [];
    const pool = await openModelPool(CANARY_SHERPA, { workers: 1, onBatch: (b) => sizes.push(b.size) });
    try {
      const pooled = await Promise.all(audio.map((a, i) => pool.transcribe(a, options[i])));
      expect(pooled).toEqual(expected);
      expect(pooled.some((t) => t.text.length > 0)).toBe(true);
      expect(Math.max(...sizes)).toBeGreaterThan(1);
    } finally {
      await pool.close();
    }
  });
});

describe("model pool: loading and lifetime", () => {
  it("reports a model that cannot load with the engine's own error, from inside the worker", async () => {
    const error = await openModelPool(join(AUDIO_FIXTURES, "alphanumeric")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelLoadError);
    expect((error as ModelLoadError).code).toBe("unrecognised_layout");
  });

  it("rejects requests after close, and a closed or idle pool lets the process exit on its own", async () => {
    const pool = await openModelPool(MOONSHINE_DIR, { workers: 1 });
    await pool.close();
    await expect(pool.transcribe({ samples: new Float32Array(16000), sampleRate: 16000 })).rejects.toMatchObject({ code: "shut_down" });

    for (const closeIt of [true, false]) {
      const exit = await runScript(`
        import { openModelPool } from ${JSON.stringify(new URL("./index.ts", import.meta.url).href)};
        const pool = await openModelPool(${JSON.stringify(MOONSHINE_DIR)}, { workers: 2, intraOpThreads: 1 });
        const t = await pool.transcribe({ samples: new Float32Array(16000).map((_, i) => Math.sin(i / 5) * 0.3), sampleRate: 16000 });
        console.log("text:" + t.text + " workers:" + pool.stats().workers.ready);
        ${closeIt ? "await pool.close();" : ""}
      `);
      expect(exit.output).toMatch(/text:\S+ workers:2/);
      // Exited by itself, cleanly: no worker thread kept it alive, and none was killed mid-way.
      expect(exit.code).toBe(0);
    }
  });
});

/** Runs an ES module with tsx in a fresh Node process; kills it (code null) if it has not exited in 60 s. */
function runScript(source: string): Promise<{ code: number | null; output: string }> {
  const dir = mkdtempSync(join(tmpdir(), "engine-exit-"));
  const script = join(dir, "script.mts");
  writeFileSync(script, source);
  return new Promise((resolvePromise) => {
    const child = spawn(process.execPath, ["--import", "tsx", script], {
      cwd: REPO_DIR,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    const killer = setTimeout(() => child.kill("SIGKILL"), 60_000);
    child.on("exit", (code) => {
      clearTimeout(killer);
      rmSync(dir, { recursive: true, force: true });
      resolvePromise({ code, output });
    });
  });
}
