"use client";

import Link from "next/link";
import { formatUsd } from "@/lib/credits/money";
import { chargeFor } from "@/lib/metering/price";
import { useLiveSession, type LivePhase } from "./useLiveSession";

export interface LiveModel {
  id: string;
  name: string;
  /** How far the text lags the voice by design, in milliseconds (Kyutai: 2500). */
  latencyMs?: number;
  perMinuteMicroUsd: number;
}

const STATUS: Record<LivePhase, string> = {
  idle: "Ready",
  connecting: "Connecting…",
  listening: "Listening — speak now",
  finishing: "Finishing the last words…",
  ended: "Session ended",
};

/**
 * Live transcription from the microphone for a streaming model: the text appears while you speak —
 * finished sentences in full, the one in progress greyed and changing. Billed per second streamed from
 * the signed-in person's credit, through the same realtime API (/v1/realtime) servers use.
 */
export function LiveTranscriber({ model, signedIn, signInHref }: { model: LiveModel; signedIn: boolean; signInHref: string }) {
  const { phase, transcript, problem, sentSeconds, start, stop } = useLiveSession(model.id);
  const active = phase === "connecting" || phase === "listening" || phase === "finishing";
  const cost = transcript.usage ? Math.round(transcript.usage.costUsd * 1_000_000) : sentSeconds > 0 ? chargeFor(sentSeconds, model.perMinuteMicroUsd).costMicroUsd : 0;
  const empty = transcript.finals.length === 0 && !transcript.partial;

  return (
    <section aria-labelledby="live-heading" data-testid="live-transcriber" className="space-y-4 rounded-xl border border-line bg-surface p-5">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="space-y-1">
          <h2 id="live-heading" className="text-lg font-semibold">
            Live microphone
          </h2>
          <p className="max-w-prose text-sm text-muted">
            Speak and watch {model.name} write as you go
            {model.latencyMs ? `, about ${(model.latencyMs / 1000).toFixed(1)} s behind your voice` : ""}. Billed per second streamed (
            {formatUsd(chargeFor(60, model.perMinuteMicroUsd).costMicroUsd)} a minute).
          </p>
        </div>
        {phase === "listening" ? (
          <button type="button" className="btn btn-primary" onClick={() => void stop()} data-testid="live-stop">
            Stop
          </button>
        ) : (
          <button type="button" className="btn btn-primary" disabled={!signedIn || active} onClick={() => void start()} data-testid="live-start">
            {phase === "ended" ? "Start again" : "Start live transcription"}
          </button>
        )}
      </div>

      {!signedIn ? (
        <p className="text-sm">
          <Link href={signInHref} className="link">
            Sign in
          </Link>{" "}
          to transcribe from your microphone; live audio is paid from your credit.
        </p>
      ) : null}

      <p className="flex flex-wrap items-center gap-x-4 gap-y-1 text-sm" aria-live="polite">
        <span data-testid="live-status" className="inline-flex items-center gap-2">
          {phase === "listening" ? <span aria-hidden="true" className="size-2 animate-pulse rounded-full bg-danger" /> : null}
          {STATUS[phase]}
        </span>
        {sentSeconds > 0 ? (
          <span className="font-mono tabular-nums text-muted" data-testid="live-usage">
            {(transcript.usage?.seconds ?? sentSeconds).toFixed(1)} s · {transcript.usage ? "" : "~"}
            {formatUsd(cost)}
          </span>
        ) : null}
      </p>

      {problem ? (
        <p role="alert" className="rounded-lg border border-danger/40 p-3 text-sm text-danger">
          {problem.message}
          {problem.kind === "sign-in" ? (
            <>
              {" "}
              <Link href={signedIn ? "/account" : signInHref} className="link">
                {signedIn ? "Add credit" : "Sign in"}
              </Link>
            </>
          ) : null}
        </p>
      ) : null}

      <div className="min-h-24 rounded-lg border border-line bg-bg p-4 leading-relaxed" data-testid="live-transcript">
        {empty ? (
          <p className="text-muted">{phase === "listening" ? "Listening…" : "The transcript appears here."}</p>
        ) : (
          <p>
            {transcript.finals.map((u) => (
              <span key={u.id} data-testid="live-final">
                {u.text}{" "}
              </span>
            ))}
            {transcript.partial ? (
              <span className="text-muted italic" data-testid="live-partial">
                {transcript.partial.text}
              </span>
            ) : null}
          </p>
        )}
      </div>
    </section>
  );
}
