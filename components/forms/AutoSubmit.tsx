"use client";

import { useEffect } from "react";

/**
 * Progressive enhancement for GET filter forms: once JS runs, changing a select, checkbox or radio
 * submits the form (text inputs still wait for Enter or the button). Without JS the form's own submit
 * button does the same job.
 */
export function AutoSubmit({ formId }: { formId: string }) {
  useEffect(() => {
    // Controls tied to the form by the `form` attribute live outside it, so listen on the document.
    const listener = (event: Event) => {
      const target = event.target;
      const isChoice =
        target instanceof HTMLSelectElement ||
        (target instanceof HTMLInputElement && (target.type === "checkbox" || target.type === "radio"));
      if (isChoice && target.form?.id === formId) target.form.requestSubmit();
    };
    document.addEventListener("change", listener);
    return () => document.removeEventListener("change", listener);
  }, [formId]);

  return null;
}
