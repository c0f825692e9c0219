"use client";

import { useEffect } from "react";

/**
 * Progressive enhancement for GET filter forms: once JS runs, changing a select, checkbox or radio
 * submits the form (text inputs still wait for Enter or the button). Without JS the form's own submit
 * button does the same job.
 *
 * The filter controls are re-rendered from the new URL after each navigation, which replaces the
 * focused element; focus is put back on the control with the same id, so keyboard users (arrow keys
 * in a radio group) keep their place.
 */
export function AutoSubmit({ formId }: { formId: string }) {
  useEffect(() => {
    // Controls tied to the form by the `form` attribute live outside it, so listen on the document.
    const listener = (event: Event) => {
      const target = event.target;
      const isChoice =
        target instanceof HTMLSelectElement ||
        (target instanceof HTMLInputElement && (target.type === "checkbox" || target.type === "radio"));
      if (!isChoice || target.form?.id !== formId) return;
      target.form.requestSubmit();
      if (target.id) restoreFocus(target, target.id);
    };
    document.addEventListener("change", listener);
    return () => document.removeEventListener("change", listener);
  }, [formId]);

  return null;
}

const RESTORE_FOR_MS = 5000;

function restoreFocus(previous: Element, id: string) {
  const started = performance.now();
  const step = () => {
    const next = document.getElementById(id);
    const focusLost = document.activeElement === null || document.activeElement === document.body;
    if (next && next !== previous) {
      if (focusLost) next.focus();
      return;
    }
    if (performance.now() - started < RESTORE_FOR_MS) requestAnimationFrame(step);
  };
  requestAnimationFrame(step);
}
