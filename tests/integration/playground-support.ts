/**
 * The playground's job routes driven over HTTP as the page drives them: a signed-in person (a database
 * session, as Auth.js keeps them, standing in for a sign-in), multipart submits, and the run's event
 * stream read one event at a time.
 */
import { randomBytes } from "node:crypto";
import { expect } from "vitest";
import { db } from "@/lib/db";
import type { RunEvent, SubmittedRun } from "@/lib/playground/wire";
import { createApiUser, type ApiUser } from "@/tests/support/api-fixtures";

export interface Person extends ApiUser {
  cookie: string;
}

export interface RunRequest {
  cookie?: string;
  task?: "transcribe" | "translate";
  fields: Record<string, string>;
  audio: Buffer;
  fileName?: string;
}

export function playgroundClient(origin: string, credit: number) {
  /** A person with credit and a database session. */
  async function signedIn(): Promise<Person> {
    const user = await createApiUser({ creditMicroUsd: credit });
    const sessionToken = randomBytes(24).toString("hex");
    await db.session.create({ data: { sessionToken, userId: user.userId, expires: new Date(Date.now() + 3_600_000) } });
    return { ...user, cookie: `authjs.session-token=${sessionToken}` };
  }

  async function submit(run: RunRequest): Promise<Response> {
    const form = new FormData();
    for (const [name, value] of Object.entries(run.fields)) form.append(name, value);
    form.append("file", new Blob([new Uint8Array(run.audio)], { type: "audio/wav" }), run.fileName ?? "seven.wav");
    return fetch(`${origin}/api/playground/jobs?task=${run.task ?? "transcribe"}`, {
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
      const response = await fetch(`${origin}/api/playground/jobs/${id}/events`, { headers: cookie ? { cookie } : {}, signal: controller.signal });
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

  return { signedIn, submit, submitted, openEvents, finalEvent };
}
