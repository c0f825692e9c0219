"use client";

import { CopyButton } from "@/components/ui/CopyButton";
import { activeWordIndex, DOWNLOAD_FORMATS, downloadName, formatTranscript, playerTime, type DownloadFormat, type TimedWords, type VerboseTranscription } from "./transcript";

/**
 * The transcript as words that light up while the audio plays; clicking one plays from it. Copy and
 * download (TXT, SRT, VTT, JSON) sit above it.
 */
export function TranscriptView({
  result,
  timed,
  currentTime,
  following,
  audioName,
  onSeek,
}: {
  result: VerboseTranscription;
  timed: TimedWords;
  currentTime: number;
  /** Playback has started: only then does a word light up (at rest, the first word is not "being spoken"). */
  following: boolean;
  audioName: string;
  onSeek(seconds: number): void;
}) {
  const active = following ? activeWordIndex(timed.words, currentTime) : -1;
  const empty = result.text.trim() === "";

  function download(format: DownloadFormat) {
    const spec = DOWNLOAD_FORMATS.find((f) => f.format === format)!;
    const url = URL.createObjectURL(new Blob([formatTranscript(result, format)], { type: spec.mime }));
    const link = document.createElement("a");
    link.href = url;
    link.download = downloadName(audioName, format);
    document.body.append(link);
    link.click();
    link.remove();
    window.setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div className="flex items-center gap-1" role="group" aria-label="Download transcript">
          <span className="mr-1 text-xs text-muted">Download</span>
          {DOWNLOAD_FORMATS.map(({ format, label }) => (
            <button
              key={format}
              type="button"
              onClick={() => download(format)}
              className="rounded-md border border-line px-2 py-1 text-xs font-medium hover:bg-surface-2"
              aria-label={`Download ${label}`}
            >
              {label}
            </button>
          ))}
        </div>
        <CopyButton text={result.text.trim()} label="Copy text" className="border border-line hover:bg-surface-2" />
      </div>

      {empty ? (
        <p className="rounded-lg bg-surface p-4 text-sm text-muted" data-testid="transcript">
          No speech was heard in this audio.
        </p>
      ) : (
        <p className="rounded-lg bg-surface p-4 text-lg leading-relaxed" data-testid="transcript" lang={undefined}>
          {timed.words.map((word, i) => (
            <span key={`${i}-${word.start}`}>
              <button
                type="button"
                onClick={() => onSeek(word.start)}
                title={`Play from ${playerTime(word.start)}`}
                aria-current={i === active ? "true" : undefined}
                data-start={word.start}
                className={`rounded px-0.5 transition-colors ${
                  i === active ? "bg-accent text-accent-fg" : "hover:bg-accent-soft hover:text-accent"
                }`}
              >
                {word.text}
              </button>{" "}
            </span>
          ))}
        </p>
      )}
      {!empty && timed.approximate ? (
        <p className="text-xs text-muted">Word times are spread over the model&apos;s segments: this model does not time single words.</p>
      ) : null}
    </div>
  );
}
