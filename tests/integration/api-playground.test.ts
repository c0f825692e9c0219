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
import { ledgerOf, spokenWord } from "@/tests/support/api-fixtures";
import { CANARY_ID, MOONSHINE_ID, startApiServer, type ApiServer } from "@/tests/support/api-server";
import { playgroundClient } from "./playground-support";
import { jobInState } from "./queue-support";

let server: ApiServer;
const PORT = 3966;
const CREDIT = 1_000_000;

beforeAll(async () => {
  server = await startApiServer({
    port: PORT,
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

const { signedIn, submit, submitted, openEvents, finalEvent } = playgroundClient(`http://localhost:${PORT}`, CREDIT);

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
