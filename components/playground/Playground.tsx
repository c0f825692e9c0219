"use client";

import Link from "next/link";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { BALANCE_CHANGED_EVENT } from "@/components/auth/HeaderAccount";
import { codeSamples } from "@/components/model/codeSamples";
import { CodeTabs } from "@/components/ui/CodeTabs";
import { formatUsd } from "@/lib/credits/money";
import { chargeFor } from "@/lib/metering/price";
import { BUNDLED_MODEL_ID, samplesFor, type SampleClip } from "@/lib/playground/samples";
import { AudioInput } from "./AudioInput";
import { formatSize, loadAudio, trimToLoudest, type LoadedAudio } from "./browserAudio";
import { OptionsPanel } from "./OptionsPanel";
import { defaultOptions, formFields, reconcile, requestFor, type PlaygroundModel, type RunOptions } from "./options";
import { ProblemNotice, type Problem } from "./ProblemNotice";
import { RunProgress } from "./RunProgress";
import { timedWords, type TimedWords, type VerboseTranscription } from "./transcript";
import { TranscriptView } from "./TranscriptView";
import { runPlayground, type RunPhase, type RunSuccess } from "./transport";
import { useRecorder } from "./useRecorder";
import { Waveform, type WaveformHandle } from "./Waveform";

export interface Viewer {
  signedIn: boolean;
  /** Available balance in micro-dollars, when signed in. */
  availableMicroUsd: number | null;
}

interface Finished {
  success: RunSuccess;
  timed: TimedWords;
  audioName: string;
}

type RunState = { kind: "idle" } | { kind: "active"; phase: RunPhase } | { kind: "done"; finished: Finished };

type Tab = "transcript" | "json" | "code";

/** Recordings for a one-second model may run this long; the loudest second is kept. */
const SHORT_MODEL_RECORDING_SECONDS = 10;
/** Longest recording otherwise. */
const MAX_RECORDING_SECONDS = 600;

/**
 * The in-page playground for one live model: audio in (file, microphone, sample), the model's own
 * options, the estimated then real cost, a run through the job queue (upload progress, queue position,
 * running time or live text; cancelling releases the hold), and the transcript with words that follow
 * playback. "Get code" shows the same request for the API.
 */
export function Playground({
  model,
  viewer: initialViewer,
  publicUrl,
  freeCreditLabel,
  maxUploadBytes,
  interestLimits,
  signInPath,
}: {
  model: PlaygroundModel;
  viewer: Viewer;
  publicUrl: string;
  freeCreditLabel: string | null;
  maxUploadBytes: number;
  interestLimits: { email: number; note: number };
  /** Where "sign in" returns to: this page. */
  signInPath: string;
}) {
  const [viewer, setViewer] = useState(initialViewer);
  const [options, setOptions] = useState<RunOptions>(() => defaultOptions(model));
  const [audio, setAudio] = useState<LoadedAudio | null>(null);
  const [sampleId, setSampleId] = useState<string | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [run, setRun] = useState<RunState>({ kind: "idle" });
  const [tab, setTab] = useState<Tab>("transcript");
  const [currentTime, setCurrentTime] = useState(0);
  const [playing, setPlaying] = useState(false);
  const [loading, setLoading] = useState(false);
  const [note, setNote] = useState<string | null>(null);
  const player = useRef<WaveformHandle | null>(null);
  const abort = useRef<AbortController | null>(null);
  const runButton = useRef<HTMLButtonElement>(null);
  const resultPanel = useRef<HTMLDivElement>(null);

  const samples = useMemo(() => samplesFor(model), [model]);
  const limitSeconds = model.maxAudioSeconds;
  const shortModel = limitSeconds !== undefined && limitSeconds <= 2;
  const request = useMemo(() => requestFor(model, options), [model, options]);
  // The object URL lives exactly as long as the audio it points at.
  const [audioUrl, setAudioUrl] = useState<string | null>(null);
  useEffect(() => {
    if (!audio) return setAudioUrl(null);
    const url = URL.createObjectURL(audio.blob);
    setAudioUrl(url);
    return () => URL.revokeObjectURL(url);
  }, [audio]);

  const signInHref = `/signin?callbackUrl=${encodeURIComponent(signInPath)}`;
  const free = !viewer.signedIn && model.id === BUNDLED_MODEL_ID && audio?.source === "sample" && !audio.trimmedFrom;
  const needsSignIn = !viewer.signedIn && !free;
  const running = run.kind === "active";
  const estimate = audio?.duration != null ? chargeFor(audio.duration, model.pricing.perMinuteMicroUsd) : null;
  const tooLong = audio?.duration != null && limitSeconds !== undefined && audio.duration > limitSeconds + 0.0005;

  const accept = useCallback(
    async (blob: Blob, name: string, source: LoadedAudio["source"], clip?: SampleClip) => {
      setProblem(null);
      setNote(null);
      setRun({ kind: "idle" });
      setCurrentTime(0);
      if (source !== "sample" && blob.size > maxUploadBytes) {
        setProblem({ kind: "too-large", name, bytes: blob.size, limitBytes: maxUploadBytes });
        return;
      }
      setLoading(true);
      const loaded = await loadAudio(blob, name, source);
      setLoading(false);
      if ("error" in loaded) {
        setProblem(loaded.error === "empty" ? { kind: "empty", name } : { kind: "unsupported", name });
        return;
      }
      let next = loaded;
      // A take longer than a one-second model hears is cut to where the speech is, and it says so.
      if (source === "recording" && shortModel && limitSeconds !== undefined && loaded.duration !== null && loaded.duration > limitSeconds) {
        next = trimToLoudest(loaded, limitSeconds);
        setNote(`Recorded ${loaded.duration.toFixed(1)} s; kept the loudest ${limitSeconds} s, which is what ${model.name} hears.`);
      } else if (limitSeconds !== undefined && loaded.duration !== null && loaded.duration > limitSeconds + 0.0005) {
        setProblem({ kind: "too-long", seconds: loaded.duration, limitSeconds, canTrim: limitSeconds <= 30 });
      }
      setSampleId(clip?.id ?? null);
      setAudio(next);
      window.setTimeout(() => runButton.current?.focus(), 0);
    },
    [limitSeconds, maxUploadBytes, model.name, shortModel],
  );

  const recorder = useRecorder({
    maxSeconds: shortModel ? SHORT_MODEL_RECORDING_SECONDS : Math.min(MAX_RECORDING_SECONDS, limitSeconds ?? MAX_RECORDING_SECONDS),
    onRecorded: (blob, name) => void accept(blob, name, "recording"),
  });
  const { state: recorderState, dismiss: dismissRecorder } = recorder;
  useEffect(() => {
    if (recorderState.kind === "problem") {
      setProblem({ kind: "mic", problem: recorderState.problem, detail: recorderState.detail });
      dismissRecorder();
    }
  }, [recorderState, dismissRecorder]);

  async function pickSample(clip: SampleClip) {
    setLoading(true);
    try {
      const response = await fetch(clip.path);
      const blob = await response.blob();
      await accept(blob, clip.path.split("/").pop() ?? `${clip.id}.wav`, "sample", clip);
    } finally {
      setLoading(false);
    }
  }

  function trim() {
    if (!audio || limitSeconds === undefined) return;
    setProblem(null);
    setNote(`Kept the loudest ${limitSeconds} s of ${audio.duration?.toFixed(1) ?? "?"} s.`);
    setSampleId(null);
    setAudio(trimToLoudest(audio, limitSeconds));
  }

  const refreshBalance = useCallback(async () => {
    try {
      const response = await fetch("/api/auth/me", { cache: "no-store" });
      const me = (await response.json()) as { signedIn: boolean; availableMicroUsd?: number };
      setViewer({ signedIn: me.signedIn, availableMicroUsd: me.availableMicroUsd ?? null });
      window.dispatchEvent(new Event(BALANCE_CHANGED_EVENT));
    } catch {
      // The balance shown stays as it was; the next run refreshes it.
    }
  }, []);

  async function start() {
    if (!audio || running || needsSignIn || tooLong) return;
    setProblem(null);
    setTab("transcript");
    const controller = new AbortController();
    abort.current = controller;
    setRun({ kind: "active", phase: { kind: "uploading", loaded: 0, total: audio.blob.size } });
    // On a phone the result sits below the controls: bring it into view.
    resultPanel.current?.scrollIntoView({ block: "nearest", behavior: "smooth" });
    const outcome = await runPlayground({
      task: request.task ?? "transcribe",
      fields: formFields(model, request),
      audio: audio.blob,
      fileName: audio.name,
      wordTimestamps: request.timestampGranularities?.includes("word") ?? false,
      onPhase: (phase) => setRun({ kind: "active", phase }),
      signal: controller.signal,
    });
    abort.current = null;
    if (outcome.ok) {
      const result: VerboseTranscription = { ...outcome.result, duration: outcome.result.duration ?? audio.duration ?? undefined };
      setRun({ kind: "done", finished: { success: { ...outcome, result }, timed: timedWords(result), audioName: audio.name } });
    } else {
      setRun({ kind: "idle" });
      setProblem({ kind: "server", failure: outcome });
    }
    if (viewer.signedIn) void refreshBalance();
  }

  // Ctrl/Cmd+Enter runs from anywhere in the playground.
  const root = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = root.current;
    if (!element) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Enter" && (event.metaKey || event.ctrlKey)) {
        event.preventDefault();
        runButton.current?.click();
      }
    };
    element.addEventListener("keydown", onKey);
    return () => element.removeEventListener("keydown", onKey);
  }, []);

  const finished = run.kind === "done" ? run.finished : null;
  const codeTabs = codeSamples(model, publicUrl, { ...request, fileName: audio?.name ?? "speech.wav" });

  return (
    <div ref={root} className="@container" data-testid="playground">
      <div className="grid gap-6 @3xl:grid-cols-[minmax(0,24rem)_minmax(0,1fr)]">
        {/* Left: audio, options, run */}
        <div className="min-w-0 space-y-5">
          <section aria-label="Audio" className="space-y-3">
            <AudioInput
              samples={samples}
              activeSampleId={sampleId}
              recorder={recorder.state}
              disabled={running || loading}
              hint={limitSeconds !== undefined ? `${model.name} hears up to ${limitSeconds} s per request` : null}
              onFile={(file) => void accept(file, file.name, "file")}
              onSample={(clip) => void pickSample(clip)}
              onRecord={() => {
                setProblem(null);
                void recorder.start();
              }}
              onStopRecording={recorder.stop}
              onCancelRecording={recorder.cancel}
            />
            {loading ? <p className="text-sm text-muted" role="status">Reading the audio…</p> : null}
            {audio && audioUrl ? (
              <div className="space-y-2 rounded-xl border border-line p-3" data-testid="audio-preview">
                <Waveform
                  key={audioUrl}
                  url={audioUrl}
                  peaks={audio.peaks}
                  duration={audio.duration}
                  onTime={setCurrentTime}
                  onPlayingChange={setPlaying}
                  onReady={(handle) => {
                    player.current = handle;
                  }}
                />
                <div className="flex items-center justify-between gap-2 text-xs text-muted">
                  <span className="min-w-0 truncate" data-testid="audio-name">
                    <span className="font-medium text-fg">{audio.name}</span> · {audio.format} · {formatSize(audio.blob.size)}
                    {audio.duration !== null ? ` · ${audio.duration.toFixed(2)} s` : ""}
                  </span>
                  <span className="flex shrink-0 gap-1">
                    {audio.source === "recording" ? (
                      <button type="button" className="rounded-md px-2 py-1 hover:bg-surface-2 hover:text-fg" onClick={() => void recorder.start()} disabled={running}>
                        Re-record
                      </button>
                    ) : null}
                    <button
                      type="button"
                      className="rounded-md px-2 py-1 hover:bg-surface-2 hover:text-fg"
                      disabled={running}
                      onClick={() => {
                        setAudio(null);
                        setSampleId(null);
                        setNote(null);
                        setProblem(null);
                        setRun({ kind: "idle" });
                      }}
                    >
                      Clear
                    </button>
                  </span>
                </div>
                {note ? <p className="text-xs text-muted" data-testid="audio-note">{note}</p> : null}
              </div>
            ) : null}
          </section>

          <section aria-label="Options">
            <OptionsPanel model={model} options={options} disabled={running} onChange={(change) => setOptions((o) => reconcile(model, { ...o, ...change }))} />
          </section>

          <section aria-label="Run" className="space-y-3 rounded-xl border border-line bg-surface p-4">
            <dl className="grid grid-cols-2 gap-2 text-sm">
              <div>
                <dt className="text-xs text-muted">Estimated cost</dt>
                <dd className="font-mono tabular-nums" data-testid="estimated-cost">
                  {!audio ? "—" : free ? "Free" : estimate ? formatUsd(estimate.costMicroUsd) : "after upload"}
                </dd>
                {audio && estimate && !free ? (
                  <dd className="text-xs text-muted">
                    {estimate.billedSeconds} s × {formatUsd(model.pricing.perMinuteMicroUsd)}/min
                  </dd>
                ) : null}
              </div>
              <div>
                <dt className="text-xs text-muted">Balance</dt>
                <dd className="font-mono tabular-nums" data-testid="playground-balance">
                  {viewer.signedIn && viewer.availableMicroUsd !== null ? formatUsd(viewer.availableMicroUsd) : "—"}
                </dd>
                {!viewer.signedIn ? (
                  <dd className="text-xs">
                    <Link href={signInHref} className="link">
                      Sign in{freeCreditLabel ? ` for ${freeCreditLabel} free` : ""}
                    </Link>
                  </dd>
                ) : null}
              </div>
            </dl>
            {viewer.signedIn && estimate && viewer.availableMicroUsd !== null && viewer.availableMicroUsd < estimate.costMicroUsd ? (
              <p className="text-xs text-danger" data-testid="shortfall">
                Your balance is short of this run&apos;s estimated cost.{" "}
                <Link href="/account#buy-credit" className="link font-medium">
                  Add credit
                </Link>
              </p>
            ) : null}
            {needsSignIn ? (
              <div className="space-y-2">
                <Link href={signInHref} className="btn btn-primary w-full">
                  Sign in to run{freeCreditLabel ? ` — ${freeCreditLabel} free credit` : ""}
                </Link>
                <p className="text-xs text-muted">
                  {model.id === BUNDLED_MODEL_ID
                    ? "Signed out, you can run the sample clips for free."
                    : `Signed out, you can try ${samples.length > 0 ? "the samples on " : ""}Moonshine Micro for free.`}
                </p>
              </div>
            ) : running ? (
              <button
                type="button"
                className="btn btn-secondary w-full"
                disabled={run.phase.kind === "cancelling"}
                onClick={() => abort.current?.abort()}
              >
                {run.phase.kind === "uploading" ? "Stop" : run.phase.kind === "cancelling" ? "Cancelling…" : "Cancel run"}
              </button>
            ) : (
              <button
                ref={runButton}
                type="button"
                className="btn btn-primary w-full"
                disabled={!audio || loading || tooLong}
                onClick={() => void start()}
                aria-keyshortcuts="Control+Enter Meta+Enter"
              >
                {options.task === "translate" ? "Translate" : "Transcribe"}
                <kbd className="hidden rounded border border-white/30 px-1 font-sans text-[10px] opacity-80 sm:inline">Ctrl ↵</kbd>
              </button>
            )}
          </section>
        </div>

        {/* Right: progress, result, code */}
        <div className="min-w-0 space-y-4">
          {problem ? (
            <ProblemNotice
              problem={problem}
              model={model}
              signInHref={signInHref}
              freeCreditLabel={freeCreditLabel}
              interestLimits={interestLimits}
              onTrim={trim}
              onDismiss={() => setProblem(null)}
            />
          ) : null}

          <div ref={resultPanel} className="scroll-mt-24 rounded-xl border border-line">
            <div role="tablist" aria-label="Result" className="flex gap-1 border-b border-line px-2">
              {(
                [
                  ["transcript", options.task === "translate" ? "Translation" : "Transcript"],
                  ["json", "JSON"],
                  ["code", "Get code"],
                ] as const
              ).map(([value, label]) => (
                <button
                  key={value}
                  type="button"
                  role="tab"
                  aria-selected={tab === value}
                  onClick={() => setTab(value)}
                  className={`-mb-px border-b-2 px-3 py-2.5 text-sm font-medium ${
                    tab === value ? "border-accent text-fg" : "border-transparent text-muted hover:text-fg"
                  }`}
                >
                  {label}
                </button>
              ))}
            </div>
            <div role="tabpanel" className="p-4">
              {tab === "code" ? (
                <div className="space-y-3">
                  <p className="text-sm text-muted">
                    The same request through the API, with the options above. Create a key on your{" "}
                    <Link href="/account#api-keys" className="link">
                      account page
                    </Link>{" "}
                    and set <code className="font-mono text-xs">GIGAROUTER_API_KEY</code>.
                  </p>
                  <CodeTabs tabs={codeTabs} ariaLabel={`Code for this ${model.name} request`} />
                </div>
              ) : run.kind === "active" ? (
                <RunProgress phase={run.phase} modelName={model.name} />
              ) : finished ? (
                tab === "json" ? (
                  <pre tabIndex={0} className="max-h-96 overflow-auto rounded-lg bg-code-bg p-4 font-mono text-xs text-code-fg" data-testid="result-json">
                    {JSON.stringify(finished.success.result, null, 2)}
                  </pre>
                ) : (
                  <TranscriptView
                    result={finished.success.result}
                    timed={finished.timed}
                    currentTime={currentTime}
                    following={playing || currentTime > 0}
                    audioName={finished.audioName}
                    onSeek={(seconds) => player.current?.playFrom(seconds)}
                  />
                )
              ) : (
                <EmptyResult hasAudio={audio !== null} />
              )}
            </div>
            {finished ? <RunFacts finished={finished} signedIn={viewer.signedIn} /> : null}
          </div>
        </div>
      </div>
    </div>
  );
}

function EmptyResult({ hasAudio }: { hasAudio: boolean }) {
  return (
    <p className="py-10 text-center text-sm text-muted">
      {hasAudio ? "Press Transcribe (or Ctrl ↵) to run the model." : "Drop a file, record, or pick a sample — the transcript appears here."}
    </p>
  );
}

function RunFacts({ finished, signedIn }: { finished: Finished; signedIn: boolean }) {
  const { success } = finished;
  const seconds = success.result.duration;
  return (
    <dl className="flex flex-wrap gap-x-6 gap-y-1 border-t border-line px-4 py-3 text-xs text-muted" data-testid="run-facts">
      {seconds !== undefined ? (
        <div className="flex gap-1">
          <dt>Audio</dt>
          <dd className="font-mono text-fg tabular-nums">{seconds.toFixed(2)} s</dd>
        </div>
      ) : null}
      {success.billedSeconds !== null ? (
        <div className="flex gap-1">
          <dt>Billed</dt>
          <dd className="font-mono text-fg tabular-nums">{success.billedSeconds} s</dd>
        </div>
      ) : null}
      <div className="flex gap-1">
        <dt>Cost</dt>
        <dd className="font-mono text-fg tabular-nums" data-testid="actual-cost">
          {success.costMicroUsd === 0 && !signedIn ? "Free" : formatUsd(success.costMicroUsd)}
        </dd>
      </div>
      <div className="flex gap-1">
        <dt>Time</dt>
        <dd className="font-mono text-fg tabular-nums">{Math.round(success.elapsedMs)} ms</dd>
      </div>
      {signedIn ? (
        <div className="ml-auto">
          <Link href="/activity" className="link">
            In your activity →
          </Link>
        </div>
      ) : null}
    </dl>
  );
}
