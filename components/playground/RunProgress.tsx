"use client";

import { useEffect, useState } from "react";
import type { RunPhase } from "./transport";

/** Upload bar, then the queue, then the model's run, as one strip of steps. */
export function RunProgress({ phase, modelName }: { phase: RunPhase; modelName: string }) {
  const uploaded = phase.kind === "uploading" ? (phase.total > 0 ? phase.loaded / phase.total : 0) : 1;
  const uploadPercent = Math.round(uploaded * 100);
  const now = useNow(phase.kind === "running");
  const run = phase.kind === "running" ? runProgress(phase, now) : null;
  const step = phase.kind === "uploading" || phase.kind === "accepting" ? 0 : phase.kind === "queued" ? 1 : 2;

  return (
    <div className="space-y-3" data-testid="run-progress">
      <ol className="grid grid-cols-3 gap-2 text-xs">
        <Step label={phase.kind === "uploading" ? "Uploading" : "Uploaded"} active={step === 0} done={step > 0} figure={`${uploadPercent}%`}>
          <Bar label="Upload" percent={uploadPercent} />
        </Step>
        <Step label="Queue" active={step === 1} done={step > 1} figure={phase.kind === "queued" ? `#${phase.position}` : null}>
          <Bar label="Queue" percent={step > 1 ? 100 : null} pulsing={step === 1} />
        </Step>
        <Step label={run?.text !== null && run?.text !== undefined ? "Transcribing (live)" : "Running"} active={step === 2} done={false} figure={run ? `${run.elapsedSeconds.toFixed(1)} s` : null}>
          <Bar label="Run" percent={run ? run.percent : null} pulsing={phase.kind === "running" && run?.percent === null} />
        </Step>
      </ol>
      <p className="text-sm text-muted" role="status" aria-live="polite" data-testid="run-status">
        {statusLine(phase, modelName, run)}
      </p>
      {run?.text ? (
        <p className="rounded-lg bg-surface p-4 text-lg leading-relaxed" data-testid="partial-transcript">
          {run.text}
          <span aria-hidden="true" className="ml-0.5 inline-block h-5 w-0.5 animate-pulse bg-accent align-middle" />
        </p>
      ) : null}
    </div>
  );
}

interface RunView {
  elapsedSeconds: number;
  expectedSeconds: number | null;
  /** Elapsed against expected, held below 100 until the answer comes; null when nothing is expected. */
  percent: number | null;
  overdue: boolean;
  text: string | null;
}

function runProgress(phase: Extract<RunPhase, { kind: "running" }>, now: number): RunView {
  const elapsedMs = Math.max(0, now - phase.startedAt);
  const expected = phase.expectedMs;
  return {
    elapsedSeconds: elapsedMs / 1000,
    expectedSeconds: expected === null ? null : expected / 1000,
    percent: expected === null || expected <= 0 ? null : Math.min(95, Math.round((elapsedMs / expected) * 100)),
    overdue: expected !== null && elapsedMs > expected,
    text: phase.text,
  };
}

function statusLine(phase: RunPhase, modelName: string, run: RunView | null): string {
  switch (phase.kind) {
    case "uploading":
      return "Sending the audio…";
    case "accepting":
      return "Reading the audio and holding its price…";
    case "queued":
      return phase.position <= 1 ? "In queue — position 1, next to start" : `In queue — position ${phase.position}`;
    case "running":
      if (!run || run.expectedSeconds === null) return `Running on ${modelName}…`;
      return run.overdue
        ? `Running on ${modelName} — taking longer than the usual ${run.expectedSeconds.toFixed(1)} s…`
        : `Running on ${modelName} — about ${run.expectedSeconds.toFixed(1)} s for this audio`;
    case "cancelling":
      return "Cancelling…";
  }
}

/** performance.now(), refreshed ten times a second while `ticking`. */
function useNow(ticking: boolean): number {
  const [now, setNow] = useState(() => performance.now());
  useEffect(() => {
    if (!ticking) return;
    setNow(performance.now());
    const timer = window.setInterval(() => setNow(performance.now()), 100);
    return () => window.clearInterval(timer);
  }, [ticking]);
  return now;
}

function Step({ label, active, done, figure, children }: { label: string; active: boolean; done: boolean; figure: string | null; children: React.ReactNode }) {
  return (
    <li className="space-y-1" aria-current={active ? "step" : undefined}>
      <div className="flex justify-between gap-1">
        <span className={active || done ? "font-medium" : "text-muted"}>{label}</span>
        {figure !== null ? <span className="font-mono tabular-nums text-muted">{figure}</span> : null}
      </div>
      {children}
    </li>
  );
}

function Bar({ label, percent, pulsing = false }: { label: string; percent: number | null; pulsing?: boolean }) {
  if (percent === null) {
    return (
      <div className="h-1.5 overflow-hidden rounded-full bg-line" aria-hidden="true">
        {pulsing ? <div className="h-full w-full animate-pulse rounded-full bg-accent/70" /> : null}
      </div>
    );
  }
  return (
    <div className="h-1.5 overflow-hidden rounded-full bg-line" role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent}>
      <div className="h-full rounded-full bg-accent transition-[width]" style={{ width: `${percent}%` }} />
    </div>
  );
}
