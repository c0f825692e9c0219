import type { RunPhase } from "./transport";

/** Upload bar, then the server's part, as one strip of steps. */
export function RunProgress({ phase, modelName }: { phase: RunPhase; modelName: string }) {
  const uploaded = phase.kind === "uploading" ? (phase.total > 0 ? phase.loaded / phase.total : 0) : 1;
  const percent = Math.round(uploaded * 100);
  return (
    <div className="space-y-3" role="status" aria-live="polite" data-testid="run-progress">
      <ol className="grid grid-cols-2 gap-2 text-xs">
        <li className="space-y-1">
          <div className="flex justify-between">
            <span className="font-medium">{phase.kind === "uploading" ? "Uploading" : "Uploaded"}</span>
            <span className="font-mono tabular-nums text-muted">{percent}%</span>
          </div>
          <div
            className="h-1.5 overflow-hidden rounded-full bg-line"
            role="progressbar"
            aria-label="Upload"
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={percent}
          >
            <div className="h-full rounded-full bg-accent transition-[width]" style={{ width: `${percent}%` }} />
          </div>
        </li>
        <li className="space-y-1">
          <div className="flex justify-between">
            <span className={phase.kind === "uploading" ? "text-muted" : "font-medium"}>
              {phase.kind === "streaming" ? "Transcribing (live)" : "Transcribing"}
            </span>
          </div>
          <div className="h-1.5 overflow-hidden rounded-full bg-line" aria-hidden="true">
            {phase.kind === "uploading" ? null : <div className="h-full w-full animate-pulse rounded-full bg-accent/70" />}
          </div>
        </li>
      </ol>
      <p className="text-sm text-muted">
        {phase.kind === "uploading"
          ? "Sending the audio…"
          : phase.kind === "running"
            ? `Decoding the audio and running ${modelName}…`
            : null}
      </p>
      {phase.kind === "streaming" ? (
        <p className="rounded-lg bg-surface p-4 text-lg leading-relaxed" data-testid="partial-transcript">
          {phase.text}
          <span aria-hidden="true" className="ml-0.5 inline-block h-5 w-0.5 animate-pulse bg-accent align-middle" />
        </p>
      ) : null}
    </div>
  );
}
