"use client";

import { useCallback, useEffect, useReducer, useRef, useState } from "react";
import { BALANCE_CHANGED_EVENT } from "@/components/auth/HeaderAccount";
import type { ServerEvent } from "@/lib/realtime/protocol";
import { CaptureError, startCapture, type Capture } from "./capture";
import { applyEvent, EMPTY_TRANSCRIPT } from "./liveTranscript";

/**
 * One live transcription session from the browser: a token from the site (paid by the signed-in
 * person), the realtime WebSocket, the microphone. Stop sends `session.close` and waits for the last
 * words and the usage.
 */

export type LivePhase = "idle" | "connecting" | "listening" | "finishing" | "ended";

export interface LiveProblem {
  kind: "sign-in" | "microphone" | "server";
  message: string;
}

const CLOSED_NORMALLY = new Set([1000, 4008, 4013]);

export function useLiveSession(modelId: string) {
  const [phase, setPhase] = useState<LivePhase>("idle");
  const [transcript, dispatch] = useReducer(
    (state: typeof EMPTY_TRANSCRIPT, action: ServerEvent | "reset") => (action === "reset" ? EMPTY_TRANSCRIPT : applyEvent(state, action)),
    EMPTY_TRANSCRIPT,
  );
  const [problem, setProblem] = useState<LiveProblem | null>(null);
  const [sentSeconds, setSentSeconds] = useState(0);
  const socket = useRef<WebSocket | null>(null);
  const capture = useRef<Capture | null>(null);

  const stopCapture = useCallback(async () => {
    const current = capture.current;
    capture.current = null;
    await current?.stop();
  }, []);

  const start = useCallback(async () => {
    dispatch("reset");
    setProblem(null);
    setSentSeconds(0);
    setPhase("connecting");
    const response = await fetch("/api/realtime/token", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ model: modelId }),
    }).catch(() => null);
    if (!response?.ok) {
      const body = (await response?.json().catch(() => null)) as { error?: { message?: string } } | null;
      setProblem({
        kind: response?.status === 401 ? "sign-in" : "server",
        message: body?.error?.message ?? "The live session could not be started.",
      });
      setPhase("idle");
      return;
    }
    const { token, model } = (await response.json()) as { token: string; model: string };
    const scheme = window.location.protocol === "https:" ? "wss:" : "ws:";
    const ws = new WebSocket(`${scheme}//${window.location.host}/v1/realtime?${new URLSearchParams({ model, token })}`);
    socket.current = ws;
    let sawEnd = false;

    ws.onmessage = (message) => {
      if (typeof message.data !== "string") return;
      const event = JSON.parse(message.data) as ServerEvent;
      dispatch(event);
      if (event.type === "session.created") {
        setPhase("listening");
        startCapture((pcm, samples) => {
          if (ws.readyState !== WebSocket.OPEN) return;
          ws.send(pcm);
          setSentSeconds((s) => s + samples / 16_000);
        }).then(
          (started) => {
            if (ws.readyState === WebSocket.OPEN) capture.current = started;
            else void started.stop();
          },
          (error: unknown) => {
            setProblem({ kind: "microphone", message: error instanceof CaptureError ? error.message : "The microphone could not be started." });
            ws.send(JSON.stringify({ type: "session.close" }));
            setPhase("finishing");
          },
        );
      } else if (event.type === "session.closed") {
        sawEnd = true;
        window.dispatchEvent(new Event(BALANCE_CHANGED_EVENT)); // the header shows the new balance
      } else if (event.type === "error") {
        sawEnd = true;
        setProblem({ kind: event.error.code === "insufficient_credit" ? "sign-in" : "server", message: event.error.message });
      }
    };
    ws.onclose = (close) => {
      void stopCapture();
      socket.current = null;
      if (!sawEnd && !CLOSED_NORMALLY.has(close.code)) {
        setProblem({ kind: "server", message: `The live session ended unexpectedly (${close.code}${close.reason ? `: ${close.reason}` : ""}).` });
      }
      setPhase("ended");
    };
  }, [modelId, stopCapture]);

  const stop = useCallback(async () => {
    await stopCapture();
    const ws = socket.current;
    if (ws?.readyState === WebSocket.OPEN) {
      ws.send(JSON.stringify({ type: "session.close" }));
      setPhase("finishing");
    } else {
      ws?.close();
      setPhase("ended");
    }
  }, [stopCapture]);

  // Leaving the page ends the session and frees the microphone.
  useEffect(
    () => () => {
      void capture.current?.stop();
      socket.current?.close();
    },
    [],
  );

  return { phase, transcript, problem, sentSeconds, start, stop };
}
