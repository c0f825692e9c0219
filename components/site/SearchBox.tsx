/** A plain GET search that lands on /models?q=…; works with no script. */
export function SearchBox({ id, size = "md", autoFocus = false }: { id: string; size?: "md" | "lg"; autoFocus?: boolean }) {
  const big = size === "lg";
  return (
    <form action="/models" method="get" role="search" className="flex w-full gap-2">
      <label htmlFor={id} className="sr-only">
        Search models by name or organisation
      </label>
      <input
        id={id}
        name="q"
        type="search"
        maxLength={100}
        autoFocus={autoFocus}
        placeholder="whisper, parakeet, nvidia…"
        className={`field ${big ? "h-12 text-base" : "h-10"}`}
      />
      <button type="submit" className={`btn btn-primary ${big ? "h-12 px-5" : "h-10"}`}>
        Search
      </button>
    </form>
  );
}
