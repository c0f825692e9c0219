import { describe, expect, it } from "vitest";
import { activitySearch, parseActivityQuery, toRequestFilters } from "./activityQuery";

describe("activity filters in the URL", () => {
  it("read what is valid and drop what is not", () => {
    const query = parseActivityQuery(
      new URLSearchParams("model=nvidia/canary-1b-flash&key=ck12&outcome=error&from=2026-01-02&to=2026-13-40&before=req_1"),
    );
    expect(query).toEqual({ model: "nvidia/canary-1b-flash", key: "ck12", outcome: "error", from: "2026-01-02", to: null, before: "req_1" });
    expect(parseActivityQuery({ outcome: "maybe", key: "a b", before: "x;y" })).toMatchObject({ outcome: null, key: null, before: null });
  });

  it("select whole UTC days, `to` included", () => {
    const filters = toRequestFilters(parseActivityQuery({ from: "2026-03-01", to: "2026-03-01", outcome: "success" }));
    expect(filters.from?.toISOString()).toBe("2026-03-01T00:00:00.000Z");
    expect(filters.to?.toISOString()).toBe("2026-03-02T00:00:00.000Z");
    expect(filters.outcome).toBe("success");
  });

  it("write links that keep the filters and drop the page cursor unless asked", () => {
    const query = parseActivityQuery({ model: "m", before: "req_9" });
    expect(activitySearch(query)).toBe("?model=m");
    expect(activitySearch(query, { before: "req_3" })).toBe("?model=m&before=req_3");
    expect(activitySearch(parseActivityQuery({}))).toBe("");
  });
});
