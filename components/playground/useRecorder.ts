"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { meterLevel } from "./pcm";

/**
 * Microphone recording with MediaRecorder, plus a live input level (Web Audio analyser) so people
 * can see they are being heard. Stops by itself at `maxSeconds`.
 */

export type MicProblem = "denied" | "no-device" | "unsupported" | "failed";

export type RecorderState =
  | { kind: "idle" }
  | { kind: "starting" }
  | { kind: "recording"; seconds: number; level: number }
  | { kind: "problem"; problem: MicProblem; detail: string };

/** Containers the engine decodes, in the order browsers are likely to support them. */
const MIME_TYPES = ["audio/webm;codecs=opus", "audio/webm", "audio/ogg;codecs=opus", "audio/mp4"];

export function useRecorder({ maxSeconds, onRecorded }: { maxSeconds: number; onRecorded(blob: Blob, name: string): void }) {
  const [state, setState] = useState<RecorderState>({ kind: "idle" });
  const session = useRef<{ stop(keep: boolean): void } | null>(null);
  const onRecordedRef = useRef(onRecorded);
  onRecordedRef.current = onRecorded;

  const start = useCallback(async () => {
    if (session.current) return;
    if (typeof navigator === "undefined" || !navigator.mediaDevices?.getUserMedia || typeof MediaRecorder === "undefined") {
      setState({ kind: "problem", problem: "unsupported", detail: "This browser cannot record audio." });
      return;
    }
    setState({ kind: "starting" });
    let stream: MediaStream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: { channelCount: 1, echoCancellation: true, noiseSuppression: true } });
    } catch (error) {
      const name = error instanceof DOMException ? error.name : "";
      const problem: MicProblem =
        name === "NotAllowedError" || name === "SecurityError" ? "denied" : name === "NotFoundError" || name === "OverconstrainedError" ? "no-device" : "failed";
      setState({ kind: "problem", problem, detail: error instanceof Error ? error.message : String(error) });
      return;
    }

    const mimeType = MIME_TYPES.find((type) => MediaRecorder.isTypeSupported(type));
    const recorder = new MediaRecorder(stream, mimeType ? { mimeType } : undefined);
    const chunks: Blob[] = [];
    let keep = true;
    recorder.ondataavailable = (event) => {
      if (event.data.size > 0) chunks.push(event.data);
    };

    const audio = new AudioContext();
    const analyser = audio.createAnalyser();
    analyser.fftSize = 1024;
    audio.createMediaStreamSource(stream).connect(analyser);
    const block = new Float32Array(analyser.fftSize);
    const startedAt = performance.now();
    let frame = 0;
    const tick = () => {
      analyser.getFloatTimeDomainData(block);
      const seconds = (performance.now() - startedAt) / 1000;
      setState({ kind: "recording", seconds, level: meterLevel(block) });
      if (seconds >= maxSeconds) stop(true);
      else frame = requestAnimationFrame(tick);
    };

    const stop = (keepIt: boolean) => {
      if (session.current === null) return;
      session.current = null;
      keep = keepIt;
      cancelAnimationFrame(frame);
      if (recorder.state !== "inactive") recorder.stop();
      else finish();
    };
    const finish = () => {
      stream.getTracks().forEach((track) => track.stop());
      void audio.close();
      setState({ kind: "idle" });
      if (!keep || chunks.length === 0) return;
      const type = recorder.mimeType || mimeType || "audio/webm";
      const extension = type.includes("mp4") ? "m4a" : type.includes("ogg") ? "ogg" : "webm";
      onRecordedRef.current(new Blob(chunks, { type }), `recording.${extension}`);
    };
    recorder.onstop = finish;

    session.current = { stop };
    recorder.start(250);
    frame = requestAnimationFrame(tick);
  }, [maxSeconds]);

  const stop = useCallback(() => session.current?.stop(true), []);
  const cancel = useCallback(() => session.current?.stop(false), []);
  const dismiss = useCallback(() => setState({ kind: "idle" }), []);

  useEffect(() => () => session.current?.stop(false), []);

  return { state, start, stop, cancel, dismiss };
}
