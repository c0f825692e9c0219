import type { VerboseTranscription } from "./transcript";

/**
 * One playground run over XMLHttpRequest — the browser API that reports upload progress — to the
 * playground's route, which answers exactly as /v1/audio/* does: verbose JSON, or for streaming models
 * server-sent `transcript.text.delta` events read as they arrive.
 */

export type RunPhase =
  | { kind: "uploading"; loaded: number; total: number }
  /** The audio is on the server: it is decoded, the price held, then the model runs. */
  | { kind: "running" }
  | { kind: "streaming"; text: string };

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
  /** HTTP status, or 0 when the request never got an answer. */
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
  endpoint: string;
  fields: [string, string][];
  audio: Blob;
  fileName: string;
  stream: boolean;
  onPhase(phase: RunPhase): void;
  signal?: AbortSignal;
}

export function runPlayground(input: RunInput): Promise<RunSuccess | RunFailure> {
  const started = performance.now();
  const form = new FormData();
  for (const [name, value] of input.fields) form.append(name, value);
  form.append("file", input.audio, input.fileName);

  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", input.endpoint);
    xhr.setRequestHeader("accept", input.stream ? "text/event-stream" : "application/json");
    let streamed = "";
    let seen = 0;
    let done: { text: string; cost?: number; usage?: { seconds: number } } | null = null;
    let streamError: RunFailure | null = null;

    xhr.upload.onprogress = (event) => {
      input.onPhase({ kind: "uploading", loaded: event.loaded, total: event.lengthComputable ? event.total : input.audio.size });
    };
    xhr.upload.onload = () => input.onPhase({ kind: "running" });

    // Streaming answers: parse whole SSE events as they arrive.
    xhr.onprogress = () => {
      if (!input.stream || xhr.status !== 200) return;
      const fresh = xhr.responseText.slice(seen);
      const end = fresh.lastIndexOf("\n\n");
      if (end < 0) return;
      seen += end + 2;
      for (const event of parseEvents(fresh.slice(0, end))) {
        if (event.type === "transcript.text.delta" && typeof event.delta === "string") {
          streamed += event.delta;
          input.onPhase({ kind: "streaming", text: streamed });
        } else if (event.type === "transcript.text.done") {
          done = event as unknown as typeof done;
        } else if (event.error) {
          streamError = failure(200, event as ErrorBody, xhr.getResponseHeader("x-request-id"));
        }
      }
    };

    xhr.onload = () => {
      const requestId = xhr.getResponseHeader("x-request-id");
      if (xhr.status !== 200) {
        resolve(failure(xhr.status, safeJson(xhr.responseText) as ErrorBody | null, requestId, xhr));
        return;
      }
      if (input.stream) {
        xhr.onprogress?.(new ProgressEvent("progress"));
        if (streamError) return resolve(streamError);
        const final = done as { text: string; cost?: number; usage?: { seconds: number } } | null;
        const text = final?.text ?? streamed;
        resolve({
          ok: true,
          result: { text, ...(final?.usage ? { usage: { type: "duration", seconds: final.usage.seconds } } : {}), ...(final?.cost === undefined ? {} : { cost: final.cost }) },
          costMicroUsd: usdToMicro(final?.cost ?? 0),
          billedSeconds: final?.usage?.seconds ?? null,
          requestId,
          elapsedMs: performance.now() - started,
        });
        return;
      }
      const body = safeJson(xhr.responseText) as VerboseTranscription | null;
      if (!body || typeof body.text !== "string") {
        resolve({ ok: false, status: 502, code: "bad_response", param: null, message: "The server's answer could not be read.", requestId });
        return;
      }
      const header = xhr.getResponseHeader("x-gigarouter-cost-micro-usd");
      resolve({
        ok: true,
        result: body,
        costMicroUsd: header !== null && /^\d+$/.test(header) ? Number(header) : usdToMicro(body.cost ?? 0),
        billedSeconds: body.usage?.seconds ?? null,
        requestId,
        elapsedMs: performance.now() - started,
      });
    };
    xhr.onerror = () =>
      resolve({ ok: false, status: 0, code: "network_error", param: null, message: "The request did not reach the server. Check your connection and try again.", requestId: null });
    xhr.onabort = () => resolve({ ok: false, status: 0, code: "aborted", param: null, message: "Stopped.", requestId: null });

    input.signal?.addEventListener("abort", () => xhr.abort(), { once: true });
    xhr.send(form);
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

function parseEvents(text: string): Record<string, unknown>[] {
  const events: Record<string, unknown>[] = [];
  for (const block of text.split("\n\n")) {
    const data = block
      .split("\n")
      .filter((line) => line.startsWith("data:"))
      .map((line) => line.slice(5).trimStart())
      .join("\n");
    if (!data || data === "[DONE]") continue;
    const parsed = safeJson(data);
    if (parsed && typeof parsed === "object") events.push(parsed as Record<string, unknown>);
  }
  return events;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function usdToMicro(usd: number): number {
  return Math.round(usd * 1_000_000);
}
