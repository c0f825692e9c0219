/** The wordmark: a small waveform glyph and the name. Decorative glyph, so the text carries the meaning. */
export function Logo() {
  return (
    <span className="inline-flex items-center gap-2 font-semibold tracking-tight">
      <svg aria-hidden="true" viewBox="0 0 20 20" className="size-5 text-accent" fill="currentColor">
        <rect x="1" y="8" width="2.5" height="4" rx="1.25" />
        <rect x="5.5" y="5" width="2.5" height="10" rx="1.25" />
        <rect x="10" y="2" width="2.5" height="16" rx="1.25" />
        <rect x="14.5" y="6" width="2.5" height="8" rx="1.25" />
      </svg>
      <span>gigarouter</span>
    </span>
  );
}
