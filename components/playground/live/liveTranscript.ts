import type { ServerEvent, TranscriptEvent } from "@/lib/realtime/protocol";

/**
 * What the live panel shows, built from the realtime API's events: the finished utterances, and the
 * one still being spoken (replaced by every partial, cleared by its final). Pure, so it is tested
 * without a browser.
 */

export interface LiveUtterance {
  id: number;
  text: string;
  start: number;
  end: number;
}

export interface LiveTranscript {
  finals: LiveUtterance[];
  partial: LiveUtterance | null;
  /** From session.closed: seconds streamed and billed, and the cost in USD. */
  usage: { seconds: number; billedSeconds: number; costUsd: number } | null;
  error: { code: string | null; message: string } | null;
}

export const EMPTY_TRANSCRIPT: LiveTranscript = { finals: [], partial: null, usage: null, error: null };

function utterance(event: TranscriptEvent): LiveUtterance {
  return { id: event.utterance_id, text: event.text, start: event.start, end: event.end };
}

export function applyEvent(state: LiveTranscript, event: ServerEvent): LiveTranscript {
  switch (event.type) {
    case "transcript.partial":
      return { ...state, partial: utterance(event) };
    case "transcript.final":
      return {
        ...state,
        finals: [...state.finals.filter((u) => u.id !== event.utterance_id), utterance(event)],
        partial: state.partial?.id === event.utterance_id ? null : state.partial,
      };
    case "session.closed":
      return { ...state, partial: null, usage: { seconds: event.usage.seconds, billedSeconds: event.usage.billed_seconds, costUsd: event.cost } };
    case "error":
      return { ...state, error: { code: event.error.code, message: event.error.message } };
    default:
      return state;
  }
}

/** The text so far: finished utterances, then the one in progress. */
export function fullText(state: LiveTranscript): string {
  return [...state.finals.map((u) => u.text), ...(state.partial ? [state.partial.text] : [])].join(" ");
}
