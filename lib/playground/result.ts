import type { RunError, RunResult } from "./wire";

/**
 * A finished job in the playground's terms: the queue's output ({output, chunks, words}) as /v1's
 * verbose_json, and a failed job's stored error (fal's shapes) as one message with its code and field.
 * Pure, so the conversions are tested without a server.
 */

interface QueueOutputLike {
  output: string;
  chunks?: { timestamp: [number, number]; text: string }[];
  words?: { timestamp: [number, number]; text: string }[];
}

export interface FinishedJobFacts {
  task: "transcribe" | "translate";
  /** Spoken language asked for ("auto" when none), or the translation's target. */
  language: string | undefined;
  audioSeconds: number;
  billedSeconds: number;
  costMicroUsd: number;
}

export function resultOf(output: unknown, facts: FinishedJobFacts): RunResult {
  const out = (output ?? { output: "" }) as QueueOutputLike;
  const result: RunResult = {
    task: facts.task,
    ...(facts.language && facts.language !== "auto" ? { language: facts.language } : {}),
    duration: Math.round(facts.audioSeconds * 1000) / 1000,
    text: typeof out.output === "string" ? out.output : "",
  };
  if (out.chunks) result.segments = out.chunks.map((c, id) => ({ id, start: c.timestamp[0], end: c.timestamp[1], text: c.text }));
  if (out.words) result.words = out.words.map((w) => ({ word: w.text, start: w.timestamp[0], end: w.timestamp[1] }));
  result.usage = { type: "duration", seconds: facts.billedSeconds };
  result.cost = facts.costMicroUsd / 1_000_000;
  return result;
}

/** fal's stored error bodies: `{detail: "...", code}` or a 422's `{detail: [{loc, msg, type}]}`. */
export function errorOf(body: unknown): RunError {
  const { detail, code } = (body ?? {}) as { detail?: unknown; code?: unknown };
  if (Array.isArray(detail) && detail.length > 0) {
    const first = detail[0] as { loc?: unknown[]; msg?: unknown; type?: unknown };
    const field = Array.isArray(first.loc) ? first.loc.slice(1).join(".") : "";
    return {
      message: typeof first.msg === "string" ? first.msg : "The input could not be used.",
      code: typeof first.type === "string" ? first.type : null,
      // The playground uploads a file; the queue calls the same audio `audio_url`.
      param: field === "audio_url" ? "file" : field || null,
    };
  }
  return { message: typeof detail === "string" ? detail : "The run failed.", code: typeof code === "string" ? code : null, param: null };
}
