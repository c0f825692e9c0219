/**
 * Playground runs through the job queue, against the built site: a signed-in person's run is a
 * session-owned job (no API key) that waits its turn, shows its queue position live, runs, and ends
 * with the transcript and its real price ("Playground" in the activity log); a translation carries its
 * task and languages to the engine; a guest's sample run is free and unlogged; cancelling while queued
 * releases the hold. One worker (QUEUE_CONCURRENCY=1) and a test-only pause before the engine runs
 * (QUEUE_TEST_RUN_DELAY_MS) keep a job running long enough for others to queue behind it.
 */
import "./support";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getBalance } from "@/lib/credits";
import { db } from "@/lib/db";
import { findJob, GUEST_USER_ID } from "@/lib/jobs";
import type { RunEvent, SubmittedRun } from "@/lib/playground/wire";
import { createApiUser, ledgerOf, spokenWord, type ApiUser } from "@/tests/support/api-fixtures";
import { CANARY_ID, MOONSHINE_ID, startApiServer, type ApiServer } from "@/tests/support/api-server";
import { jobInState } from "./queue-support";

let server: ApiServer;
const CREDIT = 1_000_000;

beforeAll(async () => {
  server = await startApiServer({
    port: 3966,
    env: {
      QUEUE_NAME: `playground-${randomBytes(4).toString("hex")}`,
      QUEUE_CONCURRENCY: "1",
      QUEUE_TEST_RUN_DELAY_MS: "3000",
      // Sessions need a secret in production mode.
      AUTH_SECRET: "playground-test-secret-0123456789abcdef0123456789",
    },
  });
});

afterAll(async () => {
  await server?.stop();
});

interface Person extends ApiUser {
  cookie: string;
}

/** A person with credit and a database session, as Auth.js keeps them (standing in for a sign-in). */
async function signedIn(): Promise<Person> {
  const user = await createApiUser({ creditMicroUsd: CREDIT });
  const sessionToken = randomBytes(24).toString("hex");
  await db.session.create({ data: { sessionToken, userId: user.userId, expires: new Date(Date.now() + 3_600_000) } });
  return { ...user, cookie: `authjs.session-token=${sessionToken}` };
}

interface RunRequest {
  cookie?: string;
  task?: "transcribe" | "translate";
  fields: Record<string, string>;
  audio: Buffer;
  fileName?: string;
}

async function submit(run: RunRequest): Promise<Response> {
  const form = new FormData();
  for (const [name, value] of Object.entries(run.fields)) form.append(name, value);
  form.append("file", new Blob([new Uint8Array(run.audio)], { type: "audio/wav" }), run.fileName ?? "seven.wav");
  return fetch(`${server.origin}/api/playground/jobs?task=${run.task ?? "transcribe"}`, {
    method: "POST",
    body: form,
    headers: run.cookie ? { cookie: run.cookie } : {},
  });
}

async function submitted(run: RunRequest): Promise<SubmittedRun> {
  const response = await submit(run);
  expect(response.status, await response.clone().text()).toBe(201);
  return (await response.json()) as SubmittedRun;
}

/** The run's event stream, read one event at a time. */
function openEvents(id: string, cookie?: string) {
  const controller = new AbortController();
  const pending: RunEvent[] = [];
  let buffer = "";
  let wake = null as (() => void) | null;
  let ended = false;
  let status = 0;
  const started = (async () => {
    const response = await fetch(`${server.origin}/api/playground/jobs/${id}/events`, { headers: cookie ? { cookie } : {}, signal: controller.signal });
    status = response.status;
    if (!response.ok || !response.body) return;
    const decoder = new TextDecoder();
    const reader = response.body.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let end: number;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = block.split("\n").filter((l) => l.startsWith("data:")).map((l) => l.slice(5).trim()).join("\n");
          if (data) pending.push(JSON.parse(data) as RunEvent);
          wake?.();
        }
      }
    } catch {
      // closed by the test
    }
  })().finally(() => {
    ended = true;
    wake?.();
  });
  return {
    async status(): Promise<number> {
      await Promise.race([started, new Promise((resolve) => setTimeout(resolve, 2000))]);
      return status;
    },
    /** The next event that is not a running-time tick or a partial. */
    async next(skip: RunEvent["type"][] = ["running", "partial"]): Promise<RunEvent> {
      for (;;) {
        const event = pending.shift();
        if (event && !skip.includes(event.type)) return event;
        if (event) continue;
        if (ended) throw new Error(`stream ended (HTTP ${status}) without another event`);
        await new Promise<void>((resolve) => (wake = resolve));
      }
    },
    close: () => controller.abort(),
  };
}

async function finalEvent(id: string, cookie?: string): Promise<RunEvent> {
  const events = openEvents(id, cookie);
  try {
    return await events.next(["running", "partial", "queued"]);
  } finally {
    events.close();
  }
}

async function kindsFor(userId: string, reference: string): Promise<string[]> {
  return (await ledgerOf(userId)).filter((e) => e.reference === reference).map((e) => e.kind);
}

describe("a signed-in person's playground run", () => {
  it("is a job without an API key: transcript, the real price settled once, 'Playground' in the activity log", async () => {
    const person = await signedIn();
    const run = await submitted({ cookie: person.cookie, fields: { model: MOONSHINE_ID, response_format: "verbose_json" }, audio: spokenWord("seven") });
    expect(run.held_micro_usd).toBe(17);

    const done = await finalEvent(run.id, person.cookie);
    expect(done).toMatchObject({ type: "completed", cost_micro_usd: 17, billed_seconds: 1, result: { task: "transcribe", text: "seven", usage: { seconds: 1 } } });

    const job = await findJob(run.id);
    expect(job).toMatchObject({ userId: person.userId, apiKeyId: null, status: "completed", chargeState: "settled" });
    expect(await kindsFor(person.userId, run.id)).toEqual(["hold", "settle"]);
    expect((await getBalance(person.userId)).availableMicroUsd).toBe(CREDIT - 17);
    const logged = await db.apiRequest.findUnique({ where: { id: run.id } });
    expect(logged).toMatchObject({ userId: person.userId, apiKeyId: null, apiKeyName: "Playground", endpoint: "transcription", status: 200 });
    expect(Number(logged!.costMicroUsd)).toBe(17);
  });

  it("carries a translation's task and languages to the job; the activity log calls it a translation", async () => {
    const person = await signedIn();
    const run = await submitted({
      cookie: person.cookie,
      task: "translate",
      fields: { model: CANARY_ID, language: "en", target_language: "de", response_format: "verbose_json" },
      audio: spokenWord("seven"),
    });
    expect((await findJob(run.id))?.input).toMatchObject({ task: "translate", language: "en", target_language: "de" });
    const done = await finalEvent(run.id, person.cookie);
    expect(done).toMatchObject({ type: "completed", result: { task: "translate", language: "de" } });
    expect(await db.apiRequest.findUnique({ where: { id: run.id } })).toMatchObject({ endpoint: "translation", apiKeyName: "Playground" });
  });

  it("refuses an option the model lacks before anything is held, naming the field", async () => {
    const person = await signedIn();
    const response = await submit({ cookie: person.cookie, fields: { model: MOONSHINE_ID, punctuation: "false" }, audio: spokenWord("seven") });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { param: "punctuation", code: "unsupported_option" } });
    expect(await db.queueJob.count({ where: { userId: person.userId } })).toBe(0);
    expect((await getBalance(person.userId)).availableMicroUsd).toBe(CREDIT);
  });

  it("is nobody else's to watch or cancel", async () => {
    const owner = await signedIn();
    const other = await signedIn();
    const run = await submitted({ cookie: owner.cookie, fields: { model: MOONSHINE_ID }, audio: spokenWord("nine") });
    expect(await openEvents(run.id, other.cookie).status()).toBe(404);
    expect(await openEvents(run.id).status()).toBe(404);
    const cancel = await fetch(`${server.origin}/api/playground/jobs/${run.id}/cancel`, { method: "POST", headers: { cookie: other.cookie } });
    expect(cancel.status).toBe(404);
    expect(await finalEvent(run.id, owner.cookie)).toMatchObject({ type: "completed" });
  });
});

describe("signed out", () => {
  const sample = readFileSync(path.resolve(import.meta.dirname, "../../public/samples/seven.wav"));

  it("a sample clip on the bundled model runs free through the queue and leaves no request-log row", async () => {
    const run = await submitted({ fields: { model: MOONSHINE_ID, response_format: "verbose_json" }, audio: sample });
    expect(run.held_micro_usd).toBe(0);
    expect(await finalEvent(run.id)).toMatchObject({ type: "completed", cost_micro_usd: 0, result: { text: "seven" } });
    expect(await findJob(run.id)).toMatchObject({ userId: GUEST_USER_ID, apiKeyId: null, heldMicroUsd: 0, holdId: null });
    expect(await db.apiRequest.count({ where: { userId: GUEST_USER_ID } })).toBe(0);
  });

  it("their own audio asks them to sign in", async () => {
    const response = await submit({ fields: { model: MOONSHINE_ID }, audio: spokenWord("seven") });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: { code: "sign_in_required" } });
  });
});

describe("the queue, seen from the playground", () => {
  it("shows the live queue position behind a running job; cancelling while queued releases the hold", async () => {
    const ahead = await signedIn();
    const person = await signedIn();
    const running = await submitted({ cookie: ahead.cookie, fields: { model: MOONSHINE_ID }, audio: spokenWord("five") });
    await jobInState(running.id, ["running"]);

    const first = await submitted({ cookie: person.cookie, fields: { model: MOONSHINE_ID }, audio: spokenWord("seven") });
    const second = await submitted({ cookie: person.cookie, fields: { model: MOONSHINE_ID }, audio: spokenWord("seven", 1) });
    const firstEvents = openEvents(first.id, person.cookie);
    const secondEvents = openEvents(second.id, person.cookie);
    expect(await firstEvents.next()).toEqual({ type: "queued", position: 1 });
    expect(await secondEvents.next()).toEqual({ type: "queued", position: 2 });

    const cancel = await fetch(`${server.origin}/api/playground/jobs/${first.id}/cancel`, { method: "POST", headers: { cookie: person.cookie } });
    expect(cancel.status).toBe(200);
    expect(await firstEvents.next(["running", "partial", "queued"])).toEqual({ type: "cancelled" });
    // The run behind it moves up, live.
    expect(await secondEvents.next()).toEqual({ type: "queued", position: 1 });
    expect(await kindsFor(person.userId, first.id)).toEqual(["hold", "release"]);

    expect(await secondEvents.next(["running", "partial", "queued"])).toMatchObject({ type: "completed", result: { text: "seven" } });
    secondEvents.close();
    expect((await getBalance(person.userId)).availableMicroUsd).toBe(CREDIT - 17);
    const again = await fetch(`${server.origin}/api/playground/jobs/${second.id}/cancel`, { method: "POST", headers: { cookie: person.cookie } });
    expect(again.status).toBe(409);
  });
});
