import { languageLabel } from "@/lib/catalog/format";

/**
 * Languages by name. Long lists (Whisper's hundred) show the first few and open the rest on demand
 * with a native disclosure, so a specs or compare row stays a row.
 */
export function LanguageList({ codes, visible = 10 }: { codes: readonly string[]; visible?: number }) {
  const names = codes.map(languageLabel);
  if (names.length <= visible + 2) return <>{names.join(", ")}</>;
  return (
    <details className="group">
      <summary className="list-none [&::-webkit-details-marker]:hidden">
        {names.slice(0, visible).join(", ")}
        <span className="group-open:hidden">, </span>
        <span className="link whitespace-nowrap group-open:hidden">+ {names.length - visible} more</span>
      </summary>
      <span>, {names.slice(visible).join(", ")}</span>
    </details>
  );
}
