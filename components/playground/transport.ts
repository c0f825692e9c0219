import { parseRunEvent, type RunEvent, type SubmittedRun } from "@/lib/playground/wire";
import type { VerboseTranscription } from "./transcript";

/**
 * One playground run through the job queue (lib/playground/wire.ts): the audio goes up over
 * XMLHttpRequest — the browser API that reports upload progress — and becomes a job; then the job's
 * event stream says where it waits in the queue, how long it has run, the text a streaming model has
 * so far, and finally the transcript with what it cost. Stopping a run cancels its job, which releases
 * the hold on the balance.
 */

export type RunPhase =
  | { kind: "uploading"; loaded: number; total: number }
  /** The audio is on the server: it is decoded and its price held. */
  | { kind: "accepting" }
  /** Waiting for the model; 1 = next. */
  | { kind: "queued"; position: number }
  /**
   * On the model since `startedAt` (performance.now() time), about `expectedMs` in all; `text` is what
   * a streaming model has written so far.
   */
  | { kind: "running"; startedAt: number; expectedMs: number | null; text: string | null }
  /** Stop was pressed: the job is being cancelled. */
  | { kind: "cancelling" };

export interface RunSuccess {
  ok: true;
  result: VerboseTranscription;
  /** What the server charged, in micro-dollars (0 for free runs). */
  costMicroUsd: number;
  billedSeconds: number | null;
  requestId: string | null;
  /** From the click to the answer, in milliseconds. */
  elapsedMs: number;
}

export interface RunFailure {
  ok: false;
  /** HTTP status, or 0 when the request never got an answer (or was stopped). */
  status: number;
  code: string | null;
  param: string | null;
  message: string;
  /** 402: what the run needs and what the balance has, in micro-dollars. */
  requiredMicroUsd?: number;
  availableMicroUsd?: number;
  requestId: string | null;
}

export interface RunInput {
  task: "transcribe" | "translate";
  fields: [string, string][];
  audio: Blob;
  fileName: string;
  /** Word times in the result; without them the result keeps its segments only. */
  wordTimestamps: boolean;
  onPhase(phase: RunPhase): void;
  /** Aborting stops the upload, or cancels the job once it exists. */
  signal?: AbortSignal;
}

const JOBS = "/api/playground/jobs";

export async function runPlayground(input: RunInput): Promise<RunSuccess | RunFailure> {
  const started = performance.now();
  const submitted = await submit(input);
  if (!submitted.ok) return submitted;
  return follow(submitted.run, input, started);
}

function submit(input: RunInput): Promise<{ ok: true; run: SubmittedRun } | RunFailure> {
  const form = new FormData();
  for (const [name, value] of input.fields) form.append(name, value);
  form.append("file", input.audio, input.fileName);

  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", `${JOBS}?task=${input.task}`);
    xhr.setRequestHeader("accept", "application/json");
    xhr.upload.onprogress = (event) => {
      input.onPhase({ kind: "uploading", loaded: event.loaded, total: event.lengthComputable ? event.total : input.audio.size });
    };
    let uploaded = false;
    xhr.upload.onload = () => {
      uploaded = true;
      input.onPhase({ kind: "accepting" });
    };
    xhr.onload = () => {
      const requestId = xhr.getResponseHeader("x-request-id");
      const body = safeJson(xhr.responseText);
      if (xhr.status !== 201) return resolve(failure(xhr.status, body as ErrorBody | null, requestId, xhr));
      const run = body as SubmittedRun | null;
      if (!run || typeof run.id !== "string") {
        return resolve({ ok: false, status: 502, code: "bad_response", param: null, message: "The server's answer could not be read.", requestId });
      }
      resolve({ ok: true, run });
    };
    xhr.onerror = () => resolve(networkFailure());
    xhr.onabort = () => resolve(stopped(false));
    // Once the audio is up, the server may be creating the job: it is let finish and then cancelled
    // (follow() sees the aborted signal), so a job is never left running unseen.
    input.signal?.addEventListener(
      "abort",
      () => {
        if (!uploaded) xhr.abort();
      },
      { once: true },
    );
    xhr.send(form);
  });
}

function follow(run: SubmittedRun, input: RunInput, started: number): Promise<RunSuccess | RunFailure> {
  return new Promise((resolve) => {
    const events = new EventSource(`${JOBS}/${run.id}/events`);
    let running: Extract<RunPhase, { kind: "running" }> | null = null;
    let cancelling = false;
    const finish = (outcome: RunSuccess | RunFailure) => {
      events.close();
      resolve(outcome);
    };

    events.onmessage = (message: MessageEvent<string>) => {
      const event = parseRunEvent(message.data);
      if (!event) return;
      const next = apply(event);
      if (next) finish(next);
    };
    // The browser reconnects by itself after a dropped connection (the stream resends the state);
    // a stream that cannot be opened at all ends the run.
    events.onerror = () => {
      if (events.readyState === EventSource.CLOSED) finish(networkFailure(run.id));
    };

    const cancel = () => {
      cancelling = true;
      input.onPhase({ kind: "cancelling" });
      // The stream reports the outcome: cancelled and refunded, or the run had already finished.
      void fetch(`${JOBS}/${run.id}/cancel`, { method: "POST" }).catch(() => undefined);
    };
    if (input.signal?.aborted) cancel();
    else input.signal?.addEventListener("abort", cancel, { once: true });

    function apply(event: RunEvent): RunSuccess | RunFailure | null {
      switch (event.type) {
        case "queued":
          if (!cancelling) input.onPhase({ kind: "queued", position: event.position });
          return null;
        case "running":
          running = { kind: "running", startedAt: performance.now() - event.elapsed_ms, expectedMs: event.expected_ms, text: running?.text ?? null };
          if (!cancelling) input.onPhase(running);
          return null;
        case "partial":
          running = { kind: "running", startedAt: running?.startedAt ?? performance.now(), expectedMs: running?.expectedMs ?? null, text: event.text };
          if (!cancelling) input.onPhase(running);
          return null;
        case "completed": {
          const result: VerboseTranscription = { ...event.result };
          if (!input.wordTimestamps) delete result.words;
          return {
            ok: true,
            result,
            costMicroUsd: event.cost_micro_usd,
            billedSeconds: event.billed_seconds,
            requestId: run.id,
            elapsedMs: performance.now() - started,
          };
        }
        case "failed":
          return { ok: false, status: event.status, code: event.error.code, param: event.error.param, message: event.error.message, requestId: run.id };
        case "cancelled":
          return stopped(true, run.id);
      }
    }
  });
}

interface ErrorBody {
  error?: { message?: string; code?: string | null; param?: string | null };
}

function failure(status: number, body: ErrorBody | null, requestId: string | null, xhr?: XMLHttpRequest): RunFailure {
  const required = xhr?.getResponseHeader("x-gigarouter-required-micro-usd");
  const available = xhr?.getResponseHeader("x-gigarouter-available-micro-usd");
  return {
    ok: false,
    status,
    code: body?.error?.code ?? null,
    param: body?.error?.param ?? null,
    message: body?.error?.message ?? `The server answered ${status}.`,
    ...(required && /^\d+$/.test(required) ? { requiredMicroUsd: Number(required) } : {}),
    ...(available && /^-?\d+$/.test(available) ? { availableMicroUsd: Number(available) } : {}),
    requestId,
  };
}

function networkFailure(requestId: string | null = null): RunFailure {
  return { ok: false, status: 0, code: "network_error", param: null, message: "The connection to the server was lost. Check your connection and try again.", requestId };
}

/** Stopped by the person: before the job existed (nothing was held), or a job cancelled with its hold released. */
function stopped(cancelledJob: boolean, requestId: string | null = null): RunFailure {
  return {
    ok: false,
    status: 0,
    code: cancelledJob ? "cancelled" : "aborted",
    param: null,
    message: cancelledJob ? "Cancelled before it finished; the hold on your balance was released." : "Stopped.",
    requestId,
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
