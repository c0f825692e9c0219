import { describe, expect, it } from "vitest";
import { safeReturnPath } from "./return-path";

describe("safeReturnPath", () => {
  it("keeps same-site paths", () => {
    expect(safeReturnPath("/account")).toBe("/account");
    expect(safeReturnPath("/models/nvidia/canary-1b-flash?x=1#faq")).toBe("/models/nvidia/canary-1b-flash?x=1#faq");
  });

  it("refuses anything that could leave the site", () => {
    for (const value of ["https://evil.example/", "//evil.example", "/\\evil.example", "evil", "", null, undefined, 42]) {
      expect(safeReturnPath(value)).toBe("/account");
    }
  });
});
