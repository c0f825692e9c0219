import { describe, expect, it } from "vitest";
import { ledgerSearch, parseLedgerQuery, toEntryFilters } from "./ledgerFilters";

describe("ledger filters in the URL", () => {
  it("reads kind and whole UTC days, with an inclusive end day", () => {
    const query = parseLedgerQuery({ kind: "purchase", from: "2026-03-01", to: "2026-03-31" });
    expect(toEntryFilters(query)).toEqual({
      kinds: ["purchase"],
      from: new Date("2026-03-01T00:00:00Z"),
      to: new Date("2026-04-01T00:00:00Z"),
    });
  });

  it("drops values it does not understand instead of failing", () => {
    expect(parseLedgerQuery({ kind: "bogus", from: "yesterday", to: "2026-13-45", before: "a b" })).toEqual({
      kind: null,
      from: null,
      to: null,
      before: null,
    });
  });

  it("writes the same filters back as a query string, paging cursor only when asked", () => {
    const query = parseLedgerQuery(new URLSearchParams("kind=refund&from=2026-01-02&before=abc"));
    expect(ledgerSearch(query)).toBe("?kind=refund&from=2026-01-02");
    expect(ledgerSearch(query, { before: "xyz" })).toBe("?kind=refund&from=2026-01-02&before=xyz");
    expect(ledgerSearch(parseLedgerQuery({}))).toBe("");
  });
});
