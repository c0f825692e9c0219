"use client";

import { useId } from "react";
import { ACCELERATION_CHOICES, optionSet, type Acceleration, type PlaygroundModel, type RunOptions, type Task } from "./options";

/** The model's options, and only those it has (see options.ts). */
export function OptionsPanel({
  model,
  options,
  disabled,
  onChange,
}: {
  model: PlaygroundModel;
  options: RunOptions;
  disabled: boolean;
  onChange(next: Partial<RunOptions>): void;
}) {
  const id = useId();
  const set = optionSet(model, options);
  const translating = options.task === "translate" && set.targets !== null;

  return (
    <fieldset disabled={disabled} className="space-y-4">
      <legend className="sr-only">Options</legend>
      {set.targets ? (
        <div role="radiogroup" aria-label="Task" className="grid grid-cols-2 rounded-lg border border-line bg-surface p-0.5 text-sm">
          {(["transcribe", "translate"] as Task[]).map((task) => (
            <button
              key={task}
              type="button"
              role="radio"
              aria-checked={options.task === task}
              onClick={() => onChange({ task })}
              className={`rounded-md px-3 py-1.5 font-medium ${options.task === task ? "bg-bg shadow-sm" : "text-muted hover:text-fg"}`}
            >
              {task === "transcribe" ? "Transcribe" : "Translate"}
            </button>
          ))}
        </div>
      ) : null}

      <div className="grid gap-3 sm:grid-cols-2">
        {set.languages ? (
          <label className="block space-y-1 text-sm">
            <span className="font-medium">{translating ? "From" : "Language"}</span>
            <select className="field" value={options.language} onChange={(e) => onChange({ language: e.target.value })}>
              {set.languages.map((choice) => (
                <option key={choice.value} value={choice.value}>
                  {choice.label}
                </option>
              ))}
            </select>
          </label>
        ) : set.onlyLanguage ? (
          <div className="space-y-1 text-sm">
            <span className="block font-medium">{translating ? "From" : "Language"}</span>
            <p className="py-2 text-muted">{set.onlyLanguage.label}</p>
          </div>
        ) : null}
        {translating && set.targets ? (
          <label className="block space-y-1 text-sm">
            <span className="font-medium">Into</span>
            <select className="field" value={options.targetLanguage} onChange={(e) => onChange({ targetLanguage: e.target.value })}>
              {set.targets.map((choice) => (
                <option key={choice.value} value={choice.value}>
                  {choice.label}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        {set.acceleration ? (
          <label className="block space-y-1 text-sm sm:col-span-2">
            <span className="font-medium">Acceleration</span>
            <select
              className="field"
              value={options.acceleration}
              onChange={(e) => onChange({ acceleration: e.target.value as Acceleration })}
            >
              {ACCELERATION_CHOICES.map((a) => (
                <option key={a.value} value={a.value}>
                  {a.label}
                </option>
              ))}
            </select>
          </label>
        ) : null}
      </div>

      {set.punctuation || set.wordTimestamps ? (
        <div className="flex flex-wrap gap-x-5 gap-y-2 text-sm">
          {set.punctuation ? (
            <label htmlFor={`${id}-pnc`} className="flex items-center gap-2">
              <input
                id={`${id}-pnc`}
                type="checkbox"
                className="size-4 accent-[var(--accent)]"
                checked={options.punctuation}
                onChange={(e) => onChange({ punctuation: e.target.checked })}
              />
              Punctuation &amp; capitals
            </label>
          ) : null}
          {set.wordTimestamps ? (
            <label htmlFor={`${id}-ts`} className="flex items-center gap-2">
              <input
                id={`${id}-ts`}
                type="checkbox"
                className="size-4 accent-[var(--accent)]"
                checked={options.wordTimestamps}
                onChange={(e) => onChange({ wordTimestamps: e.target.checked })}
              />
              Word timestamps
            </label>
          ) : null}
        </div>
      ) : null}
    </fieldset>
  );
}
