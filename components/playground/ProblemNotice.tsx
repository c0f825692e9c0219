"use client";

import Link from "next/link";
import type { ReactNode } from "react";
import { InterestForm } from "@/components/forms/InterestForm";
import { formatUsd } from "@/lib/credits/money";
import { SUPPORTED_FORMATS_TEXT } from "./audioFormat";
import { formatSize } from "./browserAudio";
import type { PlaygroundModel } from "./options";
import type { RunFailure } from "./transport";
import type { MicProblem } from "./useRecorder";

/** Something went wrong that the person can do something about, and what. */
export type Problem =
  | { kind: "unsupported"; name: string }
  | { kind: "empty"; name: string }
  | { kind: "too-large"; name: string; bytes: number; limitBytes: number }
  | { kind: "too-long"; seconds: number; limitSeconds: number; canTrim: boolean }
  | { kind: "mic"; problem: MicProblem; detail: string }
  | { kind: "server"; failure: RunFailure };

export function ProblemNotice({
  problem,
  model,
  signInHref,
  freeCreditLabel,
  interestLimits,
  onTrim,
  onDismiss,
}: {
  problem: Problem;
  model: PlaygroundModel;
  signInHref: string;
  freeCreditLabel: string | null;
  interestLimits: { email: number; note: number };
  onTrim(): void;
  onDismiss(): void;
}) {
  const { title, body, actions } = describe(problem, { model, signInHref, freeCreditLabel, interestLimits, onTrim });
  return (
    <div role="alert" data-testid="playground-problem" className="space-y-3 rounded-xl border border-danger/30 bg-bg p-4">
      <div className="flex items-start justify-between gap-3">
        <div className="space-y-1">
          <p className="font-semibold text-danger">{title}</p>
          <div className="text-sm leading-relaxed">{body}</div>
        </div>
        <button type="button" onClick={onDismiss} className="rounded-md px-2 py-1 text-xs text-muted hover:bg-surface-2" aria-label="Dismiss">
          ✕
        </button>
      </div>
      {actions ? <div className="flex flex-wrap gap-2">{actions}</div> : null}
    </div>
  );
}

interface Context {
  model: PlaygroundModel;
  signInHref: string;
  freeCreditLabel: string | null;
  interestLimits: { email: number; note: number };
  onTrim(): void;
}

function describe(problem: Problem, ctx: Context): { title: string; body: ReactNode; actions?: ReactNode } {
  const signIn = (
    <Link href={ctx.signInHref} className="btn btn-primary">
      {ctx.freeCreditLabel ? `Sign in for ${ctx.freeCreditLabel} free credit` : "Sign in"}
    </Link>
  );
  const trim = (limit: number) => (
    <button type="button" className="btn btn-primary" onClick={ctx.onTrim}>
      Use the loudest {limit} s
    </button>
  );
  switch (problem.kind) {
    case "unsupported":
      return {
        title: "This file is not audio the models can read",
        body: (
          <>
            <span className="font-medium">{problem.name}</span> is none of: {SUPPORTED_FORMATS_TEXT}. Export or convert it to one of
            those (WAV or FLAC keep every detail) and drop it again.
          </>
        ),
      };
    case "empty":
      return { title: "This file is empty", body: <><span className="font-medium">{problem.name}</span> has no bytes in it. Pick another file.</> };
    case "too-large":
      return {
        title: "This file is too large",
        body: `${problem.name} is ${formatSize(problem.bytes)}; one request takes up to ${formatSize(problem.limitBytes)}. Cut it shorter or export it compressed (FLAC, MP3 or Opus).`,
      };
    case "too-long":
      return {
        title: "This audio is too long for this model",
        body: `It is ${problem.seconds.toFixed(2)} s long; ${ctx.model.name} takes up to ${problem.limitSeconds} s per request.${
          problem.canTrim ? ` Keep the loudest ${problem.limitSeconds} s — where the speech is — or pick a shorter clip.` : " Cut it shorter or pick another model."
        }`,
        ...(problem.canTrim ? { actions: trim(problem.limitSeconds) } : {}),
      };
    case "mic":
      return micProblem(problem.problem, problem.detail);
    case "server":
      return serverProblem(problem.failure, ctx, signIn, trim);
  }
}

function micProblem(problem: MicProblem, detail: string): { title: string; body: ReactNode } {
  switch (problem) {
    case "denied":
      return {
        title: "The microphone is blocked",
        body: "This site is not allowed to use your microphone. Allow it from the icon at the left of the address bar (site settings → Microphone → Allow), then press Record again. Or drop a file instead.",
      };
    case "no-device":
      return { title: "No microphone found", body: "Plug in or turn on a microphone and press Record again, or drop a file instead." };
    case "unsupported":
      return { title: "This browser cannot record", body: "Recording needs MediaRecorder (current Chrome, Edge, Firefox or Safari). Drop a file instead." };
    case "failed":
      return { title: "The microphone could not start", body: `${detail} Close other apps that use it and press Record again.` };
  }
}

function serverProblem(
  failure: RunFailure,
  ctx: Context,
  signIn: ReactNode,
  trim: (limit: number) => ReactNode,
): { title: string; body: ReactNode; actions?: ReactNode } {
  const reference = failure.requestId ? <span className="mt-1 block font-mono text-xs text-muted">Request {failure.requestId}</span> : null;
  if (failure.code === "sign_in_required" || failure.status === 401) {
    return { title: "Sign in to run this", body: failure.message, actions: signIn };
  }
  if (failure.status === 402) {
    const required = failure.requiredMicroUsd;
    const available = failure.availableMicroUsd;
    return {
      title: "Not enough credit",
      body:
        required !== undefined && available !== undefined
          ? `This run costs ${formatUsd(required)} and your balance is ${formatUsd(available)}. Add credit and run it again.`
          : failure.message,
      actions: (
        <Link href="/account#buy-credit" className="btn btn-primary">
          Add credit
        </Link>
      ),
    };
  }
  if (failure.code === "model_not_live") {
    return {
      title: `${ctx.model.name} is coming soon`,
      body: (
        <div className="space-y-3">
          <p>It cannot run yet. Leave your email and we will tell you the day it launches.</p>
          <InterestForm modelId={ctx.model.id} modelName={ctx.model.name} initialWaiting={0} limits={ctx.interestLimits} />
        </div>
      ),
    };
  }
  if (failure.code === "audio_too_long") {
    const limit = ctx.model.maxAudioSeconds;
    return {
      title: "This audio is too long for this model",
      body: failure.message,
      ...(limit !== undefined && limit <= 30 ? { actions: trim(limit) } : {}),
    };
  }
  if (failure.status === 415 || failure.code === "unsupported_audio_format" || failure.code === "unsupported_file_type") {
    return { title: "This file is not audio the models can read", body: `${failure.message} Supported: ${SUPPORTED_FORMATS_TEXT}.` };
  }
  if (failure.status === 429) return { title: "Slow down a little", body: failure.message };
  if (failure.code === "aborted") return { title: "Stopped", body: "The run was stopped before it finished; nothing was charged." };
  if (failure.code === "cancelled") return { title: "Cancelled", body: "The run was cancelled before it finished: the hold on your balance was released and nothing was charged." };
  if (failure.status === 0) return { title: "No connection", body: failure.message };
  return {
    title: failure.status >= 500 ? "The model could not finish" : "The run was refused",
    body: (
      <>
        {failure.message}
        {reference}
      </>
    ),
  };
}
