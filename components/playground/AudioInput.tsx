"use client";

import { useRef, useState, type DragEvent } from "react";
import type { SampleClip } from "@/lib/playground/samples";
import { ACCEPT_AUDIO, SUPPORTED_FORMATS_TEXT } from "./audioFormat";
import type { RecorderState } from "./useRecorder";

/**
 * The three ways in: drop or pick a file, record from the microphone (with a level meter), or one
 * click on a sample clip. While recording, the drop zone turns into the recorder.
 */
export function AudioInput({
  samples,
  activeSampleId,
  recorder,
  disabled,
  hint,
  onFile,
  onSample,
  onRecord,
  onStopRecording,
  onCancelRecording,
}: {
  samples: readonly SampleClip[];
  activeSampleId: string | null;
  recorder: RecorderState;
  disabled: boolean;
  /** A line under the formats, e.g. how much audio the model hears. */
  hint: string | null;
  onFile(file: File): void;
  onSample(clip: SampleClip): void;
  onRecord(): void;
  onStopRecording(): void;
  onCancelRecording(): void;
}) {
  const input = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);

  function onDrop(event: DragEvent<HTMLDivElement>) {
    event.preventDefault();
    setDragging(false);
    const file = event.dataTransfer.files[0];
    if (file && !disabled) onFile(file);
  }

  const recording = recorder.kind === "recording" || recorder.kind === "starting";

  return (
    <div className="space-y-3">
      {recording ? (
        <Recording state={recorder} onStop={onStopRecording} onCancel={onCancelRecording} />
      ) : (
        <div
          onDragOver={(event) => {
            event.preventDefault();
            if (!disabled) setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={onDrop}
          data-testid="dropzone"
          className={`rounded-xl border-2 border-dashed p-5 text-center transition-colors ${
            dragging ? "border-accent bg-accent-soft" : "border-line bg-surface"
          }`}
        >
          <p className="text-sm font-medium">Drop an audio file here</p>
          <p className="mt-1 text-xs text-muted">{SUPPORTED_FORMATS_TEXT}</p>
          {hint ? <p className="mt-0.5 text-xs text-muted">{hint}</p> : null}
          <div className="mt-4 flex flex-wrap items-center justify-center gap-2">
            <button type="button" className="btn btn-secondary" disabled={disabled} onClick={() => input.current?.click()}>
              <svg aria-hidden="true" viewBox="0 0 16 16" className="size-4 fill-none stroke-current" strokeWidth="1.5">
                <path d="M8 11V2.5M4.5 6 8 2.5 11.5 6M2.5 10.5v2a1 1 0 0 0 1 1h9a1 1 0 0 0 1-1v-2" strokeLinecap="round" strokeLinejoin="round" />
              </svg>
              Choose file
            </button>
            <button type="button" className="btn btn-secondary" disabled={disabled} onClick={onRecord}>
              <span aria-hidden="true" className="size-2.5 rounded-full bg-danger" />
              Record
            </button>
          </div>
          <input
            ref={input}
            type="file"
            accept={ACCEPT_AUDIO}
            className="sr-only"
            tabIndex={-1}
            aria-label="Audio file"
            data-testid="audio-file-input"
            onChange={(event) => {
              const file = event.target.files?.[0];
              event.target.value = "";
              if (file) onFile(file);
            }}
          />
        </div>
      )}

      {samples.length > 0 ? (
        <div className="flex flex-wrap items-center gap-2">
          <span className="text-xs font-medium text-muted">Samples</span>
          {samples.map((clip) => (
            <button
              key={clip.id}
              type="button"
              disabled={disabled || recording}
              onClick={() => onSample(clip)}
              aria-pressed={activeSampleId === clip.id}
              title={`${clip.transcript} (${clip.seconds} s)`}
              className={`rounded-full border px-3 py-1 text-xs font-medium transition-colors disabled:opacity-60 ${
                activeSampleId === clip.id ? "border-accent bg-accent-soft text-accent" : "border-line bg-bg hover:bg-surface-2"
              }`}
            >
              {clip.label}
            </button>
          ))}
        </div>
      ) : null}
    </div>
  );
}

function Recording({ state, onStop, onCancel }: { state: RecorderState; onStop(): void; onCancel(): void }) {
  const level = state.kind === "recording" ? state.level : 0;
  const seconds = state.kind === "recording" ? state.seconds : 0;
  const bars = 24;
  return (
    <div className="rounded-xl border-2 border-danger/40 bg-surface p-5" data-testid="recorder">
      <div className="flex items-center justify-between gap-3">
        <p className="flex items-center gap-2 text-sm font-medium" role="status">
          <span aria-hidden="true" className="size-2.5 animate-pulse rounded-full bg-danger" />
          {state.kind === "starting" ? "Waiting for the microphone…" : "Recording"}
        </p>
        <p className="font-mono text-sm tabular-nums" aria-label={`${seconds.toFixed(1)} seconds recorded`}>
          {seconds.toFixed(1)} s
        </p>
      </div>
      {/* Level meter: how many of the bars are lit follows the input's loudness. */}
      <div
        className="mt-4 flex h-10 items-end gap-1"
        role="meter"
        aria-label="Input level"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(level * 100)}
        data-testid="level-meter"
      >
        {Array.from({ length: bars }, (_, i) => {
          const lit = i / bars < level;
          return (
            <span
              key={i}
              className={`flex-1 rounded-sm transition-[height] duration-75 ${lit ? (i > bars * 0.85 ? "bg-danger" : "bg-live") : "bg-line"}`}
              style={{ height: `${30 + (70 * i) / bars}%` }}
            />
          );
        })}
      </div>
      <div className="mt-4 flex justify-center gap-2">
        <button type="button" className="btn btn-primary" onClick={onStop} disabled={state.kind !== "recording"}>
          <span aria-hidden="true" className="size-2.5 rounded-sm bg-current" />
          Stop
        </button>
        <button type="button" className="btn btn-secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}
