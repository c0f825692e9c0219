import type { ReactNode } from "react";

export type BadgeTone = "neutral" | "accent" | "live" | "soon";

const TONES: Record<BadgeTone, string> = {
  neutral: "border-line bg-surface text-fg",
  accent: "border-transparent bg-accent-soft text-accent",
  live: "border-transparent bg-live-soft text-live",
  soon: "border-transparent bg-soon-soft text-soon",
};

export function Badge({ tone = "neutral", children }: { tone?: BadgeTone; children: ReactNode }) {
  return (
    <span
      className={`inline-flex items-center gap-1 rounded-full border px-2.5 py-0.5 text-xs font-medium whitespace-nowrap ${TONES[tone]}`}
    >
      {children}
    </span>
  );
}
