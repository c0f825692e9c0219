/**
 * npm run bench:engine — the engine's speed, measured in one run on the same inputs, side by side:
 *
 *   1. overhead: bare session.run vs the whole pipeline for the same clips (front end + session.run +
 *      postprocess, in-thread and in a worker thread behind the batcher), one request at a time:
 *      a. moonshine-micro, the real model, whose front end costs about as much as its tiny network;
 *      b. a Canary model of realistic proportions (see below), where bare is the exact sequence of
 *         session.run calls the runner makes (encoder on precomputed features, then the decoder with the
 *         same tokens and caches fed straight back), so the difference is everything else we do;
 *   2. throughput (audio s / wall s) at concurrency 1, 4 and 16 through the pool + batcher;
 *   3. front-end speed (x real time): NeMo log-mel and moonshine;
 *   4. sherpa-onnx-node (its C++ engine and its own onnxruntime, in a child process) vs ours on the same
 *      sherpa-layout Canary models and the same audio, greedy, one utterance at a time, one thread each.
 *
 * The Canary models besides the committed parity fixture (d_model 32) are built once by
 * scripts/bench/canary_bench_model.py (Debian python3-torch; cached in data/bench/; skipped without it):
 * the fixture's own code, wider, with a deeper encoder and a canary-sized vocabulary for the largest.
 *
 * The machine is shared and noisy: every comparison interleaves its contenders in short segments, repeats
 * that, and reports ratios; each figure is given in wall time and in CPU time (this process's, or the
 * sherpa child's, user + system), which other users' load disturbs far less. A few minutes on 2 cores.
 *
 * `npm run bench:engine -- 1 4` runs only the numbered sections.
 */
import { execFileSync, fork, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { decodeAudio, loadModel, shutdownDecoders, type Audio, type LoadedModel } from "../../inference/index.js";
import { openModelPool, type BatchInfo, type ModelPool } from "../../inference/engine/index.js";
import { MOONSHINE_FRAMES, MOONSHINE_N_MELS, MoonshineFrontend } from "../../inference/frontend/moonshine.js";
import { createCanaryRunner } from "../../inference/models/canary/index.js";
import { buildPrompt } from "../../inference/models/canary/prompt.js";
import { transposeTimeMajor } from "../../inference/models/canary/sherpa-model.js";
import { NemoFrontend } from "../../inference/frontend/nemo.js";
import { loudestWindow } from "../../inference/models/moonshine/clip.js";
import { readMoonshineMeta } from "../../inference/models/moonshine/meta.js";
import { createSession, ort } from "../../inference/runtime/onnx.js";
import { startBareWorker } from "./bare-worker.js";

const REPO = fileURLToPath(new URL("../../", import.meta.url));
const SHARED = join(REPO, "../shared");
const MOONSHINE = join(SHARED, "models/moonshine-micro");
const AUDIO = join(SHARED, "fixtures/audio");
const CANARY_FIXTURES = join(REPO, "inference/models/canary/fixtures");
const SR = 16000;

/** Same-contract Canary models built by canary_bench_model.py, by size. */
const BENCH_MODELS = {
  d256: { dir: "canary-d256", args: ["--d-model", "256", "--ffn", "1024"], label: "d_model 256, 5.7 M parameters" },
  // Closer to canary-1b-flash's proportions: a deep encoder, decoder steps whose cost is mostly the
  // cross-attention over the encoder states, a 5248-piece vocabulary (the logits the loop reads).
  d512: {
    dir: "canary-d512-e8-v5248",
    args: ["--d-model", "512", "--ffn", "2048", "--enc-layers", "8", "--vocab", "5248", "--eos-ramp", "32"],
    label: "d_model 512, 8 encoder blocks, 5248-piece vocabulary, 49.5 M parameters",
  },
} as const;

const fmt = (x: number, digits = 1) => x.toFixed(digits);
const pct = (x: number) => `${x >= 0 ? "+" : ""}${(x * 100).toFixed(1)} %`;
const audioSeconds = (clips: readonly Audio[]) => clips.reduce((s, c) => s + c.samples.length / SR, 0);
const print = (line = "") => process.stdout.write(`${line}\n`);

/** This process's CPU time (all its threads, user + system), ms. */
function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

interface Cost {
  wall: number;
  cpu: number;
}

async function timed(run: () => unknown): Promise<Cost> {
  const cpu = cpuMs();
  const start = performance.now();
  await run();
  return { wall: performance.now() - start, cpu: cpuMs() - cpu };
}

/**
 * Runs every contender on every item, in a rotating order, `rounds` times; returns total wall and CPU ms
 * per contender. Interleaving makes the machine's slow swings in load hit every contender alike. A
 * contender may report its own cost (a child process's) instead of being timed here.
 */
async function interleaved<K extends string, T>(
  items: readonly T[],
  rounds: number,
  contenders: Record<K, (item: T) => unknown>,
): Promise<Record<K, Cost>> {
  const keys = Object.keys(contenders) as K[];
  const totals = Object.fromEntries(keys.map((k) => [k, { wall: 0, cpu: 0 }])) as Record<K, Cost>;
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < items.length; i++) {
      for (let k = 0; k < keys.length; k++) {
        const key = keys[(i + k + r) % keys.length]!;
        let reported: Cost | undefined;
        const cost = await timed(async () => {
          const result = await contenders[key](items[i]!);
          if (isCost(result)) reported = result;
        });
        const used = reported ?? cost;
        totals[key].wall += used.wall;
        totals[key].cpu += used.cpu;
      }
    }
  }
  return totals;
}

function isCost(value: unknown): value is Cost {
  return typeof value === "object" && value !== null && "wall" in value && "cpu" in value;
}

/** "+12.3 % wall, +10.1 % CPU" for a contender against a baseline. */
function over(a: Cost, base: Cost): string {
  return `${pct(a.wall / base.wall - 1)} wall, ${pct(a.cpu / base.cpu - 1)} CPU`;
}

/**
 * Counts the wall and CPU time spent inside session.run (every session of this thread) while `on`: run
 * around the in-thread runner, it splits the pipeline's own time into session.run and everything else,
 * measured in the same calls, so the machine's swings do not enter the comparison.
 */
function sessionRunMeter(session: ort.InferenceSession) {
  const proto = Object.getPrototypeOf(session) as { run: (...args: unknown[]) => Promise<unknown> };
  const original = proto.run;
  const meter = { on: false, inside: { wall: 0, cpu: 0 } as Cost, restore: () => void (proto.run = original) };
  proto.run = async function (this: unknown, ...args: unknown[]) {
    if (!meter.on) return original.apply(this, args);
    const cpu = cpuMs();
    const start = performance.now();
    try {
      return await original.apply(this, args);
    } finally {
      meter.inside.wall += performance.now() - start;
      meter.inside.cpu += cpuMs() - cpu;
    }
  };
  return meter;
}

/** How much the in-thread runner spends outside session.run, as a share of its time inside. */
function outside(total: Cost, inside: Cost): string {
  return `${pct((total.wall - inside.wall) / inside.wall)} wall, ${pct((total.cpu - inside.cpu) / inside.cpu)} CPU`;
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

// --- 1a. overhead, moonshine-micro ------------------------------------------------------------------

async function moonshineOverhead(clips: Audio[]): Promise<void> {
  const meta = await readMoonshineMeta(join(MOONSHINE, "spelling_cnn_mel_meta.json"));
  const bare = await createSession(join(MOONSHINE, "spelling_cnn_mel.shrunk.onnx"), { intraOpThreads: 1 });
  const frontend = new MoonshineFrontend();
  // What session.run alone gets: the features the runner computes, prepared outside the timing.
  const features = clips.map((c) => {
    const w = loudestWindow(c.samples);
    return frontend.compute(c.samples.subarray(w.start, w.end));
  });
  const run = async (data: Float32Array) => {
    const input = new ort.Tensor("float32", data, [1, 1, MOONSHINE_N_MELS, MOONSHINE_FRAMES]);
    const out = await bare.session.run({ [meta.input_name]: input });
    for (const t of Object.values(out)) t.dispose();
  };
  const direct = await loadModel(MOONSHINE, { intraOpThreads: 1 });
  const pool = await openModelPool(MOONSHINE, { workers: 1, intraOpThreads: 1 });
  const worker = await startBareWorker(MOONSHINE, 1);
  const meter = sessionRunMeter(bare.session);
  // Interleaved in segments of 20 clips rather than clip by clip: a contender that has just run stays warm
  // (caches, a thread that is awake), as it is when requests follow one another.
  const indices = clips.map((_, i) => i);
  const segments: number[][] = [];
  for (let i = 0; i < clips.length; i += 20) segments.push(indices.slice(i, i + 20));
  const each = async (segment: number[], one: (i: number) => Promise<unknown>) => {
    for (const i of segment) await one(i);
  };
  const contenders = {
    bare: (seg: number[]) => each(seg, (i) => run(features[i]!)),
    direct: async (seg: number[]) => {
      meter.on = true;
      await each(seg, (i) => direct.transcribe(clips[i]!));
      meter.on = false;
    },
    pool: (seg: number[]) => each(seg, (i) => pool.transcribe(clips[i]!)),
    worker: (seg: number[]) => each(seg, (i) => worker.transcribe(clips[i]!.samples)),
  };
  await interleaved(segments.slice(0, 1), 1, contenders);
  meter.inside = { wall: 0, cpu: 0 };
  const t = await interleaved(segments, 3, contenders);
  meter.restore();
  const n = clips.length * 3;
  const ms = (c: Cost) => `${fmt(c.wall / n, 2)} ms (CPU ${fmt(c.cpu / n, 2)})`;
  print(`   a. moonshine-micro, ${clips.length} real 1 s clips x 3, one at a time, 1 intra-op thread; bare = session.run on precomputed features`);
  print(`      bare session.run ${ms(t.bare)} | in-thread runner ${ms(t.direct)}: ${over(t.direct, t.bare)} | pool + batcher ${ms(t.pool)}: ${over(t.pool, t.bare)}`);
  print(`      in-thread runner, time outside its own session.run calls (same calls, same moments): ${outside(t.direct, meter.inside)}`);
  print(`      the pool's own share (thread hop, queue, copies), pool vs in-thread: ${over(t.pool, t.direct)}`);
  // The same model in a worker with nothing around it: what any worker-thread design pays, the hop.
  print(`      of which the hop (a bare worker, samples in reused shared memory, the transcript cloned back), bare worker ${ms(t.worker)} vs in-thread: ` +
    `${over(t.worker, t.direct)}; the pool's machinery, pool vs bare worker: ${over(t.pool, t.worker)}`);
  await worker.close();
  await pool.close();
  await direct.dispose();
  await bare.dispose();
}

// --- 1b. overhead, Canary of realistic proportions -------------------------------------------------------

/**
 * Bare for a sherpa-layout Canary: the same session.run calls the runner makes for one utterance — the
 * encoder on the precomputed [1, T, 128] features, the prompt one token per call, then each generated
 * token at its position — with the caches fed straight back, and nothing else.
 */
async function bareCanary(dir: string, speech: Audio[]) {
  const counter = await createCanaryRunner(dir, { intraOpThreads: 1 });
  const nemo = new NemoFrontend({ normalize: "per_feature" });
  const jobs: Array<{ x: ort.Tensor; length: ort.Tensor; prompt: number[]; tokens: number[] }> = [];
  for (const clip of speech) {
    const features = nemo.computeBatch([clip.samples]);
    const [item] = await counter.transcribeFeatures(features, { language: "en" });
    jobs.push({
      x: new ort.Tensor("float32", transposeTimeMajor(features.data, 1, features.nMels, features.maxFrames), [1, features.maxFrames, features.nMels]),
      length: new ort.Tensor("int64", BigInt64Array.from([BigInt(features.maxFrames)]), [1]),
      prompt: buildPrompt(item!.task, counter.vocab),
      tokens: item!.tokens,
    });
  }
  await counter.dispose();
  const encoder = await createSession(join(dir, "encoder.onnx"), { intraOpThreads: 1 });
  const decoder = await createSession(join(dir, "decoder.onnx"), { intraOpThreads: 1 });
  const enc = encoder.session;
  const dec = decoder.session;
  const [idsName, ...rest] = dec.inputNames;
  const memNames = rest.slice(0, -2);
  const [statesName, maskName] = rest.slice(-2) as [string, string];
  const cacheMeta = dec.inputMetadata[1];
  const hidden = cacheMeta?.isTensor ? Number(cacheMeta.shape[2]) : NaN;
  const run = async (i: number) => {
    const job = jobs[i]!;
    const out = await enc.run({ [enc.inputNames[0]!]: job.x, [enc.inputNames[1]!]: job.length });
    const states = out[enc.outputNames[0]!]!;
    const mask = out[enc.outputNames[2]!]!;
    let mems: ort.Tensor[] = memNames.map(() => new ort.Tensor("float32", new Float32Array(0), [1, 0, hidden]));
    const step = async (token: number, position: number) => {
      const feeds: Record<string, ort.Tensor> = {
        [idsName!]: new ort.Tensor("int32", Int32Array.from([token, position]), [1, 2]),
        [statesName]: states,
        [maskName]: mask,
      };
      memNames.forEach((name, k) => (feeds[name] = mems[k]!));
      const result = await dec.run(feeds);
      mems = dec.outputNames.slice(1).map((name) => result[name]!);
    };
    for (let p = 0; p < job.prompt.length; p++) await step(job.prompt[p]!, p);
    for (let k = 0; k < job.tokens.length; k++) await step(job.tokens[k]!, k + 1);
  };
  return {
    run,
    session: dec,
    calls: jobs.reduce((n, j) => n + 1 + j.prompt.length + j.tokens.length, 0),
    dispose: async () => {
      await encoder.dispose();
      await decoder.dispose();
    },
  };
}

async function canaryOverhead(label: string, dir: string, speech: Audio[], rounds: number): Promise<void> {
  const bare = await bareCanary(dir, speech);
  const direct = await loadModel(dir, { intraOpThreads: 1 });
  const pool = await openModelPool(dir, { workers: 1, intraOpThreads: 1 });
  const meter = sessionRunMeter(bare.session);
  try {
    const indices = speech.map((_, i) => i);
    const contenders = {
      bare: (i: number) => bare.run(i),
      direct: async (i: number) => {
        meter.on = true;
        await direct.transcribe(speech[i]!, { language: "en" });
        meter.on = false;
      },
      pool: (i: number) => pool.transcribe(speech[i]!, { language: "en" }),
    };
    await interleaved(indices.slice(0, 1), 1, contenders);
    meter.inside = { wall: 0, cpu: 0 };
    const t = await interleaved(indices, rounds, contenders);
    const audio = audioSeconds(speech) * rounds;
    const rtfx = (c: Cost) => `RTFx ${fmt(audio / (c.wall / 1000), 1)} (CPU ${fmt(audio / (c.cpu / 1000), 1)})`;
    print(`   b. Canary, ${label}, sherpa layout, ${speech.length} utterances (${fmt(audioSeconds(speech), 0)} s) x ${rounds}, one at a time, 1 intra-op thread;`);
    print(`      bare = the runner's own ${bare.calls} session.run calls (encoder + prompt + tokens) on precomputed features, caches fed back`);
    print(`      bare session.run ${rtfx(t.bare)} | in-thread runner ${rtfx(t.direct)}: ${over(t.direct, t.bare)} | pool + batcher ${rtfx(t.pool)}: ${over(t.pool, t.bare)}`);
    print(`      in-thread runner, time outside its own session.run calls (same calls, same moments): ${outside(t.direct, meter.inside)}`);
  } finally {
    meter.restore();
    await pool.close();
    await direct.dispose();
    await bare.dispose();
  }
}

// --- 2. throughput vs concurrency -------------------------------------------------------------------

/**
 * What the batcher did, per concurrency level: batch sizes, and the padding the model computed (a batch
 * runs size x its longest clip) per length bucket of that longest clip.
 */
class BatchLog {
  level = "";
  readonly sizes: Record<string, Record<number, number>> = {};
  /** Per bucket (longest clip rounded up to whole seconds): audio seconds and seconds computed. */
  readonly padding: Record<string, { audio: number; computed: number; batches: number }> = {};
  readonly record = (batch: BatchInfo): void => {
    const sizes = (this.sizes[this.level] ??= {});
    sizes[batch.size] = (sizes[batch.size] ?? 0) + 1;
    const bucket = `≤${Math.ceil(batch.longestSeconds - 1e-9)} s`;
    const pad = (this.padding[bucket] ??= { audio: 0, computed: 0, batches: 0 });
    pad.audio += batch.audioSeconds;
    pad.computed += batch.size * batch.longestSeconds;
    pad.batches++;
  };
  reset(): void {
    for (const key of Object.keys(this.sizes)) delete this.sizes[key];
    for (const key of Object.keys(this.padding)) delete this.padding[key];
  }
}

/** Opens a pool whose batches are recorded in `log`. */
function benchPool(dir: string, workers: number, threads: number, log: BatchLog): Promise<ModelPool> {
  return openModelPool(dir, { workers, intraOpThreads: threads, onBatch: log.record });
}

async function throughput(label: string, pool: ModelPool, log: BatchLog, clips: Audio[], segment: number, cycles: number, levels = [1, 4, 16]): Promise<Record<string, Cost>> {
  let cursor = 0;
  const closedLoop = async (concurrency: number) => {
    log.level = `c${concurrency}`;
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
  log.reset();
  const totals = await interleaved(
    Array.from({ length: cycles }, (_, i) => i),
    1,
    Object.fromEntries(levels.map((c) => [String(c), () => closedLoop(c)])),
  );
  const perRequest = audioSeconds(clips) / clips.length;
  const rate = (c: number) => (segment * cycles * perRequest) / (totals[String(c)]!.wall / 1000);
  const cpuRate = (c: number) => (segment * cycles * perRequest) / (totals[String(c)]!.cpu / 1000);
  const top = levels.at(-1)!;
  print(`   ${label}, ${segment * cycles} requests per level:`);
  print(`      ${levels.map((c) => `c${c} ${fmt(rate(c), 0)}`).join(" | ")} audio s / wall s -> ` +
    levels.slice(1).reverse().map((c) => `c${c} = ${fmt(rate(c) / rate(1), 2)}x c1`).join(", "));
  print(`      per CPU second: ${levels.map((c) => `c${c} ${fmt(cpuRate(c), 0)}`).join(" | ")} audio s -> c${top} = ${fmt(cpuRate(top) / cpuRate(1), 2)}x c1`);
  print(`      batch sizes: ${levels.map((c) => `c${c} ${JSON.stringify(log.sizes[`c${c}`] ?? {})}`).join(" | ")}`);
  const padding = Object.entries(log.padding).sort(([a], [b]) => a.localeCompare(b, "en", { numeric: true }));
  if (padding.some(([, p]) => p.computed > p.audio * 1.001)) {
    print(`      padding (share of the model's input that is padding), by longest clip in the batch: ` +
      padding.map(([bucket, p]) => `${bucket} ${pct(1 - p.audio / p.computed).replace("+", "")} of ${p.batches} batches`).join(", "));
  }
  return totals;
}

// --- 3. front ends ----------------------------------------------------------------------------------

async function frontends(moonshineClips: Audio[], speech: Audio[]): Promise<void> {
  const nemo = new NemoFrontend({ normalize: "per_feature" });
  const moon = new MoonshineFrontend();
  for (let i = 0; i < 3; i++) {
    speech.forEach((c) => nemo.compute(c.samples));
    moonshineClips.forEach((c) => moon.compute(c.samples));
  }
  const t = await interleaved([0, 1, 2, 3, 4], 1, {
    nemo: () => speech.forEach((c) => nemo.compute(c.samples)),
    moonshine: () => moonshineClips.forEach((c) => moon.compute(c.samples)),
  });
  const x = (seconds: number, c: Cost) => `${fmt(seconds / (c.wall / 1000), 0)}x real time (CPU ${fmt(seconds / (c.cpu / 1000), 0)}x)`;
  print(`3. Front ends (one thread, JS): NeMo log-mel (128 mels, per-feature norm) ${x(5 * audioSeconds(speech), t.nemo)} ` +
    `(${speech.length} utterances, ${fmt(audioSeconds(speech), 0)} s); moonshine (64 mels, 1 s clips) ${x(5 * audioSeconds(moonshineClips), t.moonshine)}`);
}

// --- 4. sherpa-onnx-node vs ours ----------------------------------------------------------------------

interface SherpaReply {
  ms: number;
  cpuMs: number;
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
  let bare: Awaited<ReturnType<typeof bareCanary>> | undefined;
  try {
    // The same session.run calls ours makes, and nothing else: separates onnxruntime-node from our code.
    bare = await bareCanary(dir, speech);
    direct = await loadModel(dir, { intraOpThreads: 1 });
    pool = await openModelPool(dir, { workers: 1, intraOpThreads: 1 });
    const indices = speech.map((_, i) => i);
    let sherpaTokens = 0;
    await sherpa.decode(0);
    await direct.transcribe(speech[0]!, { language: "en" });
    await pool.transcribe(speech[0]!, { language: "en" });
    await bare.run(0);
    const t = await interleaved(indices, rounds, {
      bare: (i) => bare!.run(i),
      direct: (i) => direct!.transcribe(speech[i]!, { language: "en" }),
      pool: (i) => pool!.transcribe(speech[i]!, { language: "en" }),
      // Timed inside the child (its decode only, wall and the child's CPU), so IPC does not count.
      sherpa: async (i): Promise<Cost> => {
        const reply = await sherpa.decode(i);
        sherpaTokens += reply.tokens;
        return { wall: reply.ms, cpu: reply.cpuMs };
      },
    });
    // Our generated tokens (prompt and EOS excluded), counted outside the timing, to compare work done.
    const counter = await createCanaryRunner(dir, { intraOpThreads: 1 });
    const nemo = new NemoFrontend({ normalize: "per_feature" });
    let ourTokens = 0;
    for (const clip of speech) {
      const [item] = await counter.transcribeFeatures(nemo.computeBatch([clip.samples]), { language: "en" });
      ourTokens += item!.tokens.length;
    }
    await counter.dispose();
    const theirTokens = sherpaTokens / rounds;
    const audio = audioSeconds(speech) * rounds;
    const rtfx = (c: Cost) => `RTFx ${fmt(audio / (c.wall / 1000), 1)} (CPU ${fmt(audio / (c.cpu / 1000), 1)})`;
    const ratio = (c: Cost) => `${fmt(t.sherpa.wall / c.wall, 2)}x sherpa wall, ${fmt(t.sherpa.cpu / c.cpu, 2)}x CPU`;
    print(`   ${label}, ${speech.length} utterances, ${fmt(audioSeconds(speech), 0)} s, x${rounds}:`);
    print(`      sherpa-onnx-node ${rtfx(t.sherpa)} | ours, in-thread ${rtfx(t.direct)} = ${ratio(t.direct)} | ours, pool + batcher ${rtfx(t.pool)} = ${ratio(t.pool)}`);
    print(`      bare onnxruntime-node session.run, our calls and nothing else: ${rtfx(t.bare)} = ${ratio(t.bare)}`);
    // Decoder calls per utterance: the 9 prompt tokens, then one per generated token and one that yields
    // EOS. Each engine's own front end (kaldi-native-fbank vs our NeMo log-mel) gives slightly different
    // features, so the greedy paths, and the work, can differ a little; per call evens that out.
    const calls = (tokens: number) => tokens + speech.length * 10;
    const perCall = (c: Cost, tokens: number) => (c.cpu / rounds / calls(tokens)) * 1000;
    print(`      session.run calls sherpa ${calls(theirTokens)}, ours ${calls(ourTokens)}; CPU per call, all work included: sherpa ${fmt(perCall(t.sherpa, theirTokens), 0)} µs, ` +
      `ours in-thread ${fmt(perCall(t.direct, ourTokens), 0)} µs -> ${fmt(perCall(t.sherpa, theirTokens) / perCall(t.direct, ourTokens), 2)}x; ` +
      `bare session.run ${fmt(perCall(t.bare, ourTokens), 0)} µs -> ${fmt(perCall(t.sherpa, theirTokens) / perCall(t.bare, ourTokens), 2)}x`);
  } finally {
    sherpa.child.kill();
    await pool?.close();
    await direct?.dispose();
    await bare?.dispose();
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** A Canary bench model built once (Debian python3-torch) and kept under data/bench/; undefined without torch. */
function benchModel(spec: (typeof BENCH_MODELS)[keyof typeof BENCH_MODELS]): string | undefined {
  const root = join(REPO, "data/bench", spec.dir);
  if (existsSync(join(root, "sherpa", "decoder.onnx"))) return root;
  try {
    mkdirSync(root, { recursive: true });
    execFileSync("/usr/bin/python3", [join(REPO, "scripts/bench/canary_bench_model.py"), root, ...spec.args], { stdio: "ignore" });
    return root;
  } catch {
    rmSync(root, { recursive: true, force: true });
    return undefined;
  }
}

async function main(): Promise<void> {
  const started = performance.now();
  const only = process.argv.slice(2).filter((a) => /^[1-4]$/.test(a));
  const want = (section: number) => only.length === 0 || only.includes(String(section));
  const cores = availableParallelism();
  print(`engine benchmark — ${cpus()[0]?.model ?? "cpu"}, ${cores} cores (load average ${fmt(loadavg()[0]!, 1)}), Node ${process.version}, onnxruntime-node ${ort.env.versions.common}`);
  const moonshineClips = await alphanumericClips();
  const speech = await speechClips(12);
  const d256 = benchModel(BENCH_MODELS.d256);
  const d512 = benchModel(BENCH_MODELS.d512);
  const skipped = (what: string) => print(`   ${what}: skipped (needs Debian's python3-torch and python3-onnx to build its model)`);
  print();

  if (want(1)) {
    print(`1. Overhead — whole pipeline vs bare session.run, same inputs`);
    await moonshineOverhead(moonshineClips);
    if (d512) await canaryOverhead(BENCH_MODELS.d512.label, join(d512, "sherpa"), speech.slice(0, 4), 3);
    else skipped("b. Canary of realistic proportions");
    print();
  }
  if (want(2)) await throughputSection(cores, moonshineClips, speech, d256);
  if (want(3)) {
    await frontends(moonshineClips, speech);
    print();
  }
  if (want(4)) {
    print(`4. sherpa-onnx-node 1.13.8 vs ours — same sherpa-layout Canary model, same real-speech utterances, greedy, one at a time, 1 thread each, interleaved`);
    await sherpaComparison(`committed fixture (d_model 32)`, join(CANARY_FIXTURES, "sherpa"), speech, 2);
    if (d256) await sherpaComparison(BENCH_MODELS.d256.label, join(d256, "sherpa"), speech.slice(0, 6), 2);
    else skipped(BENCH_MODELS.d256.label);
    if (d512) await sherpaComparison(BENCH_MODELS.d512.label, join(d512, "sherpa"), speech.slice(0, 4), 2);
    else skipped(BENCH_MODELS.d512.label);
    print();
  }
  print(`(${fmt((performance.now() - started) / 1000, 0)} s; load average now ${fmt(loadavg()[0]!, 1)})`);
  await shutdownDecoders();
}

/**
 * The most batching can give moonshine-micro: bare session.run CPU per clip at batch 1 against 8 and 16,
 * on the same features, interleaved. Times the cores, that bounds c16 / c1 whatever the pipeline does.
 */
async function moonshineBatchCeiling(cores: number): Promise<void> {
  const meta = await readMoonshineMeta(join(MOONSHINE, "spelling_cnn_mel_meta.json"));
  const bare = await createSession(join(MOONSHINE, "spelling_cnn_mel.shrunk.onnx"), { intraOpThreads: 1 });
  const frame = MOONSHINE_N_MELS * MOONSHINE_FRAMES;
  const features = new Float32Array(16 * frame);
  for (let i = 0; i < features.length; i++) features[i] = Math.sin(i * 0.37);
  const sizes = [1, 8, 16];
  const runs = Object.fromEntries(
    sizes.map((b) => {
      const input = new ort.Tensor("float32", features.subarray(0, b * frame), [b, 1, MOONSHINE_N_MELS, MOONSHINE_FRAMES]);
      // 32 clips per contender per segment, whatever the batch size.
      return [String(b), async () => {
        for (let i = 0; i < 32 / b; i++) await bare.session.run({ [meta.input_name]: input });
      }];
    }),
  );
  await interleaved([0], 1, runs);
  const t = await interleaved([0, 1, 2, 3, 4, 5, 6, 7], 1, runs);
  const perClip = (b: number) => t[String(b)]!.cpu / (8 * 32);
  print(`      bare session.run CPU per clip: ${sizes.map((b) => `batch ${b} ${fmt(perClip(b), 3)} ms`).join(", ")} -> batching alone gives at most ` +
    `${fmt(perClip(1) / perClip(16), 2)}x; with ${cores} cores, c16 / c1 ≤ ${fmt((cores * perClip(1)) / perClip(16), 2)}x even with a free pipeline`);
  await bare.dispose();
}

async function throughputSection(cores: number, moonshineClips: Audio[], speech: Audio[], d256: string | undefined): Promise<void> {
  const skipped = (what: string) => print(`   ${what}: skipped (needs Debian's python3-torch and python3-onnx to build its model)`);
  const workers = Math.min(2, cores);
  const threads = Math.max(1, Math.floor(cores / workers));
  const log = new BatchLog();
  print(`2. Throughput vs concurrency — closed-loop clients through the pool + batcher (max batch 16, max wait 5 ms), ${workers} workers x ${threads} intra-op thread, levels interleaved`);
  const moonPool = await benchPool(MOONSHINE, workers, threads, log);
  await throughput(`moonshine-micro, 1 s clips`, moonPool, log, moonshineClips, 64, 6);
  await moonPool.close();
  await moonshineBatchCeiling(workers);
  const shortSpeech = speech.map((c) => ({ samples: c.samples.subarray(0, 3 * SR), sampleRate: SR }) as Audio);
  const fixtureDir = join(CANARY_FIXTURES, "onnx-asr");
  const fixturePool = await benchPool(fixtureDir, workers, threads, log);
  await throughput(`Canary onnx-asr fixture (d_model 32), 3 s utterances`, fixturePool, log, shortSpeech, 64, 3);
  // Mixed lengths: what bucketing leaves as padding.
  await throughput(`Canary onnx-asr fixture (d_model 32), 3-8 s utterances (mixed)`, fixturePool, log, speech, 48, 2);
  await fixturePool.close();
  if (d256) {
    const widePool = await benchPool(join(d256, "onnx-asr"), workers, threads, log);
    await throughput(`Canary onnx-asr, ${BENCH_MODELS.d256.label}, 3 s utterances`, widePool, log, shortSpeech, 32, 3);
    await widePool.close();
  } else skipped("Canary onnx-asr d_model 256");
  if (workers > 1) {
    // The other way to use the cores: one worker whose sessions use them all, against one worker per core.
    const wide = await benchPool(fixtureDir, 1, workers * threads, log);
    await throughput(`Canary onnx-asr fixture, 3 s utterances, layout 1 worker x ${workers * threads} intra-op threads`, wide, log, shortSpeech, 64, 3, [1, 16]);
    await wide.close();
  }
  print();
}

void main();
