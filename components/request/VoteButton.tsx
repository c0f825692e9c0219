"use client";

import { useState } from "react";
import { readApiError } from "@/components/forms/apiError";

/** "Me too": a vote is a repeat request for the same model; the count shown is the server's. */
export function VoteButton({ model, initialVotes }: { model: string; initialVotes: number }) {
  const [votes, setVotes] = useState(initialVotes);
  const [state, setState] = useState<"idle" | "sending" | "voted" | "already">("idle");
  const [error, setError] = useState<string | null>(null);

  const done = state === "voted" || state === "already";

  async function vote() {
    setState("sending");
    setError(null);
    try {
      const response = await fetch("/api/requests", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ model }),
      });
      if (!response.ok) {
        setError((await readApiError(response)).message);
        setState("idle");
        return;
      }
      const body = (await response.json()) as { voted?: unknown; request?: { votes?: unknown } };
      if (typeof body.request?.votes === "number") setVotes(body.request.votes);
      setState(body.voted === false ? "already" : "voted");
    } catch {
      setError("Could not reach gigarouter. Try again.");
      setState("idle");
    }
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
