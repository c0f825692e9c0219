/**
 * npm run bench:streaming — how many concurrent real-time streams one machine sustains with the Nemotron
 * streaming runner on the test model (inference/models/nemotron/fixtures), and how long a word takes from
 * its audio arriving to its text coming out, for the four chunk sizes side by side.
 *
 * Each trial runs N streams through one engine (batched steps, the runner's defaults) on a simulated clock:
 * every stream delivers its audio in 20 ms packets at real-time pace, starting at a random phase; the
 * engine steps whenever a chunk is ready. Compute is real and advances the clock by the wall time it took
 * (pushes: the streaming front end; steps: encoder, joiner and decoder calls); idle time is skipped, so a
 * trial takes only the compute time, not the audio's duration. N streams are sustained when, over the last
 * third of the run, no stream's undecoded backlog (audio arrived minus audio decoded) exceeds one chunk
 * plus 0.3 s; a trial whose backlog passes one chunk plus 1 s is stopped early. N doubles until a trial
 * fails, then the boundary is bisected.
 *
 * Word latency = the clock when a word first appears in an event minus the time its last frame's audio
 * arrived (stream start + word end): the chunk wait (a word can only come out once its chunk is complete)
 * plus queueing and compute. Reported as p50 / p95 at one stream and at the sustained N.
 *
 * The machine is shared and noisy (2 cores here, other engineers' test suites running); the load average
 * is printed, and the figures are only comparable within one run.
 */
import { readFileSync } from "node:fs";
import { availableParallelism, cpus, loadavg } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { decodeAudio, shutdownDecoders } from "../../inference/index.js";
import { createNemotronRunner, type NemotronRunner, type NemotronStream, type StreamEvent } from "../../inference/models/nemotron/index.js";
import { ACCELERATION_CHUNK_MS, type Acceleration } from "../../inference/models/nemotron/stream.js";

const REPO = fileURLToPath(new URL("../../", import.meta.url));
const AUDIO = join(REPO, "../shared/fixtures/audio");
const MODEL = join(REPO, "inference/models/nemotron/fixtures/model");
const SR = 16000;
const PACKET = 320; // 20 ms
const STREAM_SECONDS = 6;
const TIME_BUDGET_MS = 40_000; // per chunk size
const FILES = [
  "beckett.wav",
  "librivox-sense-and-sensibility/sense_and_sensibility_01_austen_64kb-0870.wav",
  "librivox-sense-and-sensibility/sense_and_sensibility_01_austen_64kb-0890.wav",
  "two_cities_16k.wav",
];

const print = (line = "") => process.stdout.write(`${line}\n`);

interface Trial {
  streams: number;
  sustained: boolean;
  /** Word latencies, seconds. */
  latencies: number[];
  /** Largest backlog over the last third, seconds. */
  backlog: number;
  /** Compute seconds per second of audio, all streams together. */
  load: number;
  wallMs: number;
}

/** A deterministic generator, so every run uses the same phases. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function trial(runner: NemotronRunner, acceleration: Acceleration, count: number, speech: Float32Array): Promise<Trial> {
  const chunk = ACCELERATION_CHUNK_MS[acceleration] / 1000;
  const rand = random(count * 7919 + ACCELERATION_CHUNK_MS[acceleration]);
  const clipLength = STREAM_SECONDS * SR;
  const streams = Array.from({ length: count }, (_, i) => {
    const from = Math.floor(((i * 3.7 * SR) % (speech.length - clipLength)) / PACKET) * PACKET;
    return {
      stream: runner.createStream({ acceleration, language: "auto" }) as NemotronStream,
      start: rand() * chunk,
      samples: speech.subarray(from, from + clipLength),
      sent: 0,
      seen: new Set<string>(),
    };
  });
  const latencies: number[] = [];
  let clock = 0;
  let compute = 0;
  let backlog = 0;
  const end = chunk + STREAM_SECONDS + chunk;
  const began = performance.now();
  let sustained = true;

  const timed = async (work: () => unknown) => {
    const t0 = performance.now();
    await work();
    const seconds = (performance.now() - t0) / 1000;
    clock += seconds;
    compute += seconds;
  };

  while (streams.some((s) => !s.stream.finished)) {
    // Packets that have arrived by now.
    await timed(() => {
      for (const s of streams) {
        while (s.sent < s.samples.length && s.start + (s.sent + PACKET) / SR <= clock) {
          s.stream.push(s.samples.subarray(s.sent, s.sent + PACKET));
          s.sent += PACKET;
          if (s.sent >= s.samples.length) s.stream.flush();
        }
      }
    });
    if (!runner.hasWork) {
      const next = Math.min(...streams.filter((s) => s.sent < s.samples.length).map((s) => s.start + (s.sent + PACKET) / SR));
      if (!Number.isFinite(next)) break;
      clock = Math.max(clock, next);
      continue;
    }
    await timed(() => runner.step());
    for (const s of streams) {
      for (const event of s.stream.takeEvents()) record(event, s, clock, latencies);
      const arrived = Math.min(s.samples.length / SR, Math.max(0, clock - s.start));
      const lag = arrived - s.stream.decodedSeconds;
      if (clock > (2 / 3) * end) backlog = Math.max(backlog, lag);
      if (lag > chunk + 1) sustained = false;
    }
    if (!sustained) break;
  }
  for (const s of streams) if (!s.stream.finished) s.stream.cancel();
  if (backlog > chunk + 0.3) sustained = false;
  return { streams: count, sustained, latencies, backlog, load: compute / STREAM_SECONDS / count, wallMs: performance.now() - began };
}

function record(event: StreamEvent, s: { start: number; seen: Set<string> }, clock: number, latencies: number[]): void {
  if (event.type === "error") throw new Error(event.message);
  event.words.forEach((word, index) => {
    const key = `${event.segment}:${index}`;
    if (s.seen.has(key)) return;
    s.seen.add(key);
    latencies.push(clock - (s.start + word.end));
  });
}

async function capacity(runner: NemotronRunner, acceleration: Acceleration, speech: Float32Array) {
  const started = performance.now();
  const single = await trial(runner, acceleration, 1, speech);
  let pass = single.sustained ? single : undefined;
  let fail: Trial | undefined;
  let n = 2;
  while (!fail && performance.now() - started < TIME_BUDGET_MS) {
    const t = await trial(runner, acceleration, n, speech);
    if (t.sustained) pass = t;
    else fail = t;
    n *= 2;
  }
  // Bisect between the last sustained count and the first that was not.
  while (pass && fail && fail.streams - pass.streams > Math.max(1, pass.streams / 8) && performance.now() - started < TIME_BUDGET_MS) {
    const t = await trial(runner, acceleration, Math.round((pass.streams + fail.streams) / 2), speech);
    if (t.sustained) pass = t;
    else fail = t;
  }
  return { single, pass, fail, seconds: (performance.now() - started) / 1000 };
}

async function main(): Promise<void> {
  print(`bench:streaming — Nemotron streaming runner, test model (${MODEL.replace(REPO, "")})`);
  print(`machine: ${cpus()[0]?.model ?? "?"}, ${availableParallelism()} cores, load ${loadavg().map((x) => x.toFixed(1)).join(" ")}`);
  const clips = await Promise.all(FILES.map(async (f) => (await decodeAudio(readFileSync(join(AUDIO, f)))).samples));
  const speech = new Float32Array(clips.reduce((n, c) => n + c.length, 0));
  clips.reduce((at, c) => (speech.set(c, at), at + c.length), 0);
  // One onnxruntime thread per session: the test model's graphs are too small to split, and a second
  // spinning thread only competes with the JS thread on a 2-core machine. BENCH_THREADS=0 for ORT's default.
  const threads = Number(process.env.BENCH_THREADS ?? 1);
  const runner = await createNemotronRunner(MODEL, { autoStep: false, ...(threads > 0 ? { intraOpThreads: threads } : {}) });
  print(
    `streams: ${STREAM_SECONDS} s of real speech each, 20 ms packets, random phases; engine maxBatch 32; ` +
      `provider ${runner.provider}, intra-op threads ${threads || "default"}`,
  );
  print();

  const rows: string[][] = [];
  for (const acceleration of ["full", "high", "regular", "none"] as const) {
    const r = await capacity(runner, acceleration, speech);
    const at = r.pass;
    const sustained = at ? `${at.streams}${r.fail ? "" : "+"}` : "0";
    rows.push([
      `${ACCELERATION_CHUNK_MS[acceleration]} ms (${acceleration})`,
      sustained,
      r.fail ? String(r.fail.streams) : "-",
      ms(percentile(r.single.latencies, 50)),
      ms(percentile(r.single.latencies, 95)),
      at ? ms(percentile(at.latencies, 50)) : "-",
      at ? ms(percentile(at.latencies, 95)) : "-",
      at ? `${(at.load * 1000).toFixed(1)} ms` : "-",
      `${r.seconds.toFixed(0)} s`,
    ]);
    print(`  ${rows.at(-1)![0]}: sustained ${sustained} streams (${r.seconds.toFixed(0)} s)`);
  }
  print();
  table(
    ["chunk", "sustained streams", "failed at", "p50 @1", "p95 @1", "p50 @max", "p95 @max", "compute per stream-s", "bench time"],
    rows,
  );
  print();
  print("p50/p95: word latency from the audio of its last frame arriving to the word appearing in an event,");
  print("with 1 stream and with the sustained number; compute per stream-s: CPU time per second of one stream's audio.");
  await runner.dispose();
  await shutdownDecoders();
}

function ms(seconds: number): string {
  return Number.isNaN(seconds) ? "-" : `${Math.round(seconds * 1000)} ms`;
}

function table(header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  print(line(header));
  print(widths.map((w) => "-".repeat(w)).join("  "));
  for (const r of rows) print(line(r));
}

await main();
