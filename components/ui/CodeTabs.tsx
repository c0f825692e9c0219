"use client";

import { useId, useRef, useState, type KeyboardEvent } from "react";
import { CopyButton } from "./CopyButton";

export interface CodeTab {
  label: string;
  code: string;
}

/**
 * Code samples in one box, one tab per language (WAI-ARIA tabs: arrow keys move between tabs).
 * The first tab is rendered on the server, so the box reads correctly before hydration.
 */
export function CodeTabs({ tabs, ariaLabel }: { tabs: CodeTab[]; ariaLabel: string }) {
  const [active, setActive] = useState(0);
  const baseId = useId();
  const tabRefs = useRef<(HTMLButtonElement | null)[]>([]);
  const current = tabs[active] ?? tabs[0];
  if (!current) return null;

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const step = event.key === "ArrowRight" ? 1 : event.key === "ArrowLeft" ? -1 : 0;
    if (step === 0) return;
    event.preventDefault();
    const next = (active + step + tabs.length) % tabs.length;
    setActive(next);
    tabRefs.current[next]?.focus();
  }

  return (
    <div className="overflow-hidden rounded-xl border border-line bg-code-bg text-code-fg">
      <div className="flex items-center justify-between gap-2 border-b border-white/10 px-2">
        <div role="tablist" aria-label={ariaLabel} className="flex" onKeyDown={onKeyDown}>
          {tabs.map((tab, i) => (
            <button
              key={tab.label}
              ref={(el) => {
                tabRefs.current[i] = el;
              }}
              id={`${baseId}-tab-${i}`}
              type="button"
              role="tab"
              aria-selected={i === active}
              aria-controls={`${baseId}-panel`}
              tabIndex={i === active ? 0 : -1}
              onClick={() => setActive(i)}
              className={`border-b-2 px-3 py-2 text-xs font-medium ${
                i === active ? "border-[#a5b4fc] text-white" : "border-transparent text-[#b9bec8] hover:text-white"
              }`}
            >
              {tab.label}
            </button>
          ))}
        </div>
        <CopyButton text={current.code} className="text-[#dfe3ea] hover:bg-white/10" />
      </div>
      <div role="tabpanel" id={`${baseId}-panel`} aria-labelledby={`${baseId}-tab-${active}`}>
        <pre tabIndex={0} className="overflow-x-auto p-4 text-[13px] leading-relaxed">
          <code className="font-mono">{current.code}</code>
        </pre>
      </div>
    </div>
  );
}
