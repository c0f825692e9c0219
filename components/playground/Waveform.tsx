"use client";

import { useEffect, useRef, useState } from "react";
import type WaveSurfer from "wavesurfer.js";
import { playerTime } from "./transcript";

export interface WaveformHandle {
  /** Moves the playhead to `seconds` and plays from there. */
  playFrom(seconds: number): void;
  playPause(): void;
}

/**
 * The audio as a waveform (wavesurfer.js) with play/pause and the time. Click or drag the waveform to
 * seek. Peaks come from the page's own decode, so wavesurfer does not decode the file a second time.
 * wavesurfer draws on a canvas, which cannot read CSS variables: the theme colours are read once here.
 */
export function Waveform({
  url,
  peaks,
  duration,
  onTime,
  onPlayingChange,
  onReady,
}: {
  url: string;
  peaks: Float32Array | null;
  duration: number | null;
  onTime(seconds: number): void;
  onPlayingChange?(playing: boolean): void;
  onReady(handle: WaveformHandle): void;
}) {
  const container = useRef<HTMLDivElement>(null);
  const surfer = useRef<WaveSurfer | null>(null);
  const [playing, setPlaying] = useState(false);
  const [time, setTime] = useState(0);
  const [total, setTotal] = useState(duration ?? 0);
  const [failed, setFailed] = useState(false);
  const onTimeRef = useRef(onTime);
  const onReadyRef = useRef(onReady);
  const onPlayingRef = useRef(onPlayingChange);
  onPlayingRef.current = onPlayingChange;
  onTimeRef.current = onTime;
  onReadyRef.current = onReady;

  useEffect(() => {
    let cancelled = false;
    let instance: WaveSurfer | null = null;
    void import("wavesurfer.js").then(({ default: WaveSurferClass }) => {
      if (cancelled || !container.current) return;
      const css = getComputedStyle(document.documentElement);
      const color = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
      instance = WaveSurferClass.create({
        container: container.current,
        height: 72,
        waveColor: color("--line", "#dfe2e7"),
        progressColor: color("--accent", "#4338ca"),
        cursorColor: color("--fg", "#111318"),
        cursorWidth: 1,
        barWidth: 2,
        barGap: 1,
        barRadius: 2,
        normalize: true,
        dragToSeek: true,
        // wavesurfer loads these itself once created; a second load() would supersede it.
        url,
        ...(peaks && duration ? { peaks: [peaks], duration } : {}),
      });
      surfer.current = instance;
      instance.on("timeupdate", (t) => {
        setTime(t);
        onTimeRef.current(t);
      });
      const playingNow = (value: boolean) => {
        setPlaying(value);
        onPlayingRef.current?.(value);
      };
      instance.on("play", () => playingNow(true));
      instance.on("pause", () => playingNow(false));
      instance.on("finish", () => playingNow(false));
      instance.on("ready", (d) => setTotal(d));
      instance.on("error", () => {
        if (!cancelled) setFailed(true);
      });
      const live = instance;
      onReadyRef.current({
        playFrom(seconds) {
          live.setTime(seconds);
          setTime(seconds);
          onTimeRef.current(seconds);
          void live.play();
        },
        playPause() {
          void live.playPause();
        },
      });
    });
    return () => {
      cancelled = true;
      instance?.destroy();
      surfer.current = null;
    };
  }, [url, peaks, duration]);

  return (
    <div className="flex items-center gap-3">
      <button
        type="button"
        onClick={() => void surfer.current?.playPause()}
        className="grid size-10 shrink-0 place-items-center rounded-full bg-accent text-accent-fg hover:opacity-90"
        aria-label={playing ? "Pause" : "Play"}
        aria-pressed={playing}
      >
        {playing ? (
          <svg aria-hidden="true" viewBox="0 0 16 16" className="size-4 fill-current">
            <rect x="3" y="2" width="3.5" height="12" rx="1" />
            <rect x="9.5" y="2" width="3.5" height="12" rx="1" />
          </svg>
        ) : (
          <svg aria-hidden="true" viewBox="0 0 16 16" className="size-4 fill-current">
            <path d="M4 2.5v11a1 1 0 0 0 1.5.86l9-5.5a1 1 0 0 0 0-1.72l-9-5.5A1 1 0 0 0 4 2.5Z" />
          </svg>
        )}
      </button>
      <div className="min-w-0 flex-1">
        {failed ? (
          <p className="py-6 text-center text-xs text-muted">This browser cannot play this format; the model can still read it.</p>
        ) : (
          <div ref={container} data-testid="waveform" className="w-full cursor-pointer" />
        )}
      </div>
      <p className="shrink-0 font-mono text-xs text-muted tabular-nums" aria-live="off">
        <span data-testid="playback-time" className="text-fg">
          {playerTime(time)}
        </span>{" "}
        / {playerTime(total)}
      </p>
    </div>
  );
}
