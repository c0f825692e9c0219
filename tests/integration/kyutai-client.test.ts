/**
 * gigarouter's Kyutai client (inference/upstream/kyutai) against the protocol-faithful moshi-server
 * stand-in (tests/support/moshi-stub): words and times through the 2.5 s delay, endpointing, marker
 * flushes, typed failures, and a connection lost mid-stream.
 */
import { afterEach, describe, expect, it } from "vitest";
import { createKyutaiModel, type KyutaiSettings, type StreamEvent, type StreamingSession, type Utterance } from "@/inference/upstream/kyutai";
import { startMoshiStub, type MoshiStub, type MoshiStubOptions } from "../support/moshi-stub";
import { toneBursts, unevenPieces, type Burst } from "../support/tone-audio";

const DELAY_SECONDS = 32 * 0.08; // the stub's default delay, as the 2.6B config's asr_delay_in_tokens
/** Word times come back on an 80 ms step grid, offset by the half step the 1 s lead-in adds. */
const STEP_TOLERANCE = 0.081;

const stubs: MoshiStub[] = [];
const streams: StreamingSession[] = [];
afterEach(async () => {
  for (const s of streams.splice(0)) s.abort();
  await Promise.all(stubs.splice(0).map((s) => s.stop()));
});

async function stub(options: MoshiStubOptions = {}): Promise<MoshiStub> {
  const started = await startMoshiStub({ label: "pitch", ...options });
  stubs.push(started);
  return started;
}

interface Recorded {
  events: StreamEvent[];
  /** Audio pushed when each event arrived, in seconds. */
  pushedAt: number[];
  finals(): Utterance[];
}

function open(settings: Pick<KyutaiSettings, "url"> & Partial<KyutaiSettings>, endpointingMs = 800): { stream: StreamingSession; seen: Recorded } {
  const stream = createKyutaiModel({ apiKey: "public_token", ...settings }).createStream({ endpointingMs });
  streams.push(stream);
  const seen: Recorded = {
    events: [],
    pushedAt: [],
    finals: () => seen.events.flatMap((e) => (e.type === "final" ? [e.utterance] : [])),
  };
  stream.onEvent((event) => {
    seen.events.push(event);
    seen.pushedAt.push(stream.pushedSeconds());
  });
  return { stream, seen };
}

/** Pushes audio in uneven pieces, letting the sockets breathe between pieces (no pacing in real time). */
async function feed(stream: StreamingSession, samples: Float32Array): Promise<void> {
  for (const piece of unevenPieces(samples)) {
    stream.push(piece);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

async function until(condition: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const THREE_WORDS: Burst[] = [
  { start: 0.5, end: 0.9, hz: 300 },
  { start: 1.3, end: 1.7, hz: 500 },
  { start: 2.2, end: 2.8, hz: 700 },
];

describe("Kyutai client against the moshi-server stand-in", () => {
  it("turns the audio into words with times on the stream's clock, each written only after the 2.5 s delay", async () => {
    const moshi = await stub();
    const { stream, seen } = open({ url: moshi.url });
    await stream.ready;
    await feed(stream, toneBursts(THREE_WORDS, 3.2));
    await stream.close();

    const [utterance, ...rest] = seen.finals();
    expect(rest).toEqual([]);
    expect(utterance!.text).toBe("tone300 tone500 tone700");
    utterance!.words.forEach((word, i) => {
      const burst = THREE_WORDS[i]!;
      expect(Math.abs(word.start - burst.start)).toBeLessThanOrEqual(STEP_TOLERANCE);
      expect(Math.abs(word.end - burst.end)).toBeLessThanOrEqual(STEP_TOLERANCE);
    });

    // Partials grew word by word before the final, and none came before the model's delay had passed.
    const partialTexts = seen.events.flatMap((e) => (e.type === "partial" ? [e.utterance.text] : []));
    expect(partialTexts).toContain("tone300");
    expect(partialTexts).toContain("tone300 tone500");
    seen.events.forEach((event, i) => {
      if (event.type !== "partial") return;
      const last = event.utterance.words.at(-1)!;
      const burstEnd = THREE_WORDS.find((b) => `tone${b.hz}` === last.text)!.end;
      // The last word's text needs the model to have heard DELAY more seconds after the word ended
      // (or the flush's silence, for the last one: pushed audio ends at 3.2 s).
      expect(seen.pushedAt[i]).toBeGreaterThanOrEqual(Math.min(burstEnd + DELAY_SECONDS - STEP_TOLERANCE, 3.2));
    });
    expect(moshi.stats().nonFloatAudio).toBe(0);
  });

  it("closes an utterance after the endpointing silence, without waiting for the end of the stream", async () => {
    const moshi = await stub();
    const { stream, seen } = open({ url: moshi.url }, 700);
    await stream.ready;
    const bursts: Burst[] = [
      { start: 0.3, end: 0.7, hz: 300 },
      { start: 0.9, end: 1.3, hz: 500 },
      { start: 3.5, end: 3.9, hz: 900 },
    ];
    await feed(stream, toneBursts(bursts, 8));
    await until(() => seen.finals().length === 2, "two endpointed utterances");
    expect(seen.events.filter((e) => e.type === "final").map((e) => e.type === "final" && e.reason)).toEqual(["endpoint", "endpoint"]);
    expect(seen.finals().map((u) => u.text)).toEqual(["tone300 tone500", "tone900"]);
    expect(seen.finals().map((u) => u.index)).toEqual([0, 1]);
    await stream.close();
    expect(seen.finals()).toHaveLength(2);
  });

  it("flushes with a marker: the last word, spoken right before the end, is final once flush() resolves", async () => {
    const moshi = await stub();
    const { stream, seen } = open({ url: moshi.url });
    await stream.ready;
    await feed(stream, toneBursts([{ start: 0.2, end: 0.6, hz: 300 }, { start: 1.0, end: 1.36, hz: 500 }], 1.44));
    expect(seen.finals()).toEqual([]);
    await stream.flush();
    expect(seen.finals().map((u) => u.text)).toEqual(["tone300 tone500"]);
    expect(seen.events.at(-1)).toMatchObject({ type: "final", reason: "flush" });
    expect(moshi.stats().markers).toBeGreaterThan(0);

    // The stream goes on after a flush, on the same clock: the inserted silence is not counted.
    await feed(stream, toneBursts([{ start: 0.4, end: 0.8, hz: 700 }], 1.0));
    await stream.close();
    const [, second] = seen.finals();
    expect(second!.text).toBe("tone700");
    expect(Math.abs(second!.words[0]!.start - (1.44 + 0.4))).toBeLessThanOrEqual(STEP_TOLERANCE);
  });

  it("fails with upstream_unauthorized when moshi-server refuses the key", async () => {
    const moshi = await stub({ apiKeys: ["the-right-key"] });
    const { stream, seen } = open({ url: moshi.url, apiKey: "a-wrong-key" });
    await expect(stream.ready).rejects.toMatchObject({ code: "upstream_unauthorized", name: "KyutaiUpstreamError" });
    expect(seen.events).toEqual([expect.objectContaining({ type: "error" })]);
    expect(moshi.stats()).toMatchObject({ unauthorized: 1, accepted: 0 });
  });

  it("fails with upstream_unavailable when nothing listens at KYUTAI_URL", async () => {
    const moshi = await stub();
    const url = moshi.url;
    await moshi.stop();
    stubs.length = 0;
    const { stream } = open({ url });
    await expect(stream.ready).rejects.toMatchObject({ code: "upstream_unavailable" });
    await expect(stream.ready).rejects.toThrow(/cannot reach moshi-server/);
  });

  it("fails with upstream_busy when every slot of the server's batch is taken", async () => {
    const moshi = await stub({ maxChannels: 1 });
    const first = open({ url: moshi.url });
    await first.stream.ready;
    const second = open({ url: moshi.url });
    await expect(second.stream.ready).rejects.toMatchObject({ code: "upstream_busy" });
    expect(moshi.stats().busy).toBe(1);
  });

  it("survives a lost connection: reconnects, replays what was not yet transcribed, loses and repeats no word", async () => {
    const moshi = await stub();
    const { stream, seen } = open({ url: moshi.url }, 5_000);
    await stream.ready;
    const bursts: Burst[] = [300, 400, 500, 600, 700, 800, 900, 1000].map((hz, i) => ({ start: 0.3 + i * 0.7, end: 0.7 + i * 0.7, hz }));
    const audio = toneBursts(bursts, 6.2);
    const cut = Math.round(3.4 * 16_000);
    await feed(stream, audio.subarray(0, cut));
    await until(() => seen.events.some((e) => e.type === "partial"), "the first words");
    moshi.dropAll();
    await feed(stream, audio.subarray(cut));
    await stream.close();

    expect(moshi.stats().accepted).toBe(2);
    const [utterance, ...rest] = seen.finals();
    expect(rest).toEqual([]);
    expect(utterance!.words.map((w) => w.text)).toEqual(bursts.map((b) => `tone${b.hz}`));
    utterance!.words.forEach((word, i) => expect(Math.abs(word.start - bursts[i]!.start)).toBeLessThanOrEqual(STEP_TOLERANCE));
  });

  it("gives up with upstream_timeout when the server goes quiet while it owes text", async () => {
    const moshi = await stub();
    const { stream, seen } = open({ url: moshi.url, stallTimeoutMs: 1_000, reconnectAttempts: 0 });
    await stream.ready;
    moshi.stall(true);
    await feed(stream, toneBursts([{ start: 0.5, end: 1, hz: 300 }], 6));
    await until(() => seen.events.some((e) => e.type === "error"), "the stall to be noticed");
    expect(seen.events.at(-1)).toMatchObject({ type: "error", error: { code: "upstream_timeout" } });
    await expect(stream.flush()).rejects.toMatchObject({ code: "stream_closed" });
  });
});
