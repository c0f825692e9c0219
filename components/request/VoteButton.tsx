"use client";

import { useState } from "react";
import { postJson } from "@/components/forms/apiError";

/** "Me too": a vote is a repeat request for the same model; the count shown is the server's. */
export function VoteButton({ model, initialVotes }: { model: string; initialVotes: number }) {
  const [votes, setVotes] = useState(initialVotes);
  const [state, setState] = useState<"idle" | "sending" | "voted" | "already">("idle");
  const [error, setError] = useState<string | null>(null);

  const done = state === "voted" || state === "already";

  async function vote() {
    setState("sending");
    setError(null);
    const result = await postJson("/api/requests", { model });
    if (!result.ok) {
      setError(result.error.message);
      setState("idle");
      return;
    }
    const body = result.body as { voted?: unknown; request?: { votes?: unknown } } | null;
    if (typeof body?.request?.votes === "number") setVotes(body.request.votes);
    setState(body?.voted === false ? "already" : "voted");
  }

  return (
    <div className="flex flex-col items-end gap-1">
      <button
        type="button"
        onClick={vote}
        disabled={state !== "idle"}
        aria-label={done ? `You voted for ${model}` : `Me too: vote for ${model}`}
        className={`btn h-auto min-w-24 flex-col gap-0 px-3 py-1.5 ${done ? "border border-live/40 bg-live-soft text-live" : "btn-secondary"}`}
      >
        <span className="text-base font-semibold tabular-nums" aria-live="polite">
          {votes}
        </span>
        <span className="text-xs">{state === "voted" ? "voted ✓" : state === "already" ? "already voted" : "me too"}</span>
      </button>
      {error ? (
        <p role="alert" className="max-w-48 text-right text-xs text-danger">
          {error}
        </p>
      ) : null}
    </div>
  );
}
