import { describe, expect, it } from "vitest";
import { parseModelQuery } from "@/lib/catalog/query";
import { activeFilters } from "./activeFilters";

describe("activeFilters", () => {
  it("names each filter in force and links to the same view without just that one", () => {
    const query = parseModelQuery({ task: "translation", language: "de", sort: "wer", q: "nvidia" });
    const chips = activeFilters(query);
    expect(chips.map((c) => c.label)).toEqual(["“nvidia”", "Translation", "German"]);
    const task = chips.find((c) => c.key === "task");
    expect(task?.removeHref).toBe("/models?q=nvidia&language=de&sort=wer");
  });

  it("shows no chips for an unfiltered catalog, even when sorted", () => {
    expect(activeFilters(parseModelQuery({ sort: "price" }))).toEqual([]);
  });
});
