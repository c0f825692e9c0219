/**
 * npm run bench:engine — the engine's speed, measured in one run on the same inputs, side by side:
 *
 *   1. overhead: bare session.run on precomputed features vs the whole pipeline for the same clips
 *      (front end + session.run + postprocess in a worker thread behind the batcher), one request at a
 *      time and in batches of 16; moonshine-micro, the real model;
 *   2. throughput (audio s / wall s) at concurrency 1, 4 and 16 through the pool + batcher: moonshine-micro,
 *      and the Canary onnx-asr fixture (whose decoder steps a whole batch per call);
 *   3. front-end speed (x real time): NeMo log-mel and moonshine;
 *   4. sherpa-onnx-node (its C++ engine and its own onnxruntime, in a child process) vs ours on the same
 *      sherpa-layout Canary model and the same audio: the committed fixture (d_model 32) and a wider model
 *      of the same contract built by scripts/bench/canary_bench_model.py (d_model 256, cached in
 *      data/bench/; skipped if Debian's python3-torch is missing).
 *
 * The machine is shared and noisy: every comparison interleaves its contenders clip by clip (or in short
 * segments), repeats that, and reports totals as ratios. About two and a half minutes on 2 cores.
 */
import { execFileSync, fork, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { decodeAudio, loadModel, shutdownDecoders, type Audio, type LoadedModel } from "../../inference/index.js";
import { openModelPool, type ModelPool } from "../../inference/engine/index.js";
import { MOONSHINE_FRAMES, MOONSHINE_N_MELS, MoonshineFrontend } from "../../inference/frontend/moonshine.js";
import { createCanaryRunner } from "../../inference/models/canary/index.js";
import { NemoFrontend } from "../../inference/frontend/nemo.js";
import { loudestWindow } from "../../inference/models/moonshine/clip.js";
import { readMoonshineMeta } from "../../inference/models/moonshine/meta.js";
import { createSession, ort } from "../../inference/runtime/onnx.js";

const REPO = fileURLToPath(new URL("../../", import.meta.url));
const SHARED = join(REPO, "../shared");
const MOONSHINE = join(SHARED, "models/moonshine-micro");
const AUDIO = join(SHARED, "fixtures/audio");
const CANARY_FIXTURES = join(REPO, "inference/models/canary/fixtures");
const BENCH_MODEL = join(REPO, "data/bench/canary-d256");
const SR = 16000;

const fmt = (x: number, digits = 1) => x.toFixed(digits);
const pct = (x: number) => `${x >= 0 ? "+" : ""}${(x * 100).toFixed(1)} %`;
const audioSeconds = (clips: readonly Audio[]) => clips.reduce((s, c) => s + c.samples.length / SR, 0);
const print = (line = "") => process.stdout.write(`${line}\n`);

async function timed(run: () => unknown): Promise<number> {
  const start = performance.now();
  await run();
  return performance.now() - start;
}

/**
 * Runs every contender on every item, in a rotating order, `rounds` times; returns total ms per contender.
 * Interleaving at this grain makes the machine's slow swings in load hit every contender alike.
 */
async function interleaved<K extends string, T>(items: readonly T[], rounds: number, contenders: Record<K, (item: T) => unknown>): Promise<Record<K, number>> {
  const keys = Object.keys(contenders) as K[];
  const totals = Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < items.length; i++) {
      for (let k = 0; k < keys.length; k++) {
        const key = keys[(i + k + r) % keys.length]!;
        totals[key] += await timed(() => contenders[key](items[i]!));
      }
    }
  }
  return totals;
}

async function alphanumericClips(): Promise<Audio[]> {
  const root = join(AUDIO, "alphanumeric");
  const clips: Audio[] = [];
  for (const label of readdirSync(root).sort()) {
    for (const name of readdirSync(join(root, label)).sort()) {
      clips.push({ samples: (await decodeAudio(readFileSync(join(root, label, name)))).samples, sampleRate: SR });
    }
  }
  return clips;
}

/** Real speech cut into utterance-sized pieces (3-8 s), the kind of request Canary serves. */
async function speechClips(count: number): Promise<Audio[]> {
  const out: Audio[] = [];
  const lengths = [3, 5, 8, 4, 6, 7];
  for (const name of ["jfk.flac", "beckett.wav", "two_cities_16k.wav"]) {
    const samples = (await decodeAudio(readFileSync(join(AUDIO, name)))).samples;
    for (let start = 0, i = 0; out.length < count; i++) {
      const length = lengths[i % lengths.length]! * SR;
      if (start + length > samples.length) break;
      out.push({ samples: samples.slice(start, start + length), sampleRate: SR });
      start += length;
    }
  }
  return out;
}

// --- 1. overhead ------------------------------------------------------------------------------------

async function overhead(clips: Audio[]): Promise<void> {
  const meta = await readMoonshineMeta(join(MOONSHINE, "spelling_cnn_mel_meta.json"));
  const bare = await createSession(join(MOONSHINE, "spelling_cnn_mel.shrunk.onnx"), { intraOpThreads: 1 });
  const frontend = new MoonshineFrontend();
  // What session.run alone gets: the features the runner computes, prepared outside the timing.
  const features = clips.map((c) => {
    const w = loudestWindow(c.samples);
    return frontend.compute(c.samples.subarray(w.start, w.end));
  });
  const run = async (data: Float32Array, n: number) => {
    const input = new ort.Tensor("float32", data, [n, 1, MOONSHINE_N_MELS, MOONSHINE_FRAMES]);
    const out = await bare.session.run({ [meta.input_name]: input });
    for (const t of Object.values(out)) t.dispose();
  };
  const direct = await loadModel(MOONSHINE, { intraOpThreads: 1 });
  const pool = await openModelPool(MOONSHINE, { workers: 1, intraOpThreads: 1 });
  const indices = clips.map((_, i) => i);
  const groups: number[][] = [];
  for (let i = 0; i + 16 <= clips.length; i += 16) groups.push(indices.slice(i, i + 16));
  const stacked = groups.map((g) => {
    const batch = new Float32Array(16 * MOONSHINE_N_MELS * MOONSHINE_FRAMES);
    g.forEach((index, k) => batch.set(features[index]!, k * features[index]!.length));
    return batch;
  });

  // Interleaved in segments of 20 clips rather than clip by clip: a contender that has just run stays warm
  // (caches, a thread that is awake), as it is when requests follow one another.
  const segments: number[][] = [];
  for (let i = 0; i < clips.length; i += 20) segments.push(indices.slice(i, i + 20));
  const each = async (segment: number[], one: (i: number) => Promise<unknown>) => {
    for (const i of segment) await one(i);
  };
  const contenders = {
    bare: (seg: number[]) => each(seg, (i) => run(features[i]!, 1)),
    direct: (seg: number[]) => each(seg, (i) => direct.transcribe(clips[i]!)),
    pool: (seg: number[]) => each(seg, (i) => pool.transcribe(clips[i]!)),
  };
  await interleaved(segments.slice(0, 1), 1, contenders);
  const one = await interleaved(segments, 3, contenders);
  const groupSegments: number[][] = [];
  for (let g = 0; g < groups.length; g += 4) groupSegments.push(groups.map((_, k) => k).slice(g, g + 4));
  const sixteen = await interleaved(groupSegments, 3, {
    bare: async (seg: number[]) => {
      for (const g of seg) await run(stacked[g]!, 16);
    },
    pool: async (seg: number[]) => {
      for (const g of seg) await Promise.all(groups[g]!.map((i) => pool.transcribe(clips[i]!)));
    },
  });
  const n1 = clips.length * 3;
  const n16 = groups.length * 16 * 3;
  print(`1. Overhead — moonshine-micro, ${clips.length} real 1 s clips x 3, 1 worker x 1 intra-op thread; bare = one session, 1 thread, features precomputed`);
  print(`   one at a time:  bare session.run ${fmt(one.bare / n1, 2)} ms/clip | in-thread runner ${fmt(one.direct / n1, 2)} ms (${pct(one.direct / one.bare - 1)}) | pool + batcher ${fmt(one.pool / n1, 2)} ms (${pct(one.pool / one.bare - 1)})`);
  print(`   batches of 16:  bare session.run ${fmt(sixteen.bare / n16, 2)} ms/clip | pool + batcher ${fmt(sixteen.pool / n16, 2)} ms/clip (${pct(sixteen.pool / sixteen.bare - 1)})`);
  print(`   the pool's own share (thread hop, queue, copies): pool vs in-thread runner: ${pct(one.pool / one.direct - 1)}; batch sizes the pool ran: ${JSON.stringify(pool.stats().batchSizes)}`);
  await pool.close();
  await direct.dispose();
  await bare.dispose();
}

// --- 2. throughput vs concurrency -------------------------------------------------------------------

async function throughput(label: string, pool: ModelPool, clips: Audio[], segment: number, cycles: number): Promise<void> {
  let cursor = 0;
  const closedLoop = async (concurrency: number) => {
    let left = segment;
    const client = async () => {
      while (left > 0) {
        left--;
        await pool.transcribe(clips[cursor++ % clips.length]!);
      }
    };
    await Promise.all(Array.from({ length: concurrency }, client));
  };
  await closedLoop(16);
  const levels = [1, 4, 16];
  const totals = await interleaved(
    Array.from({ length: cycles }, (_, i) => i),
    1,
    Object.fromEntries(levels.map((c) => [String(c), () => closedLoop(c)])),
  );
  const perRequest = audioSeconds(clips) / clips.length;
  const rate = (c: number) => (segment * cycles * perRequest) / (totals[String(c)]! / 1000);
  print(`   ${label}: ${levels.map((c) => `c${c} ${fmt(rate(c), 0)}`).join(" | ")} audio s / wall s -> c16 = ${fmt(rate(16) / rate(1), 2)}x c1, c4 = ${fmt(rate(4) / rate(1), 2)}x c1; batch sizes ${JSON.stringify(pool.stats().batchSizes)}`);
}

// --- 3. front ends ----------------------------------------------------------------------------------

async function frontends(moonshineClips: Audio[], speech: Audio[]): Promise<void> {
  const nemo = new NemoFrontend({ normalize: "per_feature" });
  const moon = new MoonshineFrontend();
  nemo.compute(speech[0]!.samples);
  moon.compute(moonshineClips[0]!.samples);
  const t = await interleaved([0, 1, 2], 1, {
    nemo: () => speech.forEach((c) => nemo.compute(c.samples)),
    moonshine: () => moonshineClips.forEach((c) => moon.compute(c.samples)),
  });
  print(`3. Front ends (one thread, JS): NeMo log-mel (128 mels, per-feature norm) ${fmt((3 * audioSeconds(speech)) / (t.nemo / 1000), 0)}x real time ` +
    `(${speech.length} utterances, ${fmt(audioSeconds(speech), 0)} s); moonshine (64 mels, 1 s clips) ${fmt((3 * audioSeconds(moonshineClips)) / (t.moonshine / 1000), 0)}x`);
}

// --- 4. sherpa-onnx-node vs ours ----------------------------------------------------------------------

interface SherpaReply {
  ms: number;
  text: string;
  tokens: number;
}

function startSherpa(dir: string, clipsFile: string): Promise<{ child: ChildProcess; decode: (clip: number) => Promise<SherpaReply> }> {
  const child = fork(join(REPO, "scripts/bench/sherpa-worker.cjs"), [join(REPO, "node_modules/sherpa-onnx-node"), dir, clipsFile], {
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  let waiting: ((reply: SherpaReply) => void) | undefined;
  return new Promise((resolveStart, rejectStart) => {
    child.once("exit", (code) => rejectStart(new Error(`sherpa-onnx-node exited (code ${code}) before it was ready`)));
    child.on("message", (message: SherpaReply | { ready: true }) => {
      if ("ready" in message) {
        resolveStart({
          child,
          decode: (clip) =>
            new Promise((resolveReply) => {
              waiting = resolveReply;
              child.send({ clip });
            }),
        });
      } else waiting?.(message);
    });
  });
}

async function sherpaComparison(label: string, dir: string, speech: Audio[], rounds: number): Promise<void> {
  const tmp = mkdtempSync(join(tmpdir(), "bench-sherpa-"));
  const clipsFile = join(tmp, "clips.f32");
  const header = Buffer.alloc(4 + 4 * speech.length);
  header.writeUInt32LE(speech.length, 0);
  speech.forEach((c, i) => header.writeUInt32LE(c.samples.length, 4 + 4 * i));
  writeFileSync(clipsFile, Buffer.concat([header, ...speech.map((c) => Buffer.from(c.samples.buffer, c.samples.byteOffset, c.samples.byteLength))]));
  const sherpa = await startSherpa(dir, clipsFile);
  let direct: LoadedModel | undefined;
  let pool: ModelPool | undefined;
  try {
    direct = await loadModel(dir, { intraOpThreads: 1 });
    pool = await openModelPool(dir, { workers: 1, intraOpThreads: 1 });
    const indices = speech.map((_, i) => i);
    let sherpaMs = 0;
    let sherpaTokens = 0;
    await sherpa.decode(0);
    await direct.transcribe(speech[0]!, { language: "en" });
    await pool.transcribe(speech[0]!, { language: "en" });
    const ours = await interleaved(indices, rounds, {
      direct: (i) => direct!.transcribe(speech[i]!, { language: "en" }),
      pool: (i) => pool!.transcribe(speech[i]!, { language: "en" }),
      // Timed inside the child (its decode only), so IPC does not count against it.
      sherpa: async (i) => {
        const reply = await sherpa.decode(i);
        sherpaMs += reply.ms;
        sherpaTokens += reply.tokens;
      },
    });
    // Our generated tokens (prompt and EOS excluded), counted outside the timing, to compare work done.
    const counter = await createCanaryRunner(dir, { intraOpThreads: 1 });
    const nemo = new NemoFrontend({ normalize: "per_feature" });
    let ourTokens = 0;
    for (const clip of speech) {
      const [item] = await counter.transcribeFeatures(nemo.computeBatch([clip.samples]), { language: "en" });
      ourTokens += item!.tokens.length + 1;
    }
    await counter.dispose();
    const audio = audioSeconds(speech) * rounds;
    const rtfx = (ms: number) => audio / (ms / 1000);
    const perToken = (ms: number, tokens: number) => ms / rounds / tokens;
    print(`   ${label}: sherpa-onnx-node RTFx ${fmt(rtfx(sherpaMs), 0)} | ours, pool + batcher RTFx ${fmt(rtfx(ours.pool), 0)} = ${fmt(sherpaMs / ours.pool, 2)}x sherpa | ours, in-thread RTFx ${fmt(rtfx(ours.direct), 0)} = ${fmt(sherpaMs / ours.direct, 2)}x`);
    // sherpa-onnx reports tokens without the final EOS; ours above count it, so add it to theirs.
    const theirTokens = sherpaTokens / rounds + speech.length;
    print(`      work done differs a little (each engine has its own front end: kaldi fbank vs NeMo log-mel): tokens decoded sherpa ${theirTokens}, ours ${ourTokens}; ` +
      `per decoded token: sherpa ${fmt(perToken(sherpaMs, theirTokens), 2)} ms, ours (pool) ${fmt(perToken(ours.pool, ourTokens), 2)} ms -> ${fmt(perToken(sherpaMs, theirTokens) / perToken(ours.pool, ourTokens), 2)}x`);
  } finally {
    sherpa.child.kill();
    await pool?.close();
    await direct?.dispose();
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** The wider Canary model for section 4, built once (Debian python3-torch) and kept under data/bench/. */
function benchModel(): string | undefined {
  if (existsSync(join(BENCH_MODEL, "sherpa", "decoder.onnx"))) return join(BENCH_MODEL, "sherpa");
  try {
    mkdirSync(BENCH_MODEL, { recursive: true });
    execFileSync("/usr/bin/python3", [join(REPO, "scripts/bench/canary_bench_model.py"), BENCH_MODEL, "--d-model", "256", "--ffn", "1024"], { stdio: "ignore" });
    return join(BENCH_MODEL, "sherpa");
  } catch {
    rmSync(BENCH_MODEL, { recursive: true, force: true });
    return undefined;
  }
}

async function main(): Promise<void> {
  const started = performance.now();
  const cores = availableParallelism();
  print(`engine benchmark — ${cpus()[0]?.model ?? "cpu"}, ${cores} cores (load average ${fmt(loadavg()[0]!, 1)}), Node ${process.version}, onnxruntime-node ${ort.env.versions.common}`);
  const moonshineClips = await alphanumericClips();
  const speech = await speechClips(12);
  print();
  await overhead(moonshineClips);
  print();

  const workers = Math.min(2, cores);
  const threads = Math.max(1, Math.floor(cores / workers));
  print(`2. Throughput vs concurrency — closed-loop clients through the pool + batcher (max batch 16, max wait 5 ms), levels interleaved in segments`);
  const moonPool = await openModelPool(MOONSHINE, { workers, intraOpThreads: threads });
  await throughput(`moonshine-micro, ${workers} workers x ${threads} thread`, moonPool, moonshineClips, 96, 6);
  await moonPool.close();
  const shortSpeech = speech.map((c) => ({ samples: c.samples.subarray(0, 3 * SR), sampleRate: SR }) as Audio);
  const canaryPool = await openModelPool(join(CANARY_FIXTURES, "onnx-asr"), { workers: 1, intraOpThreads: threads });
  await throughput(`Canary onnx-asr fixture (d_model 32), 1 worker x ${threads} threads, 3 s utterances`, canaryPool, shortSpeech, 32, 4);
  await canaryPool.close();
  print();

  await frontends(moonshineClips, speech);
  print();

  print(`4. sherpa-onnx-node 1.13.8 vs ours — same sherpa-layout Canary model, same real-speech utterances, one at a time, 1 thread each, interleaved`);
  await sherpaComparison(`committed fixture (d_model 32), ${speech.length} utterances, ${fmt(audioSeconds(speech), 0)} s, x2`, join(CANARY_FIXTURES, "sherpa"), speech, 2);
  const wide = benchModel();
  if (wide) {
    const few = speech.slice(0, 6);
    await sherpaComparison(`wider model (d_model 256, 5.7 M parameters), ${few.length} utterances, ${fmt(audioSeconds(few), 0)} s, x2`, wide, few, 2);
  } else {
    print("   wider model: skipped (needs Debian's python3-torch and python3-onnx to build it)");
  }
  print();
  print(`(${fmt((performance.now() - started) / 1000, 0)} s)`);
  await shutdownDecoders();
}

void main();
