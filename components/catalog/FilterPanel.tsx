import type { ReactNode } from "react";
import type { ModelQuery } from "@/lib/catalog/query";
import type { Option } from "./browseOptions";

/**
 * The browse filters. Every control belongs to the GET form `formId` (by the `form` attribute), so the
 * panel can sit in a sidebar while the search box and sort sit above the results.
 */
export function FilterPanel({
  formId,
  query,
  languages,
  licenses,
  activeCount,
}: {
  formId: string;
  query: ModelQuery;
  languages: Option[];
  licenses: Option[];
  activeCount: number;
}) {
  const streaming = query.streaming === undefined ? "" : query.streaming ? "true" : "false";
  return (
    <details className="filters-disclosure rounded-xl border border-line lg:border-0" open={activeCount > 0}>
      <summary className="flex items-center justify-between px-4 py-3 font-medium lg:hidden">
        <span>
          Filters{activeCount > 0 ? <span className="text-muted"> ({activeCount} active)</span> : null}
        </span>
        <span aria-hidden="true" className="text-muted">▾</span>
      </summary>
      <div className="space-y-5 border-t border-line p-4 lg:border-0 lg:p-0">
        <RadioGroup
          formId={formId}
          legend="Task"
          name="task"
          value={query.task ?? ""}
          options={[
            { value: "", label: "Any" },
            { value: "transcription", label: "Transcription" },
            { value: "translation", label: "Translation" },
          ]}
        />
        <RadioGroup
          formId={formId}
          legend="Status"
          name="status"
          value={query.status ?? ""}
          options={[
            { value: "", label: "Any" },
            { value: "live", label: "Live now" },
            { value: "coming_soon", label: "Coming soon" },
          ]}
        />
        <RadioGroup
          formId={formId}
          legend="Mode"
          name="streaming"
          value={streaming}
          options={[
            { value: "", label: "Any" },
            { value: "true", label: "Streaming" },
            { value: "false", label: "Batch only" },
          ]}
        />
        <Select formId={formId} id="filter-language" label="Language" name="language" value={query.language ?? ""}>
          <option value="">Any language</option>
          {languages.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </Select>
        <Select formId={formId} id="filter-timestamps" label="Timestamps" name="timestamps" value={query.timestamps ?? ""}>
          <option value="">Not needed</option>
          <option value="any">Any timestamps</option>
          <option value="word">Word-level</option>
          <option value="segment">Segment-level</option>
        </Select>
        <Select formId={formId} id="filter-license" label="License" name="license" value={query.license ?? ""}>
          <option value="">Any license</option>
          {licenses.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </Select>
        <button type="submit" form={formId} className="btn btn-primary w-full">
          Apply filters
        </button>
      </div>
    </details>
  );
}

function RadioGroup({
  formId,
  legend,
  name,
  value,
  options,
}: {
  formId: string;
  legend: string;
  name: string;
  value: string;
  options: { value: string; label: string }[];
}) {
  return (
    <fieldset>
      <legend className="mb-1.5 text-sm font-medium">{legend}</legend>
      <div className="flex flex-wrap gap-1.5">
        {options.map((o) => {
          const id = `filter-${name}-${o.value || "any"}`;
          return (
            <div key={id}>
              <input
                type="radio"
                id={id}
                name={name}
                value={o.value}
                form={formId}
                defaultChecked={o.value === value}
                className="peer sr-only"
              />
              <label
                htmlFor={id}
                className="block cursor-pointer rounded-full border border-line px-3 py-1 text-sm text-muted peer-checked:border-accent peer-checked:bg-accent-soft peer-checked:text-accent peer-focus-visible:outline-2 peer-focus-visible:outline-offset-2 peer-focus-visible:outline-accent hover:text-fg"
              >
                {o.label}
              </label>
            </div>
          );
        })}
      </div>
    </fieldset>
  );
}

function Select({
  formId,
  id,
  label,
  name,
  value,
  children,
}: {
  formId: string;
  id: string;
  label: string;
  name: string;
  value: string;
  children: ReactNode;
}) {
  return (
    <div className="space-y-1.5">
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
      </label>
      <select id={id} name={name} form={formId} defaultValue={value} className="field">
        {children}
      </select>
    </div>
  );
}
