/**
 * The realtime API end to end: a real `ws` client against the realtime endpoint, Kyutai served by the
 * moshi-server stand-in, the ledger in the test database. Auth (key, browser token), partial then final
 * events, per-second metering, idle timeout, capacity, a model failing mid-session, shutdown.
 * (Slow clients and flow control: realtime-flow.test.ts.)
 */
import "./support";
import { MOSHI_STUB_PORT, KYUTAI_ID, startRealtimeServer, type TestRealtimeServer } from "./realtime-support";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createKyutaiModel } from "@/inference/upstream/kyutai";
import { auditBalance, getBalance } from "@/lib/credits";
import { db } from "@/lib/db";
import { costForBilledSeconds } from "@/lib/metering";
import { mintRealtimeToken } from "@/lib/realtime";
import { mintToken } from "@/lib/realtime/tokens";
import { POST as mintWithKey } from "@/app/v1/realtime/tokens/route";
import { createApiUser, ledgerOf } from "@/tests/support/api-fixtures";
import { startMoshiStub, type MoshiStub } from "@/tests/support/moshi-stub";
import { connectRealtime, type RealtimeTestClient } from "@/tests/support/realtime-client";
import { toneBursts, type Burst } from "@/tests/support/tone-audio";

const PER_MINUTE = 3400; // Kyutai's listed price, micro-dollars per minute
const cost = (seconds: number) => costForBilledSeconds(seconds, PER_MINUTE);

let moshi: MoshiStub;
let server: TestRealtimeServer;
const extra: TestRealtimeServer[] = [];
const clients: RealtimeTestClient[] = [];

beforeAll(async () => {
  moshi = await startMoshiStub({ port: MOSHI_STUB_PORT, label: "pitch" });
  server = await startRealtimeServer(3702, { settings: { holdSeconds: 60 } });
});
afterEach(async () => {
  for (const c of clients.splice(0)) c.ws.terminate();
  await Promise.all(extra.splice(0).map((s) => s.stop()));
});
afterAll(async () => {
  await server?.stop();
  await moshi?.stop();
});

function connect(url: string, options: { key?: string } = {}): RealtimeTestClient {
  const client = connectRealtime(url, options);
  clients.push(client);
  return client;
}

const kyutaiUrl = (base = server.url, query = "") => `${base}?model=${encodeURIComponent(KYUTAI_ID)}${query}`;

const SPEECH: Burst[] = [
  { start: 0.4, end: 0.8, hz: 300 },
  { start: 1.0, end: 1.4, hz: 500 },
  { start: 5.0, end: 5.4, hz: 700 },
];
/** Text lags 2.5 s: the first two words' endpoint is known once audio up to ~5 s is in. */
const SPEECH_SECONDS = 6;

async function openHolds(userId: string): Promise<number> {
  const ledger = await ledgerOf(userId);
  const closed = new Set(ledger.flatMap((e) => (e.closesHoldId ? [e.closesHoldId] : [])));
  return ledger.filter((e) => e.kind === "hold" && !closed.has(e.id)).length;
}

describe("a session with an API key", () => {
  it("streams partial then final results with word times, and charges the seconds streamed exactly once", async () => {
    const user = await createApiUser({ creditMicroUsd: 100_000 });
    const client = connect(kyutaiUrl(), { key: user.key });
    const created = await client.next("session.created");
    expect(created.session).toMatchObject({ model: KYUTAI_ID, encoding: "pcm16", sample_rate: 16000, latency_ms: 2500, interim_results: true });

    await client.sendAudio(toneBursts(SPEECH, SPEECH_SECONDS));
    // The first two words end an utterance (1.6 s of silence after them); the third is still open.
    const firstFinal = await client.next("transcript.final");
    expect(firstFinal).toMatchObject({ utterance_id: 0, text: "tone300 tone500", reason: "endpoint" });
    const words = firstFinal.words as { word: string; start: number; end: number }[];
    expect(words.map((w) => w.word)).toEqual(["tone300", "tone500"]);
    expect(Math.abs(words[0]!.start - 0.4)).toBeLessThanOrEqual(0.081);
    expect(Math.abs(words[1]!.end - 1.4)).toBeLessThanOrEqual(0.081);
    // Partials came first and grew.
    const partials = client.of("transcript.partial").filter((e) => e.utterance_id === 0).map((e) => e.text);
    expect(partials[0]).toBe("tone300");
    expect(partials).toContain("tone300 tone500");
    expect(client.events.indexOf(client.of("transcript.partial")[0]!)).toBeLessThan(client.events.indexOf(firstFinal));

    client.sendJson({ type: "session.close" });
    const closed = await client.next("session.closed");
    expect(await client.closed).toEqual({ code: 1000, reason: "client_closed" });

    const finals = client.of("transcript.final");
    expect(finals.map((f) => [f.utterance_id, f.text, f.reason])).toEqual([
      [0, "tone300 tone500", "endpoint"],
      [1, "tone700", "close"],
    ]);
    expect(client.events.at(-1)).toBe(closed);
    // 6 s streamed at $0.0034/min = 340 micro-dollars.
    expect(closed).toMatchObject({ reason: "client_closed", usage: { type: "duration", seconds: 6, billed_seconds: 6 }, cost: cost(6) / 1e6 });
    expect(await getBalance(user.userId)).toEqual({ availableMicroUsd: 100_000 - cost(6), heldMicroUsd: 0, totalMicroUsd: 100_000 - cost(6) });
    const ledger = await ledgerOf(user.userId);
    expect(ledger.map((e) => e.kind)).toEqual(["grant", "hold", "settle"]);
    expect(ledger[1]!.amountMicroUsd).toBe(-cost(60));
    expect((await auditBalance(user.userId)).consistent).toBe(true);
    const key = await db.apiKey.findUniqueOrThrow({ where: { id: user.keyId } });
    expect(key).toMatchObject({ spentMicroUsd: BigInt(cost(6)), heldMicroUsd: 0n });
    const logged = await db.apiRequest.findUniqueOrThrow({ where: { id: (created.session as { id: string }).id } });
    expect(logged).toMatchObject({ status: 200, responseFormat: "realtime", stream: true, billedSeconds: 6, costMicroUsd: BigInt(cost(6)), apiKeyId: user.keyId });
  });

  it("takes base64 audio events too, finalises on commit, and leaves out partials when asked", async () => {
    const user = await createApiUser({ creditMicroUsd: 100_000 });
    const client = connect(kyutaiUrl(server.url, "&interim_results=false"), { key: user.key });
    await client.next("session.created");
    const audio = toneBursts([{ start: 0.3, end: 0.7, hz: 900 }], 0.8);
    const { toPcm16 } = await import("@/tests/support/tone-audio");
    client.sendJson({ type: "input_audio_buffer.append", audio: toPcm16(audio).toString("base64") });
    client.sendJson({ type: "input_audio_buffer.commit" });
    const committed = await client.next("input_audio_buffer.committed");
    expect(committed.audio_seconds).toBe(0.8);
    expect(client.of("transcript.final").map((f) => [f.text, f.reason])).toEqual([["tone900", "commit"]]);
    expect(client.of("transcript.partial")).toEqual([]);
    client.sendJson({ type: "no.such.event" });
    const error = await client.next("error");
    expect(error.error).toMatchObject({ code: "invalid_event", type: "invalid_request_error" });
    client.sendJson({ type: "session.close" });
    expect((await client.closed).code).toBe(1000);
  });

  it("refuses a missing, wrong or revoked key with 4001, before anything is charged", async () => {
    const none = connect(kyutaiUrl());
    expect((await none.next("error")).error).toMatchObject({ code: "missing_api_key", type: "authentication_error" });
    expect(await none.closed).toMatchObject({ code: 4001 });

    const wrong = connect(kyutaiUrl(), { key: "gr_live_not-a-real-key-at-all-000000000000000" });
    expect((await wrong.next("error")).error).toMatchObject({ code: "invalid_api_key" });
    expect((await wrong.closed).code).toBe(4001);
  });

  it("refuses unknown, non-streaming and badly parametrised sessions with clear codes", async () => {
    const user = await createApiUser({ creditMicroUsd: 100_000 });
    const unknown = connect(`${server.url}?model=nobody/nothing`, { key: user.key });
    expect((await unknown.next("error")).error).toMatchObject({ code: "model_not_found", param: "model" });
    expect((await unknown.closed).code).toBe(4004);

    const batch = connect(`${server.url}?model=moonshine-micro`, { key: user.key });
    expect((await batch.next("error")).error).toMatchObject({ code: "model_not_streaming" });
    expect((await batch.closed).code).toBe(4004);

    const rate = connect(kyutaiUrl(server.url, "&sample_rate=8000"), { key: user.key });
    expect((await rate.next("error")).error).toMatchObject({ code: "invalid_parameter", param: "sample_rate" });
    expect((await rate.closed).code).toBe(4000);
    expect(await ledgerOf(user.userId)).toHaveLength(1); // the grant only

    const plain = await fetch(server.url.replace("ws:", "http:"));
    expect(plain.status).toBe(426);
    expect(((await plain.json()) as { error: { code: string } }).error.code).toBe("upgrade_required");
  });

  it("refuses a session the balance cannot hold, with 4002 and nothing left held", async () => {
    const user = await createApiUser({ creditMicroUsd: cost(60) - 1 });
    const client = connect(kyutaiUrl(), { key: user.key });
    expect((await client.next("error")).error).toMatchObject({ code: "insufficient_credit", type: "insufficient_quota" });
    expect((await client.closed).code).toBe(4002);
    expect(await getBalance(user.userId)).toMatchObject({ availableMicroUsd: cost(60) - 1, heldMicroUsd: 0 });
    expect(moshi.stats().open).toBe(0);
  });
});

describe("browser tokens", () => {
  it("opens one session with a token a key minted, billed to that key; the token works once", async () => {
    const user = await createApiUser({ creditMicroUsd: 100_000 });
    const response = await mintWithKey(
      new Request("http://localhost/v1/realtime/tokens", {
        method: "POST",
        headers: { authorization: `Bearer ${user.key}`, "content-type": "application/json" },
        body: JSON.stringify({ model: "stt-2.6b-en" }),
      }),
    );
    expect(response.status).toBe(201);
    const minted = (await response.json()) as { token: string; expires_at: number; model: string; url: string };
    expect(minted.model).toBe(KYUTAI_ID);
    expect(minted.expires_at - Date.now() / 1000).toBeGreaterThan(50);
    expect(minted.expires_at - Date.now() / 1000).toBeLessThanOrEqual(60);
    expect(new URL(minted.url).searchParams.get("token")).toBe(minted.token);

    const client = connect(kyutaiUrl(server.url, `&token=${encodeURIComponent(minted.token)}`));
    const created = await client.next("session.created");
    await client.sendAudio(toneBursts(SPEECH, 2));
    client.sendJson({ type: "session.close" });
    expect((await client.next("session.closed")).usage).toMatchObject({ seconds: 2, billed_seconds: 2 });
    const row = await db.apiRequest.findUniqueOrThrow({ where: { id: (created.session as { id: string }).id } });
    expect(row).toMatchObject({ apiKeyId: user.keyId, costMicroUsd: BigInt(cost(2)) });

    const again = connect(kyutaiUrl(server.url, `&token=${encodeURIComponent(minted.token)}`));
    expect((await again.next("error")).error).toMatchObject({ code: "token_used" });
    expect((await again.closed).code).toBe(4001);
  });

  it("bills the signed-in person for a token the site minted, shown as Playground", async () => {
    const user = await createApiUser({ creditMicroUsd: 100_000 });
    const { token } = mintRealtimeToken({ userId: user.userId, apiKeyId: null }, KYUTAI_ID);
    const client = connect(kyutaiUrl(server.url, `&token=${encodeURIComponent(token)}`));
    const created = await client.next("session.created");
    await client.sendAudio(toneBursts(SPEECH, 1));
    client.sendJson({ type: "session.close" });
    await client.closed;
    const row = await db.apiRequest.findUniqueOrThrow({ where: { id: (created.session as { id: string }).id } });
    expect(row).toMatchObject({ userId: user.userId, apiKeyId: null, apiKeyName: "Playground", billedSeconds: 1 });
  });

  it("refuses expired, forged, other-model and revoked-key tokens", async () => {
    const user = await createApiUser({ creditMicroUsd: 100_000 });
    const refused = async (token: string, model = KYUTAI_ID) => {
      const client = connect(`${server.url}?model=${encodeURIComponent(model)}&token=${encodeURIComponent(token)}`);
      const error = (await client.next("error")).error as { code: string };
      expect((await client.closed).code).toBe(4001);
      return error.code;
    };
    const expired = mintToken({ userId: user.userId, apiKeyId: null, modelId: KYUTAI_ID }, new Date(Date.now() - 61_000)).token;
    expect(await refused(expired)).toBe("token_expired");

    const genuine = mintToken({ userId: user.userId, apiKeyId: null, modelId: KYUTAI_ID }).token;
    const [body, signature] = genuine.slice(4).split(".");
    const claims = JSON.parse(Buffer.from(body!, "base64url").toString()) as Record<string, unknown>;
    const forged = `grt_${Buffer.from(JSON.stringify({ ...claims, sub: "someone-else" })).toString("base64url")}.${signature}`;
    expect(await refused(forged)).toBe("invalid_token");
    expect(await refused("grt_garbage")).toBe("invalid_token");

    const forOther = mintToken({ userId: user.userId, apiKeyId: null, modelId: "nvidia/nemotron-asr-multilingual" }).token;
    expect(await refused(forOther)).toBe("token_model_mismatch");

    const keyToken = mintToken({ userId: user.userId, apiKeyId: user.keyId, modelId: KYUTAI_ID }).token;
    await db.apiKey.update({ where: { id: user.keyId }, data: { revokedAt: new Date() } });
    expect(await refused(keyToken)).toBe("api_key_revoked");
    expect(await ledgerOf(user.userId)).toHaveLength(1);
  });
});

describe("metering a long stream", () => {
  it("holds block after block as the audio goes on and charges the exact total once, over every hold", async () => {
    const blocks = await startRealtimeServer(3703, { settings: { holdSeconds: 10 } });
    extra.push(blocks);
    const user = await createApiUser({ creditMicroUsd: 100_000 });
    const client = connect(kyutaiUrl(blocks.url), { key: user.key });
    await client.next("session.created");
    const bursts: Burst[] = Array.from({ length: 12 }, (_, i) => ({ start: 0.5 + i * 2, end: 0.9 + i * 2, hz: 300 + (i % 4) * 200 }));
    await client.sendAudio(toneBursts(bursts, 24.5));
    client.sendJson({ type: "session.close" });
    const closed = await client.next("session.closed");
    expect(closed.usage).toMatchObject({ seconds: 24.5, billed_seconds: 25 });
    expect(closed.cost).toBe(cost(25) / 1e6);

    const ledger = await ledgerOf(user.userId);
    const holds = ledger.filter((e) => e.kind === "hold");
    expect(holds.map((h) => h.amountMicroUsd)).toEqual([-cost(10), -(cost(20) - cost(10)), -(cost(30) - cost(20))]);
    const settles = ledger.filter((e) => e.kind === "settle");
    expect(settles).toHaveLength(3);
    expect(new Set(settles.map((s) => s.closesHoldId))).toEqual(new Set(holds.map((h) => h.id)));
    expect(await getBalance(user.userId)).toEqual({ availableMicroUsd: 100_000 - cost(25), heldMicroUsd: 0, totalMicroUsd: 100_000 - cost(25) });
    expect(client.of("transcript.final").flatMap((f) => (f.words as unknown[]).length)).toHaveLength(12);
  });

  it("ends the session at the last second the credit covers: finals, 402 error, never a negative balance", async () => {
    const blocks = await startRealtimeServer(3704, { settings: { holdSeconds: 10 } });
    extra.push(blocks);
    const credit = cost(10) + 100; // one block, not two
    const user = await createApiUser({ creditMicroUsd: credit });
    const client = connect(kyutaiUrl(blocks.url), { key: user.key });
    await client.next("session.created");
    const bursts: Burst[] = Array.from({ length: 8 }, (_, i) => ({ start: 0.5 + i * 2, end: 0.9 + i * 2, hz: 300 + (i % 4) * 200 }));
    await client.sendAudio(toneBursts(bursts, 16));
    const error = await client.next("error");
    expect(error.error).toMatchObject({ code: "insufficient_credit" });
    const closed = await client.next("session.closed");
    expect(closed).toMatchObject({ reason: "insufficient_credit", usage: { seconds: 10, billed_seconds: 10 } });
    expect((await client.closed).code).toBe(4002);
    // Words of the covered 10 s came back, nothing after it.
    const words = client.of("transcript.final").flatMap((f) => f.words as { start: number }[]);
    expect(words).toHaveLength(5);
    expect(words.every((w) => w.start < 10)).toBe(true);
    expect(await getBalance(user.userId)).toEqual({ availableMicroUsd: credit - cost(10), heldMicroUsd: 0, totalMicroUsd: credit - cost(10) });
  });

  it("on session.close, still takes the audio that waited for credit; what the credit cannot cover is reported, not dropped silently", async () => {
    const blocks = await startRealtimeServer(3710, { settings: { holdSeconds: 10 } });
    extra.push(blocks);
    const credit = cost(10) + 100; // one block, not two
    const user = await createApiUser({ creditMicroUsd: credit });
    const client = connect(kyutaiUrl(blocks.url), { key: user.key });
    await client.next("session.created");
    await client.sendAudio(toneBursts([{ start: 1, end: 1.4, hz: 300 }], 14));
    client.sendJson({ type: "session.close" }); // at once: the last 4 s are still waiting for a hold
    expect((await client.next("error")).error).toMatchObject({ code: "insufficient_credit" });
    expect(await client.next("session.closed")).toMatchObject({ reason: "insufficient_credit", usage: { seconds: 10, billed_seconds: 10 } });
    expect((await client.closed).code).toBe(4002);
    expect(await getBalance(user.userId)).toEqual({ availableMicroUsd: credit - cost(10), heldMicroUsd: 0, totalMicroUsd: credit - cost(10) });
  });

  it("charges a client that disconnects without closing for what it streamed, and holds nothing after", async () => {
    const user = await createApiUser({ creditMicroUsd: 100_000 });
    const client = connect(kyutaiUrl(), { key: user.key });
    const created = await client.next("session.created");
    await client.sendAudio(toneBursts(SPEECH, 4));
    await client.next("transcript.partial"); // the words come 2.5 s after the audio
    client.ws.terminate();
    const id = (created.session as { id: string }).id;
    await until(async () => (await db.apiRequest.findUnique({ where: { id } }))?.status === 200, "the session to be settled");
    expect(await db.apiRequest.findUniqueOrThrow({ where: { id } })).toMatchObject({ errorCode: "client_disconnected", billedSeconds: 4 });
    expect(await getBalance(user.userId)).toMatchObject({ availableMicroUsd: 100_000 - cost(4), heldMicroUsd: 0 });
    expect(await openHolds(user.userId)).toBe(0);
  });

  it("releases every hold when the model fails mid-session: an error event, 1013, nothing charged", async () => {
    const failing = await startMoshiStub({ label: "pitch" });
    const broken = await startRealtimeServer(3705, {
      models: (model) => (model.id === KYUTAI_ID ? createKyutaiModel({ url: failing.url, apiKey: "public_token", reconnectAttempts: 0 }) : null),
    });
    extra.push(broken);
    const user = await createApiUser({ creditMicroUsd: 100_000 });
    const client = connect(kyutaiUrl(broken.url), { key: user.key });
    await client.next("session.created");
    await client.sendAudio(toneBursts(SPEECH, 4));
    await client.next("transcript.partial");
    await failing.stop();
    const error = await client.next("error");
    expect(error.error).toMatchObject({ code: "model_unavailable", type: "service_unavailable" });
    expect((await client.closed).code).toBe(1013);
    await until(async () => (await getBalance(user.userId)).heldMicroUsd === 0, "the hold to be released");
    expect(await getBalance(user.userId)).toEqual({ availableMicroUsd: 100_000, heldMicroUsd: 0, totalMicroUsd: 100_000 });
    expect((await ledgerOf(user.userId)).map((e) => e.kind)).toEqual(["grant", "hold", "release"]);
  });
});

describe("limits", () => {
  it("closes an idle session with its final results and 4008", async () => {
    const idle = await startRealtimeServer(3706, { settings: { idleSeconds: 1 } });
    extra.push(idle);
    const user = await createApiUser({ creditMicroUsd: 100_000 });
    const client = connect(kyutaiUrl(idle.url), { key: user.key });
    await client.next("session.created");
    await client.sendAudio(toneBursts([{ start: 0.2, end: 0.6, hz: 500 }], 0.7));
    const closed = await client.next("session.closed");
    expect(closed).toMatchObject({ reason: "idle_timeout", usage: { seconds: 0.7, billed_seconds: 1 } });
    expect(client.of("transcript.final").map((f) => f.text)).toEqual(["tone500"]);
    expect((await client.closed).code).toBe(4008);
  });

  it("answers capacity_exceeded (1013) when every stream of the model is busy, and takes sessions again once one ends", async () => {
    const small = await startRealtimeServer(3707, { maxStreamsPerModel: 1 });
    extra.push(small);
    const user = await createApiUser({ creditMicroUsd: 100_000 });
    const first = connect(kyutaiUrl(small.url), { key: user.key });
    await first.next("session.created");
    const second = connect(kyutaiUrl(small.url), { key: user.key });
    expect((await second.next("error")).error).toMatchObject({ code: "capacity_exceeded", type: "service_unavailable" });
    expect((await second.closed).code).toBe(1013);
    first.sendJson({ type: "session.close" });
    await first.closed;
    const third = connect(kyutaiUrl(small.url), { key: user.key });
    await third.next("session.created");
    expect(await ledgerOf(user.userId).then((l) => l.filter((e) => e.kind === "hold").length)).toBe(2);
  });

  it("answers capacity_exceeded too when moshi-server itself has no free channel, releasing the hold", async () => {
    const full = await startMoshiStub({ maxChannels: 1 });
    const busy = await startRealtimeServer(3708, { models: (m) => (m.id === KYUTAI_ID ? createKyutaiModel({ url: full.url, apiKey: "public_token" }) : null) });
    extra.push(busy);
    try {
      const user = await createApiUser({ creditMicroUsd: 100_000 });
      const first = connect(kyutaiUrl(busy.url), { key: user.key });
      await first.next("session.created");
      const second = connect(kyutaiUrl(busy.url), { key: user.key });
      expect((await second.next("error")).error).toMatchObject({ code: "capacity_exceeded" });
      expect((await second.closed).code).toBe(1013);
      expect(await getBalance(user.userId)).toMatchObject({ heldMicroUsd: cost(60) }); // the first session's only
    } finally {
      await full.stop();
    }
  });

  it("on shutdown, ends open sessions cleanly: finals, session.closed, 1001", async () => {
    const closing = await startRealtimeServer(3709);
    const user = await createApiUser({ creditMicroUsd: 100_000 });
    const client = connect(kyutaiUrl(closing.url), { key: user.key });
    await client.next("session.created");
    await client.sendAudio(toneBursts([{ start: 0.2, end: 0.6, hz: 300 }], 3.5));
    await client.next("transcript.partial"); // all the audio is in (the word needs 2.5 s more of it)
    await closing.stop();
    expect((await client.closed).code).toBe(1001);
    // 2.9 s of silence follow the word in the audio: its utterance ends by endpointing during the final flush.
    expect(client.of("transcript.final").map((f) => [f.text, f.reason])).toEqual([["tone300", "endpoint"]]);
    expect(client.of("session.closed")[0]).toMatchObject({ reason: "server_shutdown", usage: { seconds: 3.5, billed_seconds: 4 } });
  });
});

async function until(check: () => Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
