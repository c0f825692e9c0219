/**
 * What the playground's job routes send the browser (app/api/playground/jobs). Pure types and one
 * parser, shared by the server that writes them and the page that reads them.
 *
 *   POST /api/playground/jobs?task=transcribe|translate   multipart, the /v1 fields -> SubmittedRun
 *   GET  /api/playground/jobs/<id>/events                  server-sent RunEvent, until a final one
 *   POST /api/playground/jobs/<id>/cancel                  a queued or running run: its hold released
 */

/** The answer to a submit: the job exists, its audio is stored and its price held. */
export interface SubmittedRun {
  id: string;
  /** Seconds of audio, as decoded on the server (the billed length comes from it). */
  audio_seconds: number;
  /** What is held on the balance, micro-dollars (0 for a free run). */
  held_micro_usd: number;
}

/** The finished run in /v1's verbose_json terms, so the page reads queue runs as it read /v1 answers. */
export interface RunResult {
  task: "transcribe" | "translate";
  language?: string;
  duration: number;
  text: string;
  segments?: { id: number; start: number; end: number; text: string }[];
  words?: { word: string; start: number; end: number }[];
  usage?: { type: "duration"; seconds: number };
  cost?: number;
}

export interface RunError {
  message: string;
  code: string | null;
  param: string | null;
}

export type RunEvent =
  /** Waiting: `position` 1 is next to start. */
  | { type: "queued"; position: number }
  /** On the model since `elapsed_ms`; about `expected_ms` in all, judged from recent runs of the model on this much audio. */
  | { type: "running"; elapsed_ms: number; expected_ms: number }
  /** A streaming model's text so far. */
  | { type: "partial"; text: string }
  | { type: "completed"; result: RunResult; cost_micro_usd: number; billed_seconds: number }
  | { type: "failed"; status: number; error: RunError }
  /** Cancelled before it finished, and its hold released. */
  | { type: "cancelled" };

export const FINAL_EVENTS: readonly RunEvent["type"][] = ["completed", "failed", "cancelled"];

/** One event's `data:` JSON, or null when it is not a run event. */
export function parseRunEvent(data: string): RunEvent | null {
  try {
    const value = JSON.parse(data) as { type?: unknown };
    const known = ["queued", "running", "partial", "completed", "failed", "cancelled"];
    return value && typeof value === "object" && typeof value.type === "string" && known.includes(value.type) ? (value as RunEvent) : null;
  } catch {
    return null;
  }
}
