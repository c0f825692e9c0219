/**
 * Flow control of the realtime API, both ways. Memory stays bounded and nothing is silently dropped:
 * - a client that reads nothing while the model keeps talking is closed with 4009 `client_too_slow`
 *   once REALTIME_MAX_BUFFERED_BYTES of events wait for it; every event it was sent before that is
 *   intact and in order, and it is charged for what it streamed, once;
 * - a client that sends audio faster than the model takes it is read more slowly (the server stops
 *   reading its socket), and every sample still reaches the model.
 */
import "./support";
import { KYUTAI_ID, startRealtimeServer, type TestRealtimeServer } from "./realtime-support";
import { afterEach, describe, expect, it } from "vitest";
import type { CreateStreamOptions, StreamEvent, StreamingModel, StreamingSession } from "@/inference/upstream/kyutai";
import { createKyutaiModel } from "@/inference/upstream/kyutai";
import { getBalance } from "@/lib/credits";
import { db } from "@/lib/db";
import { costForBilledSeconds } from "@/lib/metering";
import { createApiUser, ledgerOf } from "@/tests/support/api-fixtures";
import { startMoshiStub, type MoshiStub } from "@/tests/support/moshi-stub";
import { connectRealtime, type RealtimeTestClient } from "@/tests/support/realtime-client";
import { toneBursts, type Burst } from "@/tests/support/tone-audio";

const cost = (seconds: number) => costForBilledSeconds(seconds, 3400);
const servers: TestRealtimeServer[] = [];
const stubs: MoshiStub[] = [];
const clients: RealtimeTestClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.ws.terminate();
  await Promise.all(servers.splice(0).map((s) => s.stop()));
  await Promise.all(stubs.splice(0).map((s) => s.stop()));
});

async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("a client that does not read", () => {
  it("is closed with 4009 once the events waiting for it pass the limit; what it was sent is complete and in order", async () => {
    // Words every 0.24 s with long names: the partials (each the whole open utterance) add up fast.
    const moshi = await startMoshiStub({ words: ["extraordinarily", "incomprehensibilities", "counterrevolutionaries", "uncharacteristically"] });
    stubs.push(moshi);
    const maxBufferedBytes = 64 * 1024;
    const server = await startRealtimeServer(3711, {
      settings: { maxBufferedBytes, maxPendingSeconds: 600 },
      models: (m) => (m.id === KYUTAI_ID ? createKyutaiModel({ url: moshi.url, apiKey: "public_token" }) : null),
    });
    servers.push(server);
    const user = await createApiUser({ creditMicroUsd: 1_000_000 });
    const client = connectRealtime(`${server.url}?model=${KYUTAI_ID}&endpointing_ms=5000`, { key: user.key });
    clients.push(client);
    const created = await client.next("session.created");
    const id = (created.session as { id: string }).id;

    client.ws.pause(); // reads nothing from now on
    const bursts: Burst[] = Array.from({ length: 2400 }, (_, i) => ({ start: 0.2 + i * 0.24, end: 0.32 + i * 0.24, hz: 500 }));
    const seconds = 0.2 + 2400 * 0.24 + 0.3;
    void client.sendAudio(toneBursts(bursts, seconds), 200);

    // The server gives up on the session (and frees it) instead of buffering without end.
    await until(async () => (await db.apiRequest.findUnique({ where: { id } }))?.errorCode === "client_too_slow", "the session to be closed as too slow", 60_000);
    expect(server.endpoint.sessions()).toBe(0);
    client.ws.resume();
    const closed = await client.closed;
    expect(closed).toEqual({ code: 4009, reason: "client_too_slow" });

    // Everything sent before the close arrived intact and in order: finals numbered 0, 1, 2, … and
    // each utterance's partials growing word by word.
    const transcripts = client.events.filter((e) => e.type === "transcript.partial" || e.type === "transcript.final");
    expect(transcripts.length).toBeGreaterThan(100);
    let utterance = 0;
    let words = 0;
    for (const event of transcripts) {
      expect(event.utterance_id).toBe(utterance);
      const count = (event.words as unknown[]).length;
      expect(count === words || count === words + 1).toBe(true);
      words = count;
      if (event.type === "transcript.final") {
        utterance += 1;
        words = 0;
      }
    }
    expect(client.of("session.closed")).toEqual([]);

    // Charged once, for the seconds that reached the model before the close; nothing left held.
    const row = await db.apiRequest.findUniqueOrThrow({ where: { id } });
    expect(row.billedSeconds).toBeGreaterThan(0);
    expect(row.billedSeconds).toBeLessThanOrEqual(Math.ceil(seconds));
    expect(await getBalance(user.userId)).toMatchObject({ availableMicroUsd: 1_000_000 - cost(row.billedSeconds), heldMicroUsd: 0 });
    const ledger = await ledgerOf(user.userId);
    expect(ledger.filter((e) => e.kind === "settle")).toHaveLength(ledger.filter((e) => e.kind === "hold").length);
  });
});

/** A model that takes audio only when the test lets it: its backlog is what `pendingSeconds` reports. */
class SlowModel implements StreamingModel {
  readonly latencyMs = 0;
  backlog = 0;
  taken = 0;
  maxBacklog = 0;
  private listeners = new Set<(e: StreamEvent) => void>();

  createStream(_options?: CreateStreamOptions): StreamingSession {
    const model = this;
    return {
      ready: Promise.resolve(),
      onEvent(listener) {
        model.listeners.add(listener);
        return () => model.listeners.delete(listener);
      },
      push(samples) {
        model.backlog += samples.length;
        model.maxBacklog = Math.max(model.maxBacklog, model.backlog);
      },
      pendingSeconds: () => model.backlog / 16_000,
      pushedSeconds: () => (model.backlog + model.taken) / 16_000,
      async flush() {
        while (model.backlog > 0) await new Promise((resolve) => setTimeout(resolve, 5));
      },
      close() {
        return this.flush();
      },
      abort() {},
    };
  }

  /** Takes up to `seconds` of the backlog. */
  consume(seconds: number): void {
    const n = Math.min(this.backlog, Math.round(seconds * 16_000));
    this.backlog -= n;
    this.taken += n;
  }
}

describe("a client that sends faster than the model takes", () => {
  it("is read more slowly: the backlog stays bounded and every sample reaches the model", async () => {
    const slow = new SlowModel();
    const server = await startRealtimeServer(3712, { settings: { maxPendingSeconds: 2 }, models: (m) => (m.id === KYUTAI_ID ? slow : null) });
    servers.push(server);
    const user = await createApiUser({ creditMicroUsd: 1_000_000 });
    const client = connectRealtime(`${server.url}?model=${KYUTAI_ID}`, { key: user.key });
    clients.push(client);
    await client.next("session.created");

    const seconds = 30;
    const sending = client.sendAudio(toneBursts([], seconds), 100);
    // Nothing is taken until the server has stopped reading: the backlog settles at the limit plus
    // what was already read from the socket, far below the 30 s sent.
    await until(() => slow.backlog >= 2 * 16_000, "the backlog to reach the limit");
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(slow.maxBacklog / 16_000).toBeLessThan(8);
    const stuck = slow.backlog;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(slow.backlog).toBe(stuck); // no longer reading

    const draining = setInterval(() => slow.consume(0.5), 10);
    await sending;
    client.sendJson({ type: "session.close" });
    const closed = await client.next("session.closed");
    clearInterval(draining);
    expect(slow.taken).toBe(seconds * 16_000);
    expect(closed.usage).toMatchObject({ seconds, billed_seconds: seconds });
    expect(slow.maxBacklog / 16_000).toBeLessThan(8);
  });
});
